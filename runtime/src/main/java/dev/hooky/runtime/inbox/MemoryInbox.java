package dev.hooky.runtime.inbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An inbox in memory, with the same retries, dead letters and replay as the durable ones, but
 * <strong>a crash or restart loses every delivery not yet handled</strong>: for tests, and for users
 * who accept that. Event ids are remembered for de-duplication within the window (and up to a
 * number of them); finished deliveries are kept for Live Logs up to a limit, oldest dropped first.
 */
public final class MemoryInbox implements Inbox {
  private static final Logger log = LoggerFactory.getLogger(MemoryInbox.class);
  /** Finished deliveries kept for Live Logs. */
  private static final int FINISHED_KEPT = 10_000;
  /** How often a waiting claim looks again for retries falling due. */
  private static final long RECHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  private final int capacity;
  private final RetryPolicy retryPolicy;
  private final Clock clock;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition appended = lock.newCondition();
  // All guarded by lock.
  private final RecentEventIds seen;
  private final NavigableMap<Long, Entry> byId = new TreeMap<>();
  private final Map<String, Entry> byEventId = new HashMap<>();
  private final PriorityQueue<Entry> due =
      new PriorityQueue<>(Comparator.comparing((Entry e) -> e.nextAttemptAt).thenComparing(e -> e.id));
  private long nextId = 1;
  private int finished;

