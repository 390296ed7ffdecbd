package dev.hooky.customerio.event;

import dev.hooky.customerio.Channel;
import dev.hooky.customerio.CustomerIoEventType;
import java.time.Instant;
import java.util.Optional;

/**
 * A Slack message event ({@code slack_*}).
 *
 * @param eventId {@code event_id}
 * @param type the catalog entry, one of the {@code SLACK_*} constants
 * @param timestamp {@code timestamp}: when the event happened; empty when the payload has none
 *     that can be read (see {@link CustomerIoEvent#timestamp()})
 * @param identifiers {@code data.identifiers}
 * @param customerId {@code data.customer_id} (deprecated by Customer.io), or {@code null}
 * @param deliveryId {@code data.delivery_id}, or {@code null}
 * @param attribution campaign, broadcast or newsletter ids
 * @param recipient {@code data.recipient}: the channel or person the message went to, e.g. {@code #general}, or {@code null}
 * @param failureMessage {@code data.failure_message} on failures, or {@code null}
 * @param href {@code data.href}: the clicked link on {@code clicked}, or {@code null}
 * @param linkId {@code data.link_id}: the tracked link on {@code clicked}, or {@code null}
 * @param content {@code data.content}: the message on {@code sent} with Body Content enabled, or {@code null}
 * @param dataJson the whole {@code data} object as JSON
 */
public record SlackEvent(
    String eventId,
    CustomerIoEventType type,
    Optional<Instant> timestamp,
    Identifiers identifiers,
    String customerId,
    String deliveryId,
    Attribution attribution,
    String recipient,
    String failureMessage,
    String href,
    Long linkId,
    String content,
    String dataJson)
    implements MessageEvent {

  public SlackEvent {
    EventChecks.requireId(eventId);
    timestamp = EventChecks.orAbsent(timestamp);
    EventChecks.requireChannel(type, Channel.SLACK, SlackEvent.class);
    identifiers = EventChecks.orNone(identifiers);
    attribution = EventChecks.orNone(attribution);
    dataJson = EventChecks.orEmptyObject(dataJson);
  }
}
