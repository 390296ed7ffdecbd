package dev.hooky.customerio.event;

import dev.hooky.customerio.Channel;
import dev.hooky.customerio.CustomerIoEventType;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A push notification event ({@code push_*}). Unlike every other channel, push names its recipients
 * as a list of devices.
 *
 * @param eventId {@code event_id}
 * @param type the catalog entry, one of the {@code PUSH_*} constants
 * @param timestamp {@code timestamp}: when the event happened; empty when the payload has none
 *     that can be read (see {@link CustomerIoEvent#timestamp()})
 * @param identifiers {@code data.identifiers}
 * @param customerId {@code data.customer_id} (deprecated by Customer.io), or {@code null}
 * @param deliveryId {@code data.delivery_id}, or {@code null}
 * @param attribution campaign, broadcast, newsletter or transactional ids
 * @param recipients {@code data.recipients}: the devices; empty when absent
 * @param failureMessage {@code data.failure_message} on failures, or {@code null}
 * @param href {@code data.href}: the clicked link on {@code push_clicked}, or {@code null}
 * @param linkId {@code data.link_id}: the tracked link on {@code push_clicked}, or {@code null}
 * @param content {@code data.content}: the push payload as JSON text on {@code push_sent} with Body
 *     Content enabled (its shape depends on the push provider), or {@code null}
 * @param dataJson the whole {@code data} object as JSON
 */
public record PushEvent(
    String eventId,
    CustomerIoEventType type,
    Optional<Instant> timestamp,
    Identifiers identifiers,
    String customerId,
    String deliveryId,
    Attribution attribution,
    List<PushRecipient> recipients,
    String failureMessage,
    String href,
    Long linkId,
    String content,
    String dataJson)
    implements MessageEvent {

  public PushEvent {
    EventChecks.requireId(eventId);
    timestamp = EventChecks.orAbsent(timestamp);
    EventChecks.requireChannel(type, Channel.PUSH, PushEvent.class);
    identifiers = EventChecks.orNone(identifiers);
    attribution = EventChecks.orNone(attribution);
    recipients = EventChecks.copyWithoutNulls(recipients);
    dataJson = EventChecks.orEmptyObject(dataJson);
  }
}
