package dev.hooky.runtime.inbox;

import java.time.Instant;

/** The filter semantics of {@link DeliveryQuery}, for inboxes that filter in Java. */
final class InboxQueries {
  private InboxQueries() {}

  static boolean matches(DeliveryQuery query, String eventName, String customerId,
      Instant receivedAt, DeliveryStatus status) {
    if (query.status() != null && query.status() != status) {
      return false;
    }
    if (query.eventName() != null && !nameMatches(query.eventName(), eventName)) {
      return false;
    }
    if (query.customerId() != null && !query.customerId().equals(customerId)) {
      return false;
    }
    if (query.since() != null && receivedAt.isBefore(query.since())) {
      return false;
    }
    return query.until() == null || receivedAt.isBefore(query.until());
  }

  /** {@code email_*} matches every name starting with {@code email_}; else names must be equal. */
  static boolean nameMatches(String pattern, String eventName) {
    return pattern.endsWith("*")
        ? eventName.startsWith(pattern.substring(0, pattern.length() - 1))
        : pattern.equals(eventName);
  }
}
