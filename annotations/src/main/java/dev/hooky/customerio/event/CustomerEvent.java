package dev.hooky.customerio.event;

import dev.hooky.customerio.Channel;
import dev.hooky.customerio.CustomerIoEventType;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A change to a person's subscription ({@code customer_subscribed}, {@code customer_unsubscribed},
 * {@code customer_subscription_preferences_changed}).
 *
 * <p>Customer.io sends these with the {@code object_type} of the channel that triggered the change
 * ({@code email}, {@code sms}, ...) when it knows it, and {@code customer} otherwise; {@link
 * #objectType()} keeps what was sent. A change triggered from a message also carries that message's
 * {@link #deliveryId()} and {@link #attribution()}.
 *
 * @param eventId {@code event_id}
 * @param type the catalog entry, one of the {@code CUSTOMER_*} constants
 * @param objectType {@code object_type} as sent: {@code customer} or the triggering channel
 * @param timestamp {@code timestamp}: when the event happened; empty when the payload has none
 *     that can be read (see {@link CustomerIoEvent#timestamp()})
 * @param identifiers {@code data.identifiers}
 * @param customerId {@code data.customer_id} (deprecated by Customer.io), or {@code null}
 * @param emailAddress {@code data.email_address}, or {@code null}
 * @param deliveryId {@code data.delivery_id} of the triggering message, or {@code null}
 * @param attribution ids of what sent the triggering message; {@link Attribution#NONE} if none
 * @param content {@code data.content}: on preference changes with Body Content enabled, the changed
 *     preferences as JSON text, e.g. <code>{"topics":{"topic_1":true}}</code>; otherwise {@code null}
 * @param dataJson the whole {@code data} object as JSON
 */
public record CustomerEvent(
    String eventId,
    CustomerIoEventType type,
    String objectType,
    Optional<Instant> timestamp,
    Identifiers identifiers,
    String customerId,
    String emailAddress,
    String deliveryId,
    Attribution attribution,
    String content,
    String dataJson)
    implements CustomerIoEvent {

  public CustomerEvent {
    EventChecks.requireId(eventId);
    timestamp = EventChecks.orAbsent(timestamp);
    EventChecks.requireChannel(type, Channel.CUSTOMER, CustomerEvent.class);
    objectType = Objects.requireNonNullElse(objectType, Channel.CUSTOMER.objectType());
    identifiers = EventChecks.orNone(identifiers);
    attribution = EventChecks.orNone(attribution);
    dataJson = EventChecks.orEmptyObject(dataJson);
  }

  @Override
  public String metric() {
    return type.metric();
  }

  /** The channel that triggered the change, or empty when the person (or an API call) did. */
  public Optional<Channel> triggeringChannel() {
    return Channel.fromObjectType(objectType).filter(channel -> channel != Channel.CUSTOMER);
  }
}
