package dev.hooky.runtime.inbox;

import dev.hooky.customerio.event.CustomerIoEvent;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A verified, parsed webhook request, as the request path hands it to the {@link Inbox}: everything
 * needed to deliver the event to handlers now or after a restart, and to show it in Live Logs.
 *
 * @param eventId the event's {@code event_id}: the de-duplication key
 * @param eventName e.g. {@code sms_delivered}, or {@code object_type_metric} for unknown events
 * @param receivedAt when the request arrived
 * @param headers the request headers worth keeping (signature, timestamp, content type, agent)
 * @param body the raw body, exactly as verified (for a quarantined body over the size limit: its
 *     first bytes only)
 * @param event the parsed event, or {@code null} when quarantined
 * @param quarantineReason why the body could not become a typed event, or {@code null} when it
 *     did
 */
public record InboundDelivery(String eventId, String eventName, Instant receivedAt,
    Map<String, List<String>> headers, byte[] body, CustomerIoEvent event,
    String quarantineReason) {

  public InboundDelivery {
    Objects.requireNonNull(eventId, "eventId == null");
    Objects.requireNonNull(eventName, "eventName == null");
    Objects.requireNonNull(receivedAt, "receivedAt == null");
    headers = Map.copyOf(headers);
    Objects.requireNonNull(body, "body == null");
    if ((event == null) == (quarantineReason == null)) {
      throw new IllegalArgumentException(
          "a delivery has either an event or a quarantine reason, not both or neither");
    }
  }

  /** A delivery whose body parsed into {@code event}. */
  public InboundDelivery(String eventId, String eventName, Instant receivedAt,
      Map<String, List<String>> headers, byte[] body, CustomerIoEvent event) {
    this(eventId, eventName, receivedAt, headers, body,
        Objects.requireNonNull(event, "event == null"), null);
  }

  /**
   * An authentic body that could not become a typed event: stored raw, answered {@code 200
   * quarantined}, never handed to handlers.
   *
   * @param dedupKey its {@code event_id} when one could be read, else {@code sha256:} and the hex
   *     SHA-256 of the body
   * @param eventName {@code object_type_metric} when both could be read, else {@code unknown}
   */
  public static InboundDelivery quarantined(String dedupKey, String eventName, Instant receivedAt,
      Map<String, List<String>> headers, byte[] body, String reason) {
    return new InboundDelivery(dedupKey, eventName, receivedAt, headers, body, null,
        Objects.requireNonNull(reason, "reason == null"));
  }

  /** Whether this delivery is quarantined rather than parsed. */
  public boolean quarantined() {
    return quarantineReason != null;
  }
}
