package dev.hooky.customerio.event;

import dev.hooky.customerio.CustomerIoEventType;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An event whose {@code object_type} and {@code metric} the catalog does not know: Customer.io adds
 * event types over time. Hooky accepts, stores and shows them; only {@code @OnCustomerIoEvent("*")}
 * handlers receive them.
 *
 * @param eventId {@code event_id}
 * @param objectType {@code object_type} as sent
 * @param metric {@code metric} as sent
 * @param timestamp {@code timestamp}: when the event happened; empty when the payload has none
 *     that can be read (see {@link CustomerIoEvent#timestamp()})
 * @param identifiers {@code data.identifiers}, if the payload had them
 * @param customerId {@code data.customer_id}, or {@code null}
 * @param dataJson the whole {@code data} object as JSON
 */
public record UnknownEvent(
    String eventId,
    String objectType,
    String metric,
    Optional<Instant> timestamp,
    Identifiers identifiers,
    String customerId,
    String dataJson)
    implements CustomerIoEvent {

  public UnknownEvent {
    EventChecks.requireId(eventId);
    timestamp = EventChecks.orAbsent(timestamp);
    Objects.requireNonNull(objectType, "objectType == null");
    Objects.requireNonNull(metric, "metric == null");
    CustomerIoEventType.fromPayload(objectType, metric).ifPresent(known -> {
      throw new IllegalArgumentException(
          objectType + "/" + metric + " is the catalog event " + known.eventName()
              + "; deliver it as " + known.channel().eventClass().getSimpleName());
    });
    identifiers = EventChecks.orNone(identifiers);
    dataJson = EventChecks.orEmptyObject(dataJson);
  }

  /** Always {@code null}: the catalog does not know this event. */
  @Override
  public CustomerIoEventType type() {
    return null;
  }
}
