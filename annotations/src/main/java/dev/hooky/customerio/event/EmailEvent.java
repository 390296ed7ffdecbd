package dev.hooky.customerio.event;

import dev.hooky.customerio.Channel;
import dev.hooky.customerio.CustomerIoEventType;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An email event ({@code email_*}).
 *
 * @param eventId {@code event_id}
 * @param type the catalog entry, one of the {@code EMAIL_*} constants
 * @param timestamp {@code timestamp}: when the event happened
 * @param identifiers {@code data.identifiers}
 * @param customerId {@code data.customer_id} (deprecated by Customer.io), or {@code null}
 * @param deliveryId {@code data.delivery_id}, or {@code null}
 * @param attribution campaign, broadcast, newsletter or transactional ids
 * @param recipient {@code data.recipient}: the address the email went to, or {@code null}
 * @param subject {@code data.subject}, or {@code null}
 * @param failureMessage {@code data.failure_message} on failures, or {@code null}
 * @param href {@code data.href}: the clicked link on {@code email_clicked}, or {@code null}
 * @param linkId {@code data.link_id}: the tracked link on {@code email_clicked}, or {@code null}
 * @param machine {@code data.machine}: the click was made by a machine
 * @param proxied {@code data.proxied}: the open was fetched by a proxy hiding the reader
 * @param prefetched {@code data.prefetched}: the open was a prefetch (Gmail, Apple Mail Privacy
 *     Protection, a machine user agent)
 * @param synthetic {@code data.synthetic}: the open was inferred from a click
 * @param content {@code data.content}: the rendered body on {@code email_sent} with Body Content
 *     enabled, or {@code null}
 * @param headers {@code data.headers}: custom headers on {@code email_sent} with Body Content
 *     enabled; empty otherwise. Null values are dropped
 * @param dataJson the whole {@code data} object as JSON
 */
public record EmailEvent(
    String eventId,
    CustomerIoEventType type,
    Instant timestamp,
    Identifiers identifiers,
    String customerId,
    String deliveryId,
    Attribution attribution,
    String recipient,
    String subject,
    String failureMessage,
    String href,
    Long linkId,
    boolean machine,
    boolean proxied,
    boolean prefetched,
    boolean synthetic,
    String content,
    Map<String, List<String>> headers,
    String dataJson)
    implements MessageEvent {

  public EmailEvent {
    EventChecks.requireCommon(eventId, timestamp);
    EventChecks.requireChannel(type, Channel.EMAIL, EmailEvent.class);
    identifiers = EventChecks.orNone(identifiers);
    attribution = EventChecks.orNone(attribution);
    headers = headers != null ? copyHeaders(headers) : Map.of();
    dataJson = EventChecks.orEmptyObject(dataJson);
  }

  private static Map<String, List<String>> copyHeaders(Map<String, List<String>> headers) {
    Map<String, List<String>> copy = new LinkedHashMap<>();
    headers.forEach((name, values) -> copy.put(name, EventChecks.copyWithoutNulls(values)));
    return Collections.unmodifiableMap(copy);
  }
}
