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
 * @param body the raw body, exactly as verified
 * @param event the parsed event
 */
public record InboundDelivery(String eventId, String eventName, Instant receivedAt,
    Map<String, List<String>> headers, byte[] body, CustomerIoEvent event) {

  public InboundDelivery {
    Objects.requireNonNull(eventId, "eventId == null");
    Objects.requireNonNull(eventName, "eventName == null");
    Objects.requireNonNull(receivedAt, "receivedAt == null");
    headers = Map.copyOf(headers);
    Objects.requireNonNull(body, "body == null");
    Objects.requireNonNull(event, "event == null");
  }
}
