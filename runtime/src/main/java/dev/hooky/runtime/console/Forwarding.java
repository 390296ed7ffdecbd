package dev.hooky.runtime.console;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.hooky.runtime.forward.ForwardSpec;
import java.time.Clock;
import java.util.Map;
import java.util.TreeMap;

/**
 * Forwarding attempts of the last hour, per destination, for the Live Logs strip: a destination is
 * a handler whose name starts with {@code forward }. Destinations come from the configuration,
 * never from a payload, so there are few; the map is capped all the same.
 */
final class Forwarding {
  private static final int MAX_DESTINATIONS = 64;
  private static final int MINUTES = Activity.MINUTES;

  private final Clock clock;
  /** Guarded by this: per destination, [minute % 60][0 = delivered, 1 = failed]. */
  private final Map<String, long[][]> counts = new TreeMap<>();
  private final Map<String, long[]> minuteOf = new TreeMap<>();

  Forwarding(Clock clock) {
    this.clock = clock;
  }

  /** Whether {@code handler} names a forwarding destination. */
  static boolean isDestination(String handler) {
    return handler.startsWith(ForwardSpec.NAME_PREFIX);
  }

  synchronized void attempted(String handler, boolean delivered) {
    String destination = handler.substring(ForwardSpec.NAME_PREFIX.length());
    if (!counts.containsKey(destination) && counts.size() >= MAX_DESTINATIONS) {
      return;
    }
    long[][] perMinute = counts.computeIfAbsent(destination, any -> new long[MINUTES][2]);
    long[] minutes = minuteOf.computeIfAbsent(destination, any -> new long[MINUTES]);
    long minute = clock.millis() / 60_000;
    int slot = (int) (minute % MINUTES);
    if (minutes[slot] != minute) {
      minutes[slot] = minute;
      perMinute[slot][0] = 0;
      perMinute[slot][1] = 0;
    }
    perMinute[slot][delivered ? 0 : 1]++;
  }

  /** {@code [{"destination": …, "delivered": n, "failed": n}, …]} over the last hour. */
  synchronized ArrayNode toJson() {
    long now = clock.millis() / 60_000;
    ArrayNode list = DeliveryJson.JSON.createArrayNode();
    counts.forEach((destination, perMinute) -> {
      long[] minutes = minuteOf.get(destination);
      long delivered = 0;
      long failed = 0;
      for (int slot = 0; slot < MINUTES; slot++) {
        if (now - minutes[slot] < MINUTES) {
          delivered += perMinute[slot][0];
          failed += perMinute[slot][1];
        }
      }
      list.addObject().put("destination", destination).put("delivered", delivered)
          .put("failed", failed);
    });
    return list;
  }
}
