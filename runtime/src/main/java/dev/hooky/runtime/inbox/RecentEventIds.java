package dev.hooky.runtime.inbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The event ids seen within a time window, at most about a fixed number of them (the oldest are
 * forgotten first): memory-bounded de-duplication. Thread-safe: every webhook request asks it, and
 * {@link #addIfAbsent} is one atomic step.
 *
 * <p>Compact, for the garbage collector's sake: an id is kept as its 128-bit {@link IdHash} and the
 * time it was added, in primitive arrays (an open-addressing table and a ring of adds, oldest
 * first), so that remembering an id allocates nothing. Ids stay here for seconds to days, long
 * enough to be copied by every young collection and then promoted; as objects (a string, a map
 * node, a boxed time, a queue node, a record) they made the memory inbox pause.
 */
public final class RecentEventIds {
  private static final int MIN_TABLE = 64;

  private final long windowMillis;
  private final int maxEntries;
  private final Clock clock;
  /**
   * How many adds the ring holds before the adds of ids added again since are dropped from it:
   * an id added again leaves its earlier add behind.
   */
  private final int maxAdds;

  // Guarded by this.
  /** Linear-probing table of (high, low) hashes and their (last) add time; (0, 0) is empty. */
  private long[] high = new long[MIN_TABLE];
  private long[] low = new long[MIN_TABLE];
  private long[] addedAt = new long[MIN_TABLE];
  private int size;
  /** Every add, oldest first, as a ring; an id added again is also here from its earlier add. */
  private long[] ringHigh = new long[MIN_TABLE];
  private long[] ringLow = new long[MIN_TABLE];
  private long[] ringAt = new long[MIN_TABLE];
  private int ringHead;
  private int ringCount;
  /** When the newest id forgotten for want of room was added; MIN_VALUE while none was. */
  private long lastEvictedAt = Long.MIN_VALUE;

  public RecentEventIds(Duration window, int maxEntries, Clock clock) {
    if (maxEntries < 1) {
      throw new IllegalArgumentException("maxEntries must be positive: " + maxEntries);
    }
    this.windowMillis = window.toMillis();
    this.maxEntries = maxEntries;
    this.clock = clock;
    this.maxAdds = (int) Math.min(1 << 30, 2L * maxEntries);
  }

  public boolean contains(String id) {
    long h = IdHash.hash(id, IdHash.SEED_HIGH);
    long l = lowHash(id);
    long now = clock.millis();
    synchronized (this) {
      int slot = find(h, l);
      return slot >= 0 && !expired(addedAt[slot], now);
    }
  }

  /** Adds {@code id} unless it is already here: true if it was added, false if it was here. */
  public boolean addIfAbsent(String id) {
    long h = IdHash.hash(id, IdHash.SEED_HIGH);
    long l = lowHash(id);
    long now = clock.millis();
    synchronized (this) {
      forgetOld(now);
      int slot = find(h, l);
      if (slot >= 0) {
        if (!expired(addedAt[slot], now)) {
          return false;
        }
        addedAt[slot] = now;
      } else {
        insert(h, l, now);
      }
      pushAdd(h, l, now);
      return true;
    }
  }

  /** Adds {@code id}, or, if it is here already, starts its window again and makes it the newest. */
  public void add(String id) {
    long h = IdHash.hash(id, IdHash.SEED_HIGH);
    long l = lowHash(id);
    long now = clock.millis();
    synchronized (this) {
      forgetOld(now);
      int slot = find(h, l);
      if (slot >= 0) {
        if (addedAt[slot] == now) {
          return; // its add of this millisecond is in the ring already
        }
        addedAt[slot] = now;
      } else {
        insert(h, l, now);
      }
      pushAdd(h, l, now);
    }
  }

  /**
   * Every id added at or after this instant is still here: the window's start, or, once ids have
   * been forgotten to make room, one millisecond after the newest of those was added (whichever
   * is later). Ids are forgotten oldest first, so everything added after it is still here.
   */
  public Instant rememberedSince() {
    long windowStart = clock.millis() - windowMillis;
    long evicted;
    synchronized (this) {
      evicted = lastEvictedAt;
    }
    return Instant.ofEpochMilli(evicted == Long.MIN_VALUE ? windowStart
        : Math.max(windowStart, evicted + 1));
  }

  /** How many ids are remembered now, expired ones not yet forgotten included. */
  synchronized int size() {
    return size;
  }

  /** How many adds the ring of adds holds now: at most twice maxEntries (for tests). */
  synchronized int adds() {
    return ringCount;
  }

  private static long lowHash(String id) {
    long l = IdHash.hash(id, IdHash.SEED_LOW);
    return l == 0 ? 1 : l; // (h, 0) could look like an empty slot when h is 0 too
  }

  private boolean expired(long addedAtMillis, long now) {
    return now - addedAtMillis > windowMillis;
  }

  /** Forgets the expired ids, then the oldest until there is room for one more. */
  private void forgetOld(long now) {
    while (ringCount > 0) {
      int oldest = ringHead;
      long at = ringAt[oldest];
      boolean expired = expired(at, now);
      if (!(expired || size >= maxEntries)) {
        return;
      }
      ringHead = (ringHead + 1) & (ringAt.length - 1);
      ringCount--;
      int slot = find(ringHigh[oldest], ringLow[oldest]);
      // An id added again since is newer than this add: it stays.
      if (slot >= 0 && addedAt[slot] == at) {
        if (!expired) {
          lastEvictedAt = Math.max(lastEvictedAt, at);
        }
        remove(slot);
      }
    }
  }

  private int find(long h, long l) {
    int mask = high.length - 1;
    for (int slot = (int) IdHash.mix(h ^ l) & mask; ; slot = (slot + 1) & mask) {
      if (high[slot] == h && low[slot] == l) {
        return slot;
      }
      if (low[slot] == 0) {
        return -1;
      }
    }
  }

  private void insert(long h, long l, long at) {
    if (2 * (size + 1) > high.length) {
      resize(high.length * 2);
    }
    int mask = high.length - 1;
    int slot = (int) IdHash.mix(h ^ l) & mask;
    while (low[slot] != 0) {
      slot = (slot + 1) & mask;
    }
    high[slot] = h;
    low[slot] = l;
    addedAt[slot] = at;
    size++;
  }

  /** Empties {@code slot}, shifting back the entries after it that probed past it. */
  private void remove(int slot) {
    int mask = high.length - 1;
    int gap = slot;
    for (int next = (gap + 1) & mask; low[next] != 0; next = (next + 1) & mask) {
      int home = (int) IdHash.mix(high[next] ^ low[next]) & mask;
      // The entry at next may fill the gap if its home is not in (gap, next], cyclically.
      boolean homeAfterGap = gap <= next ? gap < home && home <= next : gap < home || home <= next;
      if (!homeAfterGap) {
        high[gap] = high[next];
        low[gap] = low[next];
        addedAt[gap] = addedAt[next];
        gap = next;
      }
    }
    high[gap] = 0;
    low[gap] = 0;
    addedAt[gap] = 0;
    size--;
  }

  private void resize(int capacity) {
    long[] oldHigh = high;
    long[] oldLow = low;
    long[] oldAt = addedAt;
    high = new long[capacity];
    low = new long[capacity];
    addedAt = new long[capacity];
    size = 0;
    for (int i = 0; i < oldLow.length; i++) {
      if (oldLow[i] != 0) {
        insert(oldHigh[i], oldLow[i], oldAt[i]);
      }
    }
  }

  private void pushAdd(long h, long l, long at) {
    if (ringCount >= maxAdds) {
      dropEarlierAdds();
    }
    if (ringCount == ringAt.length) {
      growRing();
    }
    int tail = (ringHead + ringCount) & (ringAt.length - 1);
    ringHigh[tail] = h;
    ringLow[tail] = l;
    ringAt[tail] = at;
    ringCount++;
  }

  /**
   * Drops from the ring the adds of ids added again since, keeping the order of the rest: then
   * it holds one add per remembered id (an id is added at most once a millisecond), at most
   * maxEntries, half of {@link #maxAdds}, so this runs once in maxEntries adds at most.
   */
  private void dropEarlierAdds() {
    int mask = ringAt.length - 1;
    int kept = 0;
    for (int i = 0; i < ringCount; i++) {
      int from = (ringHead + i) & mask;
      int slot = find(ringHigh[from], ringLow[from]);
      if (slot >= 0 && addedAt[slot] == ringAt[from]) {
        int to = (ringHead + kept) & mask;
        ringHigh[to] = ringHigh[from];
        ringLow[to] = ringLow[from];
        ringAt[to] = ringAt[from];
        kept++;
      }
    }
    ringCount = kept;
  }

  private void growRing() {
    int capacity = ringAt.length * 2;
    long[] newHigh = new long[capacity];
    long[] newLow = new long[capacity];
    long[] newAt = new long[capacity];
    for (int i = 0; i < ringCount; i++) {
      int from = (ringHead + i) & (ringAt.length - 1);
      newHigh[i] = ringHigh[from];
      newLow[i] = ringLow[from];
      newAt[i] = ringAt[from];
    }
    ringHigh = newHigh;
    ringLow = newLow;
    ringAt = newAt;
    ringHead = 0;
  }
}
