package dev.hooky.runtime.testing;

import dev.hooky.customerio.CustomerIoEventType;
import dev.hooky.runtime.inbox.InboundDelivery;
import dev.hooky.runtime.parse.EventParser;
import dev.hooky.runtime.parse.MalformedEventException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Deliveries as the webhook endpoint hands them to an inbox: signed, parsed, received. */
public final class Deliveries {
  private static final EventParser PARSER = new EventParser();

  private Deliveries() {}

  /** An {@code sms_delivered} event with {@code eventId}, timestamped and received at {@code at}. */
  public static InboundDelivery sms(String eventId, Instant at) {
    byte[] body = Payloads.of(CustomerIoEventType.SMS_DELIVERED, eventId, at.getEpochSecond())
        .getBytes(StandardCharsets.UTF_8);
    try {
      var event = PARSER.parse(body);
      return new InboundDelivery(eventId, event.name(), at,
          Map.of("X-CIO-Signature", List.of("sig")), body, event);
    } catch (MalformedEventException e) {
      throw new AssertionError(e);
    }
  }
}
