package dev.hooky.runtime.inbox;

import java.util.Locale;

/** Where a delivery stands in the inbox. */
public enum DeliveryStatus {
  /** Waiting for its first attempt, or replayed. */
  PENDING,
  /** A handler failed; another attempt is scheduled. */
  RETRYING,
  /** Every matching handler succeeded. */
  HANDLED,
  /** No handler matches its event type. */
  UNHANDLED,
  /** Handlers kept failing until the retry policy gave up; waits for a replay. */
  DEAD,
  /**
   * Authentic, but its body could not become a typed event (malformed, over a limit, a shape
   * Hooky does not know): kept raw with the reason, never handed to handlers. A replay parses it
   * again with the running version.
   */
  QUARANTINED;

  /** The lowercase name used in storage and in the console API. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static DeliveryStatus fromKey(String key) {
    return valueOf(key.toUpperCase(Locale.ROOT));
  }
}
