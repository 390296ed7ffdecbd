package dev.hooky.customerio.event;

import dev.hooky.customerio.Channel;
import dev.hooky.customerio.CustomerIoEventType;
import java.time.Instant;
import java.util.Optional;

/** Builds event records for tests, with only the required fields set unless told otherwise. */
public final class TestEvents {
  public static final String EVENT_ID = "01E4C4CT6YDC7Y5M7FE1GWWPQJ";
  public static final Instant TIMESTAMP = Instant.ofEpochSecond(1_613_063_089L);
  /** {@link #TIMESTAMP} as the records hold it. */
  public static final Optional<Instant> SENT = Optional.of(TIMESTAMP);

  private TestEvents() {}

  /** An event of {@code type}, as the record of its own channel. */
  public static CustomerIoEvent of(CustomerIoEventType type) {
    return record(type.channel(), type, EVENT_ID, TIMESTAMP);
  }

  /**
   * The record this factory uses for {@code channel} (chosen here, not through {@link
   * Channel#eventClass()}), built with {@code type}, which it may reject.
   */
  public static CustomerIoEvent record(Channel channel, CustomerIoEventType type) {
    return record(channel, type, EVENT_ID, TIMESTAMP);
  }

  /**
   * Like {@link #record(Channel, CustomerIoEventType)}, with the given id and timestamp ({@code
   * null} for none).
   */
  public static CustomerIoEvent record(
      Channel channel, CustomerIoEventType type, String eventId, Instant instant) {
    Optional<Instant> timestamp = Optional.ofNullable(instant);
    return switch (channel) {
      case CUSTOMER -> customer(type, null, eventId, instant);
      case EMAIL -> new EmailEvent(eventId, type, timestamp, null, null, null, null, null, null,
          null, null, null, null, null, null, null, null, null, null);
      case PUSH -> new PushEvent(eventId, type, timestamp, null, null, null, null, null, null, null,
          null, null, null);
      case SMS -> new SmsEvent(eventId, type, timestamp, null, null, null, null, null, null, null,
          null, null, null, null, null);
      case SLACK -> new SlackEvent(eventId, type, timestamp, null, null, null, null, null, null,
          null, null, null, null);
      case WEBHOOK -> new WebhookEvent(eventId, type, timestamp, null, null, null, null, null, null,
          null, null, null, null);
      case IN_APP -> new InAppEvent(eventId, type, timestamp, null, null, null, null, null, null,
          null, null, null, null, null);
      case WHATSAPP -> new WhatsAppEvent(eventId, type, timestamp, null, null, null, null, null,
          null, null, null, null, null, null, null);
    };
  }

  /** A customer event of {@code type} that arrived with {@code objectType}. */
  public static CustomerEvent customer(CustomerIoEventType type, String objectType) {
    return customer(type, objectType, EVENT_ID, TIMESTAMP);
  }

  private static CustomerEvent customer(
      CustomerIoEventType type, String objectType, String eventId, Instant timestamp) {
    return new CustomerEvent(eventId, type, objectType, Optional.ofNullable(timestamp), null, null,
        null, null, null, null, null);
  }

  /** An event the catalog does not know. */
  public static UnknownEvent unknown(String objectType, String metric) {
    return new UnknownEvent(EVENT_ID, objectType, metric, SENT, null, null, null);
  }
}
