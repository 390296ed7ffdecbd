package dev.hooky.runtime.parse;

import static dev.hooky.runtime.parse.Fields.flag;
import static dev.hooky.runtime.parse.Fields.id;
import static dev.hooky.runtime.parse.Fields.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.hooky.customerio.CustomerIoEventType;
import dev.hooky.customerio.event.Attribution;
import dev.hooky.customerio.event.CustomerEvent;
import dev.hooky.customerio.event.CustomerIoEvent;
import dev.hooky.customerio.event.EmailEvent;
import dev.hooky.customerio.event.Identifiers;
import dev.hooky.customerio.event.InAppEvent;
import dev.hooky.customerio.event.PushEvent;
import dev.hooky.customerio.event.PushRecipient;
import dev.hooky.customerio.event.SlackEvent;
import dev.hooky.customerio.event.SmsEvent;
import dev.hooky.customerio.event.UnknownEvent;
import dev.hooky.customerio.event.WebhookEvent;
import dev.hooky.customerio.event.WhatsAppEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Turns the fields of one payload into the typed record of its channel. */
final class EventMapper {
  private EventMapper() {}

  static CustomerIoEvent toEvent(String eventId, String objectType, String metric,
      Optional<Instant> timestamp, JsonNode data, String dataJson) {
    if (data == null) {
      data = MissingNode.getInstance();
    }
    Optional<CustomerIoEventType> known = resolve(objectType, metric, data);
    if (known.isEmpty()) {
      return new UnknownEvent(eventId, objectType, metric, timestamp, identifiers(data),
          text(data, "customer_id"), dataJson);
    }
    CustomerIoEventType type = known.get();
    Identifiers identifiers = identifiers(data);
    String customerId = text(data, "customer_id");
    String deliveryId = text(data, "delivery_id");
    Attribution attribution = attribution(data);
    String recipient = text(data, "recipient");
    String failure = text(data, "failure_message");
    String href = text(data, "href");
    Long linkId = id(data, "link_id");
    String content = text(data, "content");
    switch (type.channel()) {
      case CUSTOMER:
        return new CustomerEvent(eventId, type, objectType, timestamp, identifiers, customerId,
            text(data, "email_address"), deliveryId, attribution, content, dataJson);
      case EMAIL:
        return new EmailEvent(eventId, type, timestamp, identifiers, customerId, deliveryId,
            attribution, recipient, text(data, "subject"), failure, href, linkId,
            flag(data, "machine"), flag(data, "proxied"), flag(data, "prefetched"),
            flag(data, "synthetic"), content, Fields.stringLists(data, "headers"), dataJson);
      case PUSH:
        return new PushEvent(eventId, type, timestamp, identifiers, customerId, deliveryId,
            attribution, recipients(data), failure, href, linkId, content, dataJson);
      case SMS:
        return new SmsEvent(eventId, type, timestamp, identifiers, customerId, deliveryId,
            attribution, recipient, failure, href, linkId, content,
            text(data, "inbound_event_id"), text(data, "to"), dataJson);
      case WHATSAPP:
        return new WhatsAppEvent(eventId, type, timestamp, identifiers, customerId, deliveryId,
            attribution, recipient, failure, href, linkId, content,
            text(data, "inbound_event_id"), text(data, "to"), dataJson);
      case SLACK:
        return new SlackEvent(eventId, type, timestamp, identifiers, customerId, deliveryId,
            attribution, recipient, failure, href, linkId, content, dataJson);
      case WEBHOOK:
        return new WebhookEvent(eventId, type, timestamp, identifiers, customerId, deliveryId,
            attribution, recipient, failure, href, linkId, content, dataJson);
      case IN_APP:
        return new InAppEvent(eventId, type, timestamp, identifiers, customerId, deliveryId,
            attribution, recipient, failure, href, linkId, text(data, "tracked_response"),
            content, dataJson);
      default:
        throw new AssertionError("unhandled channel " + type.channel());
    }
  }

  /**
   * The catalog type. {@code (email, unsubscribed)} is both the message-level {@code
   * email_unsubscribed} and a customer-level unsubscribe triggered from an email; only the latter
   * has an {@code email_address} and no {@code recipient}.
   */
  private static Optional<CustomerIoEventType> resolve(
      String objectType, String metric, JsonNode data) {
    return resolve(objectType, metric, data.has("email_address"), data.has("recipient"));
  }

  /** {@link #resolve(String, String, JsonNode)} from whether data has those two fields. */
  static Optional<CustomerIoEventType> resolve(
      String objectType, String metric, boolean emailAddress, boolean recipient) {
    Optional<CustomerIoEventType> type = CustomerIoEventType.fromPayload(objectType, metric);
    if (type.equals(Optional.of(CustomerIoEventType.EMAIL_UNSUBSCRIBED)) && emailAddress
        && !recipient) {
      return Optional.of(CustomerIoEventType.CUSTOMER_UNSUBSCRIBED);
    }
    return type;
  }

  private static Identifiers identifiers(JsonNode data) {
    JsonNode node = data.get("identifiers");
    if (node == null || !node.isObject()) {
      return Identifiers.NONE;
    }
    return new Identifiers(text(node, "id"), text(node, "email"), text(node, "cio_id"));
  }

  private static Attribution attribution(JsonNode data) {
    return new Attribution(id(data, "campaign_id"), id(data, "broadcast_id"),
        id(data, "trigger_id"), id(data, "newsletter_id"), id(data, "content_id"),
        id(data, "transactional_message_id"), Fields.name(data, "transactional_message_id"),
        id(data, "action_id"),
        id(data, "parent_action_id"), text(data, "journey_id"), text(data, "trigger_event_id"));
  }

  private static List<PushRecipient> recipients(JsonNode data) {
    JsonNode node = data.get("recipients");
    List<PushRecipient> recipients = new ArrayList<>();
    if (node != null && node.isArray()) {
      for (JsonNode device : node) {
        if (device.isObject()) {
          recipients.add(new PushRecipient(text(device, "device_id"),
              text(device, "device_platform"), text(device, "failure_message")));
        }
      }
    }
    return recipients;
  }
}
