package dev.hooky.customerio.event;

import dev.hooky.customerio.Channel;
import dev.hooky.customerio.CustomerIoEventType;
import java.time.Instant;
import java.util.Optional;

/**
 * An event of a Customer.io webhook <em>action</em> ({@code webhook_*}): a request a workflow sent to
 * a URL.
 *
 * @param eventId {@code event_id}
 * @param type the catalog entry, one of the {@code WEBHOOK_*} constants
 * @param timestamp {@code timestamp}: when the event happened; empty when the payload has none
 *     that can be read (see {@link CustomerIoEvent#timestamp()})
 * @param identifiers {@code data.identifiers}
 * @param customerId {@code data.customer_id} (deprecated by Customer.io), or {@code null}
 * @param deliveryId {@code data.delivery_id}, or {@code null}
 * @param attribution campaign, broadcast or newsletter ids
 * @param recipient {@code data.recipient}: the URL the webhook was sent to, or {@code null}
 * @param failureMessage {@code data.failure_message} on failures, or {@code null}
 * @param href {@code data.href}: the clicked link on {@code clicked}, or {@code null}
 * @param linkId {@code data.link_id}: the tracked link on {@code clicked}, or {@code null}
 * @param content {@code data.content}: the payload sent, as text, on {@code sent} with Body Content enabled, or {@code null}
 * @param dataJson the whole {@code data} object as JSON
 */
public record WebhookEvent(
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

  public WebhookEvent {
    EventChecks.requireId(eventId);
    timestamp = EventChecks.orAbsent(timestamp);
    EventChecks.requireChannel(type, Channel.WEBHOOK, WebhookEvent.class);
    identifiers = EventChecks.orNone(identifiers);
    attribution = EventChecks.orNone(attribution);
    dataJson = EventChecks.orEmptyObject(dataJson);
  }
}
