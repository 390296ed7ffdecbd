package dev.hooky.testkit;

import dev.hooky.customerio.event.CustomerIoEvent;
import dev.hooky.runtime.parse.EventParser;
import dev.hooky.runtime.parse.MalformedEventException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One Customer.io event as a test needs it: the JSON body Customer.io would send, and the typed event
 * Hooky makes of it.
 */
public final class CustomerIoFixture {
  private static final EventParser PARSER = new EventParser();

  private final String json;
  private final CustomerIoEvent event;

  CustomerIoFixture(String json) {
    this.json = Objects.requireNonNull(json, "json == null");
    try {
      this.event = PARSER.parse(bytes());
    } catch (MalformedEventException e) {
      throw new IllegalArgumentException("not a Customer.io event: " + e.getMessage(), e);
    }
  }

  /** A fixture from a JSON body written by hand or captured from Customer.io. */
  public static CustomerIoFixture fromJson(String json) {
    return new CustomerIoFixture(json);
  }

  /** The body, as Customer.io sends it. */
  public String json() {
    return json;
  }

  /** The body's UTF-8 bytes: what gets signed and posted. */
  public byte[] bytes() {
    return json.getBytes(StandardCharsets.UTF_8);
  }

  /** The typed event Hooky delivers to handlers for this body. */
  public CustomerIoEvent event() {
    return event;
  }

  /** Its {@code event_id}. */
  public String eventId() {
    return event.eventId();
  }

  /** Its name, e.g. {@code sms_delivered}. */
  public String name() {
    return event.name();
  }

  @Override
  public String toString() {
    return name() + " " + eventId();
  }
}
