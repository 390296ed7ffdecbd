package dev.hooky.customerio.event;

import dev.hooky.customerio.Channel;
import dev.hooky.customerio.CustomerIoEventType;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An email event ({@code email_*}).
 *
 * <p>The four flags are {@code Optional<Boolean>}: Customer.io sends them only on some events and
 * some workspaces, and "not said" is not "false". {@code event.proxied().orElse(false)} reads an
 * absent flag as false; {@code event.proxied().isEmpty()} tells that it was absent.
 *
 * @param eventId {@code event_id}
 * @param type the catalog entry, one of the {@code EMAIL_*} constants
 * @param timestamp {@code timestamp}: when the event happened; empty when the payload has none
 *     that can be read (see {@link CustomerIoEvent#timestamp()})
 * @param identifiers {@code data.identifiers}
 * @param customerId {@code data.customer_id} (deprecated by Customer.io), or {@code null}
 * @param deliveryId {@code data.delivery_id}, or {@code null}
 * @param attribution campaign, broadcast, newsletter or transactional ids
 * @param recipient {@code data.recipient}: the address the email went to, or {@code null}
 * @param subject {@code data.subject}, or {@code null}
 * @param failureMessage {@code data.failure_message} on failures, or {@code null}
 * @param href {@code data.href}: the clicked link on {@code email_clicked}, or {@code null}
 * @param linkId {@code data.link_id}: the tracked link on {@code email_clicked}, or {@code null}
 * @param machine {@code data.machine} on {@code email_clicked}: the click was made by a machine;
 *     empty when the payload does not say
 * @param proxied {@code data.proxied} on {@code email_opened}: the open was fetched by a proxy
 *     hiding the reader; empty when the payload does not say
 * @param prefetched {@code data.prefetched} on {@code email_opened}: the open was a prefetch
 *     (Gmail, Apple Mail Privacy Protection, a machine user agent); empty when the payload does not
 *     say
 * @param synthetic {@code data.synthetic} on {@code email_opened}: the open was inferred from a
 *     click; empty when the payload does not say
 * @param content {@code data.content}: the rendered body on {@code email_sent} with Body Content
 *     enabled, or {@code null}
 * @param headers {@code data.headers}: custom headers on {@code email_sent} with Body Content
 *     enabled; empty otherwise. Null values are dropped
 * @param dataJson the whole {@code data} object as JSON
 */
public record EmailEvent(
    String eventId,
    CustomerIoEventType type,
    Optional<Instant> timestamp,
    Identifiers identifiers,
    String customerId,
    String deliveryId,
    Attribution attribution,
    String recipient,
    String subject,
    String failureMessage,
    String href,
    Long linkId,
    Optional<Boolean> machine,
    Optional<Boolean> proxied,
    Optional<Boolean> prefetched,
    Optional<Boolean> synthetic,
    String content,
    Map<String, List<String>> headers,
    String dataJson)
    implements MessageEvent {

  public EmailEvent {
    EventChecks.requireId(eventId);
    timestamp = EventChecks.orAbsent(timestamp);
    EventChecks.requireChannel(type, Channel.EMAIL, EmailEvent.class);
    identifiers = EventChecks.orNone(identifiers);
    attribution = EventChecks.orNone(attribution);
    machine = EventChecks.flag(machine);
    proxied = EventChecks.flag(proxied);
    prefetched = EventChecks.flag(prefetched);
    synthetic = EventChecks.flag(synthetic);
    headers = headers != null ? copyHeaders(headers) : Map.of();
    dataJson = EventChecks.orEmptyObject(dataJson);
  }

  private static Map<String, List<String>> copyHeaders(Map<String, List<String>> headers) {
    Map<String, List<String>> copy = new LinkedHashMap<>();
    headers.forEach((name, values) -> copy.put(name, EventChecks.copyWithoutNulls(values)));
    return Collections.unmodifiableMap(copy);
  }
}
