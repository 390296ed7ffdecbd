package dev.hooky.runtime.inbox;

import dev.hooky.customerio.event.CustomerEvent;
import dev.hooky.customerio.event.CustomerIoEvent;
import dev.hooky.customerio.event.MessageEvent;
import java.time.Instant;

/**
 * The filter semantics of {@link DeliveryQuery}, for inboxes that filter in Java, and the columns
 * every inbox extracts from an event. Those are {@linkplain StoredText#clean cleaned} as a SQL inbox
 * stores them, and {@code null} for a quarantined delivery, which has no event.
 */
public final class InboxQueries {
  private InboxQueries() {}

  static boolean matches(DeliveryQuery query, InboundDelivery delivery, DeliveryStatus status) {
    CustomerIoEvent event = delivery.event();
    return matches(query, delivery.eventId(), delivery.eventName(), delivery.receivedAt(),
        customerId(event), customerEmail(event), deliveryId(event), status);
  }

  /** As the other, with the event's columns already extracted (a summary kept without it). */
  static boolean matches(DeliveryQuery query, String eventId, String eventName,
      Instant receivedAt, String customerId, String customerEmail, String deliveryId,
      DeliveryStatus status) {
    if (query.status() != null && query.status() != status) {
      return false;
    }
    if (query.eventName() != null && !nameMatches(StoredText.clean(query.eventName()), eventName)) {
      return false;
    }
    String customer = StoredText.clean(query.customerId());
    if (customer != null && !customer.equals(customerId) && !customer.equals(customerEmail)) {
      return false;
    }
    String text = StoredText.clean(query.text());
    if (text != null && !eventId.startsWith(text)) {
      if (deliveryId == null || !deliveryId.startsWith(text)) {
        return false;
      }
    }
    if (query.since() != null && receivedAt.isBefore(query.since())) {
      return false;
    }
    return query.until() == null || receivedAt.isBefore(query.until());
  }

  /** The person's id: {@code identifiers.id}, else the older {@code customer_id}. */
  public static String customerId(CustomerIoEvent event) {
    if (event == null) {
      return null;
    }
    return StoredText.clean(
        event.identifiers().id() != null ? event.identifiers().id() : event.customerId());
  }

  /** The person's email address, when the event tells it. */
  public static String customerEmail(CustomerIoEvent event) {
    if (event == null) {
      return null;
    }
    if (event.identifiers().email() != null) {
      return StoredText.clean(event.identifiers().email());
    }
    return event instanceof CustomerEvent
        ? StoredText.clean(((CustomerEvent) event).emailAddress()) : null;
  }

  /** The message's {@code delivery_id}, when the event has one. */
  public static String deliveryId(CustomerIoEvent event) {
    if (event instanceof MessageEvent) {
      return StoredText.clean(((MessageEvent) event).deliveryId());
    }
    return event instanceof CustomerEvent
        ? StoredText.clean(((CustomerEvent) event).deliveryId()) : null;
  }

  /** {@code email_*} matches every name starting with {@code email_}; else names must be equal. */
  static boolean nameMatches(String pattern, String eventName) {
    return pattern.endsWith("*")
        ? eventName.startsWith(pattern.substring(0, pattern.length() - 1))
        : pattern.equals(eventName);
  }
}
