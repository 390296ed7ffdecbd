package dev.hooky.runtime.inbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The event ids seen within a time window, at most a fixed number of them (the oldest are
 * forgotten first): memory-bounded de-duplication. Not thread-safe; callers synchronise.
 */
public final class RecentEventIds {
  private final Duration window;
  private final int maxEntries;
  private final Clock clock;
  /** Id by the time it was added, oldest first. */
  private final LinkedHashMap<String, Instant> ids = new LinkedHashMap<>();

  public RecentEventIds(Duration window, int maxEntries, Clock clock) {
    if (maxEntries < 1) {
      throw new IllegalArgumentException("maxEntries must be positive: " + maxEntries);
    }
    this.window = window;
    this.maxEntries = maxEntries;
    this.clock = clock;
  }

  public boolean contains(String id) {
    forgetExpired();
    return ids.containsKey(id);
  }

  public void add(String id) {
    forgetExpired();
    // Re-adding moves the id to the newest end, keeping the map oldest-first.
    ids.remove(id);
    if (ids.size() >= maxEntries) {
      Iterator<String> oldest = ids.keySet().iterator();
      oldest.next();
      oldest.remove();
    }
    ids.put(id, clock.instant());
  }

  private void forgetExpired() {
    Instant oldestKept = clock.instant().minus(window);
    Iterator<Map.Entry<String, Instant>> oldestFirst = ids.entrySet().iterator();
    while (oldestFirst.hasNext() && oldestFirst.next().getValue().isBefore(oldestKept)) {
      oldestFirst.remove();
    }
  }
}
