package dev.hooky.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hooky.customerio.Channel;
import dev.hooky.customerio.CustomerIoEventType;
import java.io.IOException;
import java.time.Instant;
import java.util.Objects;

/**
 * Builds a realistic payload of one event type, in the shape Customer.io documents for its channel
 * and metric, with setters for the fields a test cares about. Start from {@link CustomerIoFixtures}.
 */
public final class FixtureBuilder {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String[] ATTRIBUTION = {"campaign_id", "broadcast_id", "trigger_id",
      "newsletter_id", "content_id", "transactional_message_id", "action_id", "journey_id",
      "parent_action_id", "trigger_event_id"};

  private final CustomerIoEventType type;
  private final ObjectNode root;
  private final ObjectNode data;

  FixtureBuilder(CustomerIoEventType type, String eventId, Instant timestamp) {
    this.type = type;
    this.root = PayloadShapes.payload(type, eventId, timestamp.getEpochSecond());
    this.data = (ObjectNode) root.get("data");
  }

  public FixtureBuilder eventId(String eventId) {
    root.put("event_id", Objects.requireNonNull(eventId, "eventId == null"));
    return this;
  }

  /** When the event happened. */
  public FixtureBuilder timestamp(Instant timestamp) {
    root.put("timestamp", timestamp.getEpochSecond());
    return this;
  }

  /**
   * The {@code object_type} as sent; e.g. {@code email} for a customer event triggered from an
   * email.
   */
  public FixtureBuilder objectType(String objectType) {
    root.put("object_type", objectType);
    return this;
  }

  /** The person's id, in {@code identifiers.id} and the older {@code customer_id}. */
  public FixtureBuilder customerId(String customerId) {
    identifiers().put("id", customerId);
    data.put("customer_id", customerId);
    return this;
  }

  /** The person's email address in {@code identifiers.email}. */
  public FixtureBuilder email(String email) {
    identifiers().put("email", email);
    if (type.channel() == Channel.CUSTOMER) {
      data.put("email_address", email);
    }
    return this;
  }

  public FixtureBuilder deliveryId(String deliveryId) {
    data.put("delivery_id", deliveryId);
    return this;
  }

  /** {@code recipient}: an address, phone number, channel or URL, by channel. */
  public FixtureBuilder recipient(String recipient) {
    data.put("recipient", recipient);
    return this;
  }

  public FixtureBuilder subject(String subject) {
    data.put("subject", subject);
    return this;
  }

  public FixtureBuilder failureMessage(String failureMessage) {
    data.put("failure_message", failureMessage);
    return this;
  }

  /** A clicked link and its tracked link id. */
  public FixtureBuilder link(String href, long linkId) {
    data.put("href", href);
    data.put("link_id", linkId);
    return this;
  }

  public FixtureBuilder content(String content) {
    data.put("content", content);
    return this;
  }

  /** Sent by campaign {@code campaignId} (other attribution ids are removed). */
  public FixtureBuilder campaign(long campaignId) {
    clearAttribution();
    data.put("campaign_id", campaignId);
    data.put("action_id", 96);
    return this;
  }

  /** Sent by broadcast {@code broadcastId}, triggered through the API. */
  public FixtureBuilder broadcast(long broadcastId) {
    clearAttribution();
    data.put("broadcast_id", broadcastId);
    data.put("trigger_id", 1);
    data.put("action_id", 42);
    return this;
  }

  /** Sent by newsletter {@code newsletterId}. */
  public FixtureBuilder newsletter(long newsletterId) {
    clearAttribution();
    data.put("newsletter_id", newsletterId);
    data.put("content_id", 3);
    return this;
  }

  /** Sent as transactional message {@code messageId} (Customer.io: email and push only). */
  public FixtureBuilder transactional(long messageId) {
    clearAttribution();
    data.put("transactional_message_id", messageId);
    return this;
  }

  /**
   * Sent as the transactional message named {@code name}, e.g. {@code password_reset}: Customer.io
   * sends a message by its id or by its name, and {@code transactional_message_id} carries either.
   */
  public FixtureBuilder transactional(String name) {
    clearAttribution();
    data.put("transactional_message_id", Objects.requireNonNull(name, "name == null"));
    return this;
  }

  /**
   * Sets any field by its dotted path from the payload's root, e.g. {@code data.customer_id} or
   * {@code data.identifiers.cio_id}; intermediate objects are created. {@code value} is read as a
   * JSON literal when it is one ({@code 42}, {@code true}, {@code "42"}, {@code {...}}) and as a
   * string otherwise.
   */
  public FixtureBuilder set(String path, String value) {
    String[] parts = Objects.requireNonNull(path, "path == null").split("\\.");
    ObjectNode parent = root;
    for (int i = 0; i < parts.length - 1; i++) {
      JsonNode child = parent.get(parts[i]);
      parent = child instanceof ObjectNode ? (ObjectNode) child : parent.putObject(parts[i]);
    }
    parent.set(parts[parts.length - 1], literal(value));
    return this;
  }

  /**
   * Removes the field at the dotted path from the payload's root, e.g. {@code timestamp} or {@code
   * data.proxied}; nothing happens when there is none.
   */
  public FixtureBuilder remove(String path) {
    String[] parts = Objects.requireNonNull(path, "path == null").split("\\.");
    JsonNode parent = root;
    for (int i = 0; i < parts.length - 1 && parent != null; i++) {
      parent = parent.get(parts[i]);
    }
    if (parent instanceof ObjectNode) {
      ((ObjectNode) parent).remove(parts[parts.length - 1]);
    }
    return this;
  }

  public CustomerIoFixture build() {
    return new CustomerIoFixture(root.toString());
  }

  private ObjectNode identifiers() {
    JsonNode identifiers = data.get("identifiers");
    return identifiers instanceof ObjectNode
        ? (ObjectNode) identifiers : data.putObject("identifiers");
  }

  private void clearAttribution() {
    for (String field : ATTRIBUTION) {
      data.remove(field);
    }
  }

  private static JsonNode literal(String value) {
    if (value == null) {
      return JSON.nullNode();
    }
    try {
      JsonNode parsed = JSON.readTree(value);
      return parsed == null || parsed.isMissingNode()
          ? JSON.getNodeFactory().textNode(value) : parsed;
    } catch (IOException notJson) {
      return JSON.getNodeFactory().textNode(value);
    }
  }
}