  /**
   * @param capacity how many deliveries may wait; beyond that {@link #append} answers FULL
   * @param dedupWindow how long an accepted {@code event_id} is remembered
   * @param dedupMaxEntries how many ids are remembered at most (the oldest go first)
   */
  public MemoryInbox(int capacity, Duration dedupWindow, int dedupMaxEntries,
      RetryPolicy retryPolicy, Clock clock) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive: " + capacity);
    }
    this.capacity = capacity;
    this.retryPolicy = retryPolicy;
    this.clock = clock;
    this.seen = new RecentEventIds(dedupWindow, dedupMaxEntries, clock);
  }

  /** An inbox with the default retry policy. */
  public MemoryInbox(int capacity, Duration dedupWindow, int dedupMaxEntries, Clock clock) {
    this(capacity, dedupWindow, dedupMaxEntries, RetryPolicy.DEFAULT, clock);
  }

  @Override
  public AppendResult append(InboundDelivery delivery) {
    lock.lock();
    try {
      if (seen.contains(delivery.eventId())) {
        return AppendResult.DUPLICATE;
      }
      if (waiting() >= capacity) {
        return AppendResult.FULL;
      }
      Entry entry = new Entry(nextId++, delivery, clock.instant());
      byId.put(entry.id, entry);
      byEventId.put(delivery.eventId(), entry);
      seen.add(delivery.eventId());
      due.add(entry);
      appended.signal();
      return AppendResult.ACCEPTED;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public List<Claim> claim(int max, Duration wait) throws InterruptedException {
    long deadline = System.nanoTime() + wait.toNanos();
    lock.lockInterruptibly();
    try {
      while (true) {
        List<Claim> claims = takeDue(max);
        long left = deadline - System.nanoTime();
        if (!claims.isEmpty() || left <= 0) {
          return claims;
        }
        appended.awaitNanos(Math.min(left, RECHECK_NANOS));
      }
    } finally {
      lock.unlock();
    }
  }

  private List<Claim> takeDue(int max) {
    List<Claim> claims = new ArrayList<>();
    Instant now = clock.instant();
    while (claims.size() < max && !due.isEmpty() && !due.peek().nextAttemptAt.isAfter(now)) {
      Entry entry = due.poll();
      entry.inFlight = true;
      entry.attempts++;
      claims.add(new Claim(entry.id, entry.delivery, entry.attempts, entry.succeeded));
    }
    return claims;
  }

  @Override
  public void complete(Claim claim, List<HandlerOutcome> outcomes) {
    lock.lock();
    try {
      Entry entry = byId.get(claim.id());
      if (entry == null) {
        return;
      }
      record(entry, claim, outcomes);
      entry.inFlight = false;
      entry.status = outcomes.isEmpty() && claim.succeededHandlers().isEmpty()
          ? DeliveryStatus.UNHANDLED : DeliveryStatus.HANDLED;
      entry.handledAt = clock.instant();
      entry.lastError = null;
      finish();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void fail(Claim claim, List<HandlerOutcome> outcomes) {
    lock.lock();
    try {
      Entry entry = byId.get(claim.id());
      if (entry == null) {
        return;
      }
      record(entry, claim, outcomes);
      entry.inFlight = false;
      outcomes.stream().filter(o -> !o.succeeded()).reduce((first, second) -> second)
          .ifPresent(last -> entry.lastError = last.handler() + ": " + last.error());
      if (retryPolicy.retries(claim.attempt())) {
        entry.status = DeliveryStatus.RETRYING;
        entry.nextAttemptAt = clock.instant().plus(retryPolicy.delay(claim.attempt()));
        due.add(entry);
      } else {
        entry.status = DeliveryStatus.DEAD;
        log.error("{} {} is dead after {} attempts: {}", entry.delivery.eventName(),
            entry.delivery.eventId(), claim.attempt(), entry.lastError);
        finish();
      }
    } finally {
      lock.unlock();
    }
  }

  private void record(Entry entry, Claim claim, List<HandlerOutcome> outcomes) {
    Instant now = clock.instant();
    Set<String> succeeded = new HashSet<>(entry.succeeded);
    for (HandlerOutcome outcome : outcomes) {
      entry.history.add(new AttemptRecord(claim.attempt(), outcome.handler(),
          now.minus(outcome.duration()), outcome.duration(), outcome.error()));
      if (outcome.succeeded()) {
        succeeded.add(outcome.handler());
      }
    }
    entry.succeeded = succeeded;
  }

  @Override
  public boolean replay(String eventId) {
    lock.lock();
    try {
      Entry entry = byEventId.get(eventId);
      if (entry == null) {
        return false;
      }
      requeue(entry);
      return true;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public int replayDeadLetters(Instant since) {
    lock.lock();
    try {
      int replayed = 0;
      for (Entry entry : byId.values()) {
        if (entry.status == DeliveryStatus.DEAD && !entry.receivedAt.isBefore(since)) {
          requeue(entry);
          replayed++;
        }
      }
      return replayed;
    } finally {
      lock.unlock();
    }
  }

  private void requeue(Entry entry) {
    Instant now = clock.instant();
    entry.history.add(new AttemptRecord(entry.attempts, AttemptRecord.REPLAY, now, Duration.ZERO,
        null));
    entry.replays++;
    entry.succeeded = Set.of();
    entry.lastError = null;
    entry.handledAt = null;
    entry.nextAttemptAt = now;
    if (entry.status != DeliveryStatus.PENDING && entry.status != DeliveryStatus.RETRYING) {
      finished--;
    }
    entry.status = DeliveryStatus.PENDING;
    due.remove(entry);
    if (!entry.inFlight) {
      due.add(entry);
    }
    appended.signalAll();
  }

  @Override
  public Optional<DeliveryRecord> find(String eventId) {
    lock.lock();
    try {
      return Optional.ofNullable(byEventId.get(eventId)).map(entry -> entry.toRecord(true));
    } finally {
      lock.unlock();
    }
  }

  @Override
  public List<DeliveryRecord> query(DeliveryQuery query) {
    lock.lock();
    try {
      List<DeliveryRecord> records = new ArrayList<>();
      NavigableMap<Long, Entry> candidates = query.beforeId() == null
          ? byId.descendingMap() : byId.headMap(query.beforeId(), false).descendingMap();
      for (Entry entry : candidates.values()) {
        if (records.size() == query.limit()) {
          break;
        }
        if (InboxQueries.matches(query, entry.delivery, entry.status)) {
          records.add(entry.toRecord(false));
        }
      }
      return records;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public int purge(Instant cutoff) {
    lock.lock();
    try {
      int purged = 0;
      for (Iterator<Entry> it = byId.values().iterator(); it.hasNext(); ) {
        Entry entry = it.next();
        if (entry.handledAt != null && entry.handledAt.isBefore(cutoff)) {
          it.remove();
          byEventId.remove(entry.delivery.eventId());
          finished--;
          purged++;
        }
      }
      return purged;
    } finally {
      lock.unlock();
    }
  }

  /** Drops the oldest finished deliveries beyond {@link #FINISHED_KEPT}. */
  private void finish() {
    finished++;
    for (Iterator<Entry> it = byId.values().iterator(); finished > FINISHED_KEPT && it.hasNext(); ) {
      Entry entry = it.next();
      if (entry.status != DeliveryStatus.PENDING && entry.status != DeliveryStatus.RETRYING
          && !entry.inFlight) {
        it.remove();
        byEventId.remove(entry.delivery.eventId());
        finished--;
      }
    }
  }

  @Override
  public int depth() {
    lock.lock();
    try {
      return waiting();
    } finally {
      lock.unlock();
    }
  }

  /** Deliveries due now or later, not counting those being handled right now. */
  private int waiting() {
    return due.size();
  }

  @Override
  public String describe() {
    return "memory (capacity " + capacity + "; not durable: a crash loses waiting events)";
  }

  @Override
  public void close() {
    int left = depth();
    if (left > 0) {
      log.warn("Memory inbox closed with {} deliveries not handled; they are lost", left);
    }
  }

  /** One delivery and its state. */
  private static final class Entry {
    final long id;
    final InboundDelivery delivery;
    final Instant receivedAt;
    final List<AttemptRecord> history = new ArrayList<>();
    DeliveryStatus status = DeliveryStatus.PENDING;
    int attempts;
    Instant nextAttemptAt;
    Set<String> succeeded = Set.of();
    String lastError;
    Instant handledAt;
    int replays;
    boolean inFlight;

    Entry(long id, InboundDelivery delivery, Instant now) {
      this.id = id;
      this.delivery = delivery;
      this.receivedAt = delivery.receivedAt();
      this.nextAttemptAt = now;
    }

    DeliveryRecord toRecord(boolean full) {
      return new DeliveryRecord(id, delivery.eventId(), delivery.eventName(),
          InboxQueries.customerId(delivery.event()),
          receivedAt, status, attempts, nextAttemptAt, lastError, handledAt, replays,
          delivery.headers(), full ? delivery.body().clone() : null,
          full ? List.copyOf(history) : List.of(),
          history.stream().map(AttemptRecord::duration).reduce(Duration.ZERO, Duration::plus));
    }
  }
}
