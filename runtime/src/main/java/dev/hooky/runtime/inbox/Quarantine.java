package dev.hooky.runtime.inbox;

import dev.hooky.customerio.event.CustomerIoEvent;
import dev.hooky.runtime.parse.EventParser;
import dev.hooky.runtime.parse.MalformedEventException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a replay does with a quarantined delivery, the same in every inbox: parse its body again
 * with the running version's parser, so that after an upgrade or a fix it reaches the handlers.
 */
public final class Quarantine {
  /**
   * How the reason of a body over the size limit begins. Only its first bytes were kept, so it is
   * never parsed again: a cut body must not become an event, whatever its first bytes look like.
   */
  public static final String TOO_LARGE = "too large";

  private Quarantine() {}

  /**
   * {@code stored} with its body parsed, ready for the handlers; or, if it still does not parse,
   * quarantined with the parser's reason now. A body cut at the size limit stays as it is.
   */
  public static InboundDelivery parseAgain(EventParser parser, InboundDelivery stored) {
    if (stored.quarantined() && stored.quarantineReason().startsWith(TOO_LARGE)) {
      return stored;
    }
    return parse(parser, stored.eventId(), stored.eventName(), stored.receivedAt(),
        stored.headers(), stored.body());
  }

  /**
   * A stored body as a delivery: with its typed event, or quarantined with the reason it has
   * none. Never throws: a parser failure is a reason too.
   *
   * @param eventId the key the inbox stores it under (kept whatever the body says)
   * @param eventName the name to keep if it does not parse
   */
  public static InboundDelivery parse(EventParser parser, String eventId, String eventName,
      Instant receivedAt, Map<String, List<String>> headers, byte[] body) {
    String reason;
    try {
      CustomerIoEvent event = parser.parse(body);
      return new InboundDelivery(eventId, event.name(), receivedAt, headers, body, event);
    } catch (MalformedEventException e) {
      reason = String.valueOf(e.getMessage());
    } catch (RuntimeException e) {
      // A parser bug must not stop the claims of every other delivery: this one waits instead.
      reason = "the parser failed: " + e;
    }
    return InboundDelivery.quarantined(eventId, eventName, receivedAt, headers, body, reason);
  }
}
