package dev.hooky.customerio.event;

import dev.hooky.customerio.CustomerIoEventType;
import java.time.Instant;
import java.util.Optional;

/**
 * One Customer.io reporting webhook event: {@code {event_id, object_type, metric, timestamp, data}}.
 *
 * <p>Every event the catalog knows is delivered as the record of its {@linkplain
 * dev.hooky.customerio.Channel channel} ({@link SmsEvent} for {@code sms_delivered}); pairs the
 * catalog does not know arrive as {@link UnknownEvent}. The typed accessors cover the fields
 * Customer.io documents; {@link #dataJson()} keeps the whole {@code data} object, so fields
 * Customer.io adds later are never lost.
 *
 * <p>Customer.io's payloads are not always what its schema promises (required fields missing, ids
 * sent as numbers or strings), so every {@code data} field is optional: an accessor returns {@code
 * null} (or an empty collection) when the payload lacks it. Where an absent value and a default
 * would be confused ({@link #timestamp()}, the email flags), the accessor returns an {@link
 * Optional}.
 */
public sealed interface CustomerIoEvent permits MessageEvent, CustomerEvent, UnknownEvent {

  /** The unique id of this event ({@code event_id}); the key Hooky de-duplicates deliveries on. */
  String eventId();

  /** The catalog entry of this event; {@code null} only for an {@link UnknownEvent}. */
  CustomerIoEventType type();

  /** The payload's {@code object_type}, as sent. */
  String objectType();

  /** The payload's {@code metric}, as sent. */
  String metric();

  /**
   * When the event happened ({@code timestamp}), in whole seconds; empty when the payload has no
   * timestamp that can be read. Customer.io documents it as unix seconds; milliseconds, fractions
   * and strings of digits are read too. It is neither when the request was sent ({@code
   * X-CIO-Timestamp}) nor when it arrived ({@link dev.hooky.Delivery#receivedAt()}), which a
   * handler can fall back on: {@code event.timestamp().orElse(delivery.receivedAt())}.
   */
  Optional<Instant> timestamp();

  /** The person's identifiers ({@code data.identifiers}); {@link Identifiers#NONE} when absent. */
  Identifiers identifiers();

  /**
   * The person's id ({@code data.customer_id}), or {@code null}. Customer.io deprecates this field
   * in favour of {@link #identifiers()}; it is blank when the person has been deleted.
   */
  String customerId();

  /** The whole {@code data} object as JSON text, including fields the typed model does not know. */
  String dataJson();

  /**
   * The event's name: {@link CustomerIoEventType#eventName()} for a catalog event, {@code
   * object_type + "_" + metric} for an unknown one.
   */
  default String name() {
    CustomerIoEventType type = type();
    return type != null ? type.eventName() : objectType() + "_" + metric();
  }
}
