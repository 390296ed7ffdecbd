package dev.hooky.testkit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hooky.customerio.Channel;
import dev.hooky.customerio.CustomerIoEventType;

/**
 * The default payload of each event type, in the shapes of Customer.io's schema (reference §2.3 to
 * §2.6): identifiers, attribution varied by event (campaign, broadcast, newsletter, and
 * transactional for email and push), the channel's recipient and the metric's own fields.
 */
final class PayloadShapes {
  private static final ObjectMapper JSON = new ObjectMapper();

  private PayloadShapes() {}

  static ObjectNode payload(CustomerIoEventType type, String eventId, long timestamp) {
    ObjectNode root = JSON.createObjectNode();
    root.put("event_id", eventId);
    root.put("object_type", type.objectType());
    root.put("metric", type.metric());
    root.put("timestamp", timestamp);
    ObjectNode data = root.putObject("data");
    data.put("customer_id", "42");
    ObjectNode identifiers = data.putObject("identifiers");
    identifiers.put("id", "42");
    identifiers.put("email", "test@example.com");
    identifiers.put("cio_id", "d9c106000001");
    if (type.channel() == Channel.CUSTOMER) {
      data.put("email_address", "test@example.com");
      if (type == CustomerIoEventType.CUSTOMER_SUBSCRIPTION_PREFERENCES_CHANGED) {
        data.put("content", "{\"topics\":{\"topic_7\":false,\"topic_8\":true}}");
      }
      return root;
    }
    data.put("delivery_id", "RPILAgUBcRhIBqSfeiIwdIYJKxTY");
    attribute(data, type);
    recipient(data, type);
    metricFields(data, type);
    return root;
  }

  private static void metricFields(ObjectNode data, CustomerIoEventType type) {
    switch (type.metric()) {
      case "clicked":
        data.put("href", "https://example.com/offer");
        data.put("link_id", 3);
        if (type.channel() == Channel.IN_APP) {
          data.put("tracked_response", "upgrade-button");
        }
        if (type.channel() == Channel.EMAIL) {
          data.put("machine", false);
        }
        break;
      case "attempted":
      case "bounced":
      case "dropped":
      case "failed":
      case "undeliverable":
      case "deferred":
        data.put("failure_message", "Something went wrong!");
        break;
      case "sent":
        data.put("content", type.channel() == Channel.EMAIL
            ? "<html><body>Hello!</body></html>" : "Hello!");
        break;
      case "opened":
        if (type.channel() == Channel.EMAIL) {
          data.put("proxied", false);
          data.put("prefetched", false);
          data.put("synthetic", false);
        }
        break;
      case "replied":
        data.put("inbound_event_id", "01HZX3T4INBOUND0000000000");
        data.put("to", "+15557654321");
        break;
      default:
        break;
    }
  }

  /** Varies what sent the message by the event's position in the catalog. */
  private static void attribute(ObjectNode data, CustomerIoEventType type) {
    boolean transactionalAllowed =
        type.channel() == Channel.EMAIL || type.channel() == Channel.PUSH;
    switch (type.ordinal() % (transactionalAllowed ? 4 : 3)) {
      case 0:
        data.put("campaign_id", 5);
        data.put("action_id", 96);
        data.put("journey_id", "01GW20GXAAXBKZD8J96M8FNV3R");
        break;
      case 1:
        data.put("broadcast_id", 9);
        data.put("trigger_id", 1);
        data.put("action_id", 42);
        break;
      case 2:
        data.put("newsletter_id", 10);
        data.put("content_id", 3);
        break;
      default:
        data.put("transactional_message_id", 7);
        break;
    }
  }

  private static void recipient(ObjectNode data, CustomerIoEventType type) {
    switch (type.channel()) {
      case EMAIL:
        data.put("recipient", "test@example.com");
        data.put("subject", "Welcome aboard");
        break;
      case PUSH:
        ObjectNode device = data.putArray("recipients").addObject();
        device.put("device_id", "fcm-token-abc");
        device.put("device_platform", "android");
        break;
      case SMS:
      case WHATSAPP:
        data.put("recipient", "+15551234567");
        break;
      case SLACK:
        data.put("recipient", "#general");
        break;
      case WEBHOOK:
        data.put("recipient", "https://example.com/hook");
        break;
      case IN_APP:
        data.put("recipient", "42");
        break;
      default:
        break;
    }
  }
}
