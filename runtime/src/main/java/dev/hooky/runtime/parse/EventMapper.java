package dev.hooky.runtime.parse;

import static dev.hooky.runtime.parse.DataFields.ACTION_ID;
import static dev.hooky.runtime.parse.DataFields.BROADCAST_ID;
import static dev.hooky.runtime.parse.DataFields.CAMPAIGN_ID;
import static dev.hooky.runtime.parse.DataFields.CONTENT;
import static dev.hooky.runtime.parse.DataFields.CONTENT_ID;
import static dev.hooky.runtime.parse.DataFields.CUSTOMER_ID;
import static dev.hooky.runtime.parse.DataFields.DELIVERY_ID;
import static dev.hooky.runtime.parse.DataFields.EMAIL_ADDRESS;
import static dev.hooky.runtime.parse.DataFields.FAILURE_MESSAGE;
import static dev.hooky.runtime.parse.DataFields.HREF;
import static dev.hooky.runtime.parse.DataFields.INBOUND_EVENT_ID;
import static dev.hooky.runtime.parse.DataFields.JOURNEY_ID;
import static dev.hooky.runtime.parse.DataFields.LINK_ID;
import static dev.hooky.runtime.parse.DataFields.MACHINE;
import static dev.hooky.runtime.parse.DataFields.NEWSLETTER_ID;
import static dev.hooky.runtime.parse.DataFields.PARENT_ACTION_ID;
import static dev.hooky.runtime.parse.DataFields.PREFETCHED;
import static dev.hooky.runtime.parse.DataFields.PROXIED;
import static dev.hooky.runtime.parse.DataFields.RECIPIENT;
import static dev.hooky.runtime.parse.DataFields.SUBJECT;
import static dev.hooky.runtime.parse.DataFields.SYNTHETIC;
import static dev.hooky.runtime.parse.DataFields.TO;
import static dev.hooky.runtime.parse.DataFields.TRACKED_RESPONSE;
import static dev.hooky.runtime.parse.DataFields.TRANSACTIONAL_MESSAGE_ID;
import static dev.hooky.runtime.parse.DataFields.TRIGGER_EVENT_ID;
import static dev.hooky.runtime.parse.DataFields.TRIGGER_ID;

import dev.hooky.customerio.CustomerIoEventType;
import dev.hooky.customerio.event.Attribution;
import dev.hooky.customerio.event.CustomerEvent;
import dev.hooky.customerio.event.CustomerIoEvent;
import dev.hooky.customerio.event.EmailEvent;
import dev.hooky.customerio.event.Identifiers;
import dev.hooky.customerio.event.InAppEvent;
import dev.hooky.customerio.event.PushEvent;
import dev.hooky.customerio.event.SlackEvent;
import dev.hooky.customerio.event.SmsEvent;
import dev.hooky.customerio.event.UnknownEvent;
import dev.hooky.customerio.event.WebhookEvent;
import dev.hooky.customerio.event.WhatsAppEvent;
import java.time.Instant;
import java.util.Optional;

/** Turns the fields of one payload into the typed record of its channel. */
final class EventMapper {
  private EventMapper() {}

  static CustomerIoEvent toEvent(String eventId, String objectType, String metric,
      Optional<Instant> timestamp, DataFields data, String dataJson) {
    Optional<CustomerIoEventType> known = resolve(objectType, metric,
        data.has(EMAIL_ADDRESS), data.has(RECIPIENT));
    if (known.isEmpty()) {
      return new UnknownEvent(eventId, objectType, metric, timestamp, data.identifiers(),
          text(data, CUSTOMER_ID), dataJson);
    }
    CustomerIoEventType type = known.get();
    Identifiers identifiers = data.identifiers();
    String customerId = text(data, CUSTOMER_ID);
    String deliveryId = text(data, DELIVERY_ID);
    Attribution attribution = attribution(data);
    String recipient = text(data, RECIPIENT);
    String failure = text(data, FAILURE_MESSAGE);
    String href = text(data, HREF);
    Long linkId = id(data, LINK_ID);
    String content = text(data, CONTENT);
    switch (type.channel()) {
      case CUSTOMER:
        return new CustomerEvent(eventId, type, objectType, timestamp, identifiers, customerId,
            text(data, EMAIL_ADDRESS), deliveryId, attribution, content, dataJson);
      case EMAIL:
        return new EmailEvent(eventId, type, timestamp, identifiers, customerId, deliveryId,
            attribution, recipient, text(data, SUBJECT), failure, href, linkId,
            Fields.flag(data.get(MACHINE)), Fields.flag(data.get(PROXIED)),
            Fields.flag(data.get(PREFETCHED)), Fields.flag(data.get(SYNTHETIC)), content,
            data.headers(), dataJson);
      case PUSH:
        return new PushEvent(eventId, type, timestamp, identifiers, customerId, deliveryId,
            attribution, data.recipients(), failure, href, linkId, content, dataJson);
      case SMS:
        return new SmsEvent(eventId, type, timestamp, identifiers, customerId, deliveryId,
            attribution, recipient, failure, href, linkId, content,
            text(data, INBOUND_EVENT_ID), text(data, TO), dataJson);
      case WHATSAPP:
        return new WhatsAppEvent(eventId, type, timestamp, identifiers, customerId, deliveryId,
            attribution, recipient, failure, href, linkId, content,
            text(data, INBOUND_EVENT_ID), text(data, TO), dataJson);
      case SLACK:
        return new SlackEvent(eventId, type, timestamp, identifiers, customerId, deliveryId,
            attribution, recipient, failure, href, linkId, content, dataJson);
      case WEBHOOK:
        return new WebhookEvent(eventId, type, timestamp, identifiers, customerId, deliveryId,
            attribution, recipient, failure, href, linkId, content, dataJson);
      case IN_APP:
        return new InAppEvent(eventId, type, timestamp, identifiers, customerId, deliveryId,
            attribution, recipient, failure, href, linkId, text(data, TRACKED_RESPONSE),
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
  static Optional<CustomerIoEventType> resolve(
      String objectType, String metric, boolean emailAddress, boolean recipient) {
    Optional<CustomerIoEventType> type = CustomerIoEventType.fromPayload(objectType, metric);
    if (type.equals(Optional.of(CustomerIoEventType.EMAIL_UNSUBSCRIBED)) && emailAddress
        && !recipient) {
      return Optional.of(CustomerIoEventType.CUSTOMER_UNSUBSCRIBED);
    }
    return type;
  }

  private static String text(DataFields data, int slot) {
    return Fields.text(data.get(slot));
  }

  private static Long id(DataFields data, int slot) {
    return Fields.id(data.get(slot));
  }

  private static Attribution attribution(DataFields data) {
    return new Attribution(id(data, CAMPAIGN_ID), id(data, BROADCAST_ID),
        id(data, TRIGGER_ID), id(data, NEWSLETTER_ID), id(data, CONTENT_ID),
        id(data, TRANSACTIONAL_MESSAGE_ID), Fields.name(data.get(TRANSACTIONAL_MESSAGE_ID)),
        id(data, ACTION_ID), id(data, PARENT_ACTION_ID), text(data, JOURNEY_ID),
        text(data, TRIGGER_EVENT_ID));
  }
}
