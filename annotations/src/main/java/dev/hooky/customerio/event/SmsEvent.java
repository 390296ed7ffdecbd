package dev.hooky.customerio.event;

import dev.hooky.customerio.Channel;
import dev.hooky.customerio.CustomerIoEventType;
import java.time.Instant;
import java.util.Optional;

/**
 * An SMS event ({@code sms_*}), including WhatsApp messages sent through Twilio, which Customer.io
 * reports as SMS.
 *
 * @param eventId {@code event_id}
 * @param type the catalog entry, one of the {@code SMS_*} constants
 * @param timestamp {@code timestamp}: when the event happened; empty when the payload has none
 *     that can be read (see {@link CustomerIoEvent#timestamp()})
 * @param identifiers {@code data.identifiers}
 * @param customerId {@code data.customer_id} (deprecated by Customer.io), or {@code null}
 * @param deliveryId {@code data.delivery_id}, or {@code null}
 * @param attribution campaign, broadcast or newsletter ids
 * @param recipient {@code data.recipient}: the person's phone number; on {@code replied}, the number
 *     the reply came from. {@code null} when absent
 * @param failureMessage {@code data.failure_message} on failures, or {@code null}
 * @param href {@code data.href}: the clicked link on {@code clicked}, or {@code null}
 * @param linkId {@code data.link_id}: the tracked link on {@code clicked}, or {@code null}
 * @param content {@code data.content}: the message body on {@code sent} with Body Content enabled,
 *     or {@code null}
 * @param inboundEventId {@code data.inbound_event_id}: the inbound message on {@code replied}, or
 *     {@code null}
 * @param to {@code data.to}: on {@code replied}, the number the person replied to; otherwise {@code
 *     null}
 * @param dataJson the whole {@code data} object as JSON
 */
public record SmsEvent(
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
    String inboundEventId,
    String to,
    String dataJson)
    implements MessageEvent {

  public SmsEvent {
    EventChecks.requireId(eventId);
    timestamp = EventChecks.orAbsent(timestamp);
    EventChecks.requireChannel(type, Channel.SMS, SmsEvent.class);
    identifiers = EventChecks.orNone(identifiers);
    attribution = EventChecks.orNone(attribution);
    dataJson = EventChecks.orEmptyObject(dataJson);
  }
}
