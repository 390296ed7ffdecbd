package dev.hooky.runtime.inbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The event ids seen within a time window, at most about a fixed number of them (the oldest are
 * forgotten first): memory-bounded de-duplication. Thread-safe without a lock on the way in, since
 * every webhook request asks it: {@link #addIfAbsent} is one atomic step.
 */
public final class RecentEventIds {
  private final long windowMillis;
  private final int maxEntries;
  private final Clock clock;
  /** Id to the time it was (last) added. */
  private final Map<String, Long> ids = new ConcurrentHashMap<>();
  /** Every add, oldest first; an id added again is also here from its earlier add. */
  private final Queue<Added> order = new ConcurrentLinkedQueue<>();
  /** One thread forgets at a time; the others go on (forgetting is housekeeping). */
  private final ReentrantLock forgetting = new ReentrantLock();
  /** When the newest id forgotten for want of room was added; MIN_VALUE while none was. */
  private volatile long lastEvictedAt = Long.MIN_VALUE;

  private record Added(String id, long at) {}

  public RecentEventIds(Duration window, int maxEntries, Clock clock) {
    if (maxEntries < 1) {
      throw new IllegalArgumentException("maxEntries must be positive: " + maxEntries);
    }
    this.windowMillis = window.toMillis();
    this.maxEntries = maxEntries;
    this.clock = clock;
  }

  public boolean contains(String id) {
    Long at = ids.get(id);
    return at != null && !expired(at, clock.millis());
  }

  /** Adds {@code id} unless it is already here: true if it was added, false if it was here. */
  public boolean addIfAbsent(String id) {
    long now = clock.millis();
    forgetOld(now);
    Long previous = ids.putIfAbsent(id, now);
    if (previous != null && !(expired(previous, now) && ids.replace(id, previous, now))) {
      return false;
    }
    order.add(new Added(id, now));
    return true;
  }

  /** Adds {@code id}, or, if it is here already, starts its window again and makes it the newest. */
  public void add(String id) {
    long now = clock.millis();
    forgetOld(now);
    ids.put(id, now);
    order.add(new Added(id, now));
  }

  /**
   * Every id added at or after this instant is still here: the window's start, or, once ids have
   * been forgotten to make room, one millisecond after the newest of those was added (whichever
   * is later). Ids are forgotten oldest first, so everything added after it is still here.
   */
  public Instant rememberedSince() {
    long windowStart = clock.millis() - windowMillis;
    long evicted = lastEvictedAt;
    return Instant.ofEpochMilli(evicted == Long.MIN_VALUE ? windowStart
        : Math.max(windowStart, evicted + 1));
  }

  private boolean expired(long addedAt, long now) {
    return now - addedAt > windowMillis;
  }

  /** Forgets the expired ids, then the oldest until there is room for one more. */
  private void forgetOld(long now) {
    if (!forgetting.tryLock()) {
      return;
    }
    try {
      while (true) {
        Added oldest = order.peek();
        if (oldest == null || !(expired(oldest.at(), now) || ids.size() >= maxEntries)) {
          return;
        }
        order.poll(); // the head still: only the thread holding the lock takes from the queue
        // An id added again since is newer than this add: it stays.
        if (!expired(oldest.at(), now) && Long.valueOf(oldest.at()).equals(ids.get(oldest.id()))) {
          // Said before the id goes, so that rememberedSince() never promises it.
          lastEvictedAt = Math.max(lastEvictedAt, oldest.at());
        }
        ids.remove(oldest.id(), oldest.at());
      }
    } finally {
      forgetting.unlock();
    }
  }
}
