package dev.hooky.runtime.console;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Locale;

/**
 * What happened in each of the last 60 minutes, counted as it happens (since start-up): for the
 * strip of counts and the per-minute chart above the Live Logs list. Constant memory, constant
 * time per event.
 */
final class Activity {
  /** What is counted. */
  enum Kind {
    /** A new delivery was stored (answered 200 ok). */
    RECEIVED,
    /** An authentic body was kept raw, not as an event. */
    QUARANTINED,
    /** A retry of a delivery already held. */
    DUPLICATE,
    /** A request was refused with a 4xx. */
    REJECTED,
    /** An attempt at a delivery succeeded. */
    HANDLED,
    /** An attempt at a delivery failed (it is retried or dead-lettered). */
    FAILED
  }

  static final int MINUTES = 60;

  private final Clock clock;
  /** Guarded by this: counts[minute % 60][kind], for the minute in {@link #minuteOf}. */
  private final long[][] counts = new long[MINUTES][Kind.values().length];
  private final long[] minuteOf = new long[MINUTES];

  Activity(Clock clock) {
    this.clock = clock;
  }

  synchronized void add(Kind kind) {
    long minute = clock.millis() / 60_000;
    int slot = (int) (minute % MINUTES);
    if (minuteOf[slot] != minute) {
      // This slot last counted an hour or more ago: start it afresh.
      minuteOf[slot] = minute;
      Arrays.fill(counts[slot], 0);
    }
    counts[slot][kind.ordinal()]++;
  }

  /**
   * {@code {"totals": {"received": …, …}, "minutes": [{"at": …, "received": …, …}, …]}}: totals
   * over the last hour and one entry per minute, oldest first, the current minute last.
   */
  synchronized ObjectNode toJson() {
    long now = clock.millis() / 60_000;
    long[] totals = new long[Kind.values().length];
    ObjectNode node = DeliveryJson.JSON.createObjectNode();
    ObjectNode totalsNode = node.putObject("totals");
    ArrayNode minutes = node.putArray("minutes");
    for (long minute = now - MINUTES + 1; minute <= now; minute++) {
      int slot = (int) (minute % MINUTES);
      boolean current = minuteOf[slot] == minute;
      ObjectNode entry = minutes.addObject();
      entry.put("at", Instant.EPOCH.plus(minute, ChronoUnit.MINUTES).toString());
      for (Kind kind : Kind.values()) {
        long count = current ? counts[slot][kind.ordinal()] : 0;
        entry.put(key(kind), count);
        totals[kind.ordinal()] += count;
      }
    }
    for (Kind kind : Kind.values()) {
      totalsNode.put(key(kind), totals[kind.ordinal()]);
    }
    return node;
  }

  private static String key(Kind kind) {
    return kind.name().toLowerCase(Locale.ROOT);
  }
}
