package dev.hooky.testkit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hooky.customerio.Channel;
import dev.hooky.customerio.CustomerIoEventType;
import java.util.Set;

/**
 * The default payload of each event type, in the shapes of Customer.io's schema (reference §2.3 to
 * §2.6): identifiers, attribution varied by event (campaign, broadcast, newsletter, and
 * transactional for email and push), and exactly the fields the schema gives the event's channel
 * and metric. An event whose schema has no {@code recipient} (drafted, attempted, failed and
 * undeliverable outside email, {@code in_app_opened}) gets none; push names its devices instead.
 * The few events Customer.io lists without a schema ({@code email_deferred}, {@code sms_dropped},
 * {@code slack_converted}, {@code webhook_converted}) follow their channel's nearest metric.
 */
final class PayloadShapes {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** The metrics of a message that did not reach anyone: no recipient outside email. */
  private static final Set<String> NOT_SENT =
      Set.of("drafted", "attempted", "failed", "undeliverable");

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
    Channel channel = type.channel();
    switch (type.metric()) {
      case "clicked":
        data.put("href", "https://example.com/offer");
        data.put("link_id", 3);
        if (channel == Channel.IN_APP) {
          data.put("tracked_response", "upgrade-button");
        }
        if (channel == Channel.EMAIL) {
          data.put("machine", false);
        }
        break;
      case "bounced":
      case "dropped":
        if (channel != Channel.PUSH) {
          // Push reports the failure per device, in recipients[].failure_message.
          data.put("failure_message", "Something went wrong!");
        }
        break;
      case "attempted":
      case "failed":
      case "undeliverable":
      case "deferred":
        data.put("failure_message", "Something went wrong!");
        break;
      case "sent":
        data.put("content", channel == Channel.EMAIL
            ? "<html><body>Hello!</body></html>" : "Hello!");
        break;
      case "opened":
        if (channel == Channel.EMAIL) {
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
    if (!hasRecipient(type)) {
      return;
    }
    switch (type.channel()) {
      case EMAIL:
        data.put("recipient", "test@example.com");
        data.put("subject", "Welcome aboard");
        break;
      case PUSH:
        ObjectNode device = data.putArray("recipients").addObject();
        device.put("device_id", "fcm-token-abc");
        device.put("device_platform", "android");
        if (type.metric().equals("bounced") || type.metric().equals("dropped")) {
          device.put("failure_message", "BadDeviceToken");
        }
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

  /**
   * Whether the schema names who the message went to: {@code recipient} (with {@code subject} for
   * email), or push's {@code recipients}. Email has them on every metric but {@code attempted};
   * the other channels not before the message is sent, nor when it failed, nor on {@code
   * in_app_opened}.
   */
  private static boolean hasRecipient(CustomerIoEventType type) {
    String metric = type.metric();
    if (type.channel() == Channel.EMAIL) {
      return !metric.equals("attempted");
    }
    if (type.channel() == Channel.IN_APP && metric.equals("opened")) {
      return false;
    }
    return !NOT_SENT.contains(metric);
  }
}
