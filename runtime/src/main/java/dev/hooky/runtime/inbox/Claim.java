package dev.hooky.runtime.inbox;

import java.util.Objects;
import java.util.Set;

/**
 * A delivery a worker has taken from the {@link Inbox} to hand to the handlers.
 *
 * @param id the inbox's identity of the delivery (a row id in a database inbox)
 * @param delivery what was received, with its typed event (never a quarantined delivery)
 * @param attempt 1 for the first attempt, 2 for the first retry, ...
 * @param succeededHandlers names of the handlers that already succeeded in earlier attempts; they
 *     are not called again
 */
public record Claim(long id, InboundDelivery delivery, int attempt, Set<String> succeededHandlers) {
  public Claim {
    Objects.requireNonNull(delivery, "delivery == null");
    if (delivery.quarantined()) {
      // Handlers get typed events only: a quarantined body waits for a replay that parses it.
      throw new IllegalArgumentException("a quarantined delivery is never claimed: "
          + delivery.eventId());
    }
    succeededHandlers = Set.copyOf(succeededHandlers);
  }
}
