package dev.hooky.runtime.inbox;

import dev.hooky.customerio.CustomerIoEventType;
import dev.hooky.customerio.event.CustomerIoEvent;
import dev.hooky.runtime.parse.EventParser;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Queue;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An inbox in memory, with the same retries, dead letters and replay as the durable ones, but
 * <strong>a crash or restart loses every delivery not yet handled</strong>: for tests, and for users
 * who accept that. Event ids are remembered for de-duplication within the window (and up to a
 * number of them); finished deliveries are kept for Live Logs up to a limit, oldest dropped first:
 * handled ones (the history) and failed ones (dead or quarantined) each up to their own.
 * Quarantined deliveries are finished as soon as they arrive: they count towards the failures
 * kept, not towards the capacity.
 *
 * <p>{@link #append}, called by every request thread, takes no lock shared with the workers: new
 * deliveries go to a lock-free queue that {@link #claim} drains. Everything else (claims, outcomes,
 * retries, queries) runs under one lock, which the workers alone contend for.
 */
public final class MemoryInbox implements Inbox {
  private static final Logger log = LoggerFactory.getLogger(MemoryInbox.class);
  /**
   * Handled deliveries kept for Live Logs, by default. Each one kept outlives young collections
   * and is copied by them: at 40,000 events a second, 10,000 kept made every young pause about
   * 9 ms longer, 1,000 about 1 ms.
   */
  public static final int DEFAULT_HISTORY = 1_000;
  /**
   * The bytes of the bodies of the handled deliveries kept: at Hooky's 5 MiB body limit, the
   * history could otherwise hold gigabytes. Beyond it the oldest go first; the newest always stays.
   */
  static final long HISTORY_BODY_BYTES = 32L * 1024 * 1024;
  /**
   * Dead and quarantined deliveries kept, apart from the handled ones, so that a stream of
   * handled events does not push out what needs a person's attention (and a replay).
   */
  static final int FAILURES_KEPT = 10_000;
  /** The bytes of the bodies of the dead and quarantined deliveries kept. */
  static final long FAILURE_BODY_BYTES = 64L * 1024 * 1024;
  /** How often a waiting claim looks again for retries falling due. */
  private static final long RECHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
  /** By due time, then by arrival. */
  private static final Comparator<Entry> DUE_ORDER = (a, b) -> {
    int byTime = a.nextAttemptAt.compareTo(b.nextAttemptAt);
    return byTime != 0 ? byTime : Long.compare(a.id, b.id);
  };

  private final int capacity;
  private final RetryPolicy retryPolicy;
  private final EventParser parser;
  private final Clock clock;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition appended = lock.newCondition();
  /** Claimers waiting on {@link #appended}. */
  private final AtomicInteger sleepingClaimers = new AtomicInteger();
  /**
   * Claimers in {@link #claim} and not waiting: each looks at the arrivals again before it waits,
   * so while one is here an append need not wake anybody (nor take the lock to).
   */
  private final AtomicInteger drainingClaimers = new AtomicInteger();
  private final RecentEventIds seen;
  private final AtomicLong nextId = new AtomicLong(1);
  /** Deliveries in {@link #arrivals} or {@link #retries}: due now or later, not being handled. */
  private final AtomicInteger waiting = new AtomicInteger();
  /** New deliveries, oldest first; appended without the lock, taken under it. */
  private final Queue<Entry> arrivals = new ConcurrentLinkedQueue<>();
  /** Every delivery by its event id, from its append on; its fields change under the lock. */
  private final Map<String, Entry> byEventId = new ConcurrentHashMap<>();
  // Guarded by lock.
  /**
   * Every delivery taken from the arrivals or quarantined, by id. A tree, not a concurrent skip
   * list: a node a skip list removes keeps pointing at its successors, so once it is promoted it
   * keeps every later node alive through young collections until the old generation is collected
   * (the memory inbox's long young pauses). A removed tree node is unlinked.
   */
  private final TreeMap<Long, Entry> byId = new TreeMap<>();
  /** Deliveries due again later (retries) or again now (replays), by due time. */
  private final PriorityQueue<Entry> retries = new PriorityQueue<>(DUE_ORDER);
  /** Handled (or unhandled) deliveries kept for Live Logs, oldest first. */
  private final Kept history;
  /** Dead and quarantined deliveries kept, oldest first. */
  private final Kept failures;

  /**
   * @param capacity how many deliveries may wait; beyond that {@link #append} answers FULL
   * @param history how many handled deliveries Live Logs keeps (the newest; at most 32 MiB of
   *     their bodies); dead and quarantined ones are kept apart, up to 10,000
   * @param dedupWindow how long an accepted {@code event_id} is remembered
   * @param dedupMaxEntries how many ids are remembered at most (the oldest go first)
   * @param parser parses quarantined bodies again when they are replayed
   */
  public MemoryInbox(int capacity, int history, Duration dedupWindow, int dedupMaxEntries,
      RetryPolicy retryPolicy, EventParser parser, Clock clock) {
    this(capacity, dedupWindow, dedupMaxEntries, retryPolicy, parser, clock,
        new Kept(history, HISTORY_BODY_BYTES), new Kept(FAILURES_KEPT, FAILURE_BODY_BYTES));
  }

  /** An inbox keeping the {@link #DEFAULT_HISTORY}. */
  public MemoryInbox(int capacity, Duration dedupWindow, int dedupMaxEntries,
      RetryPolicy retryPolicy, EventParser parser, Clock clock) {
    this(capacity, DEFAULT_HISTORY, dedupWindow, dedupMaxEntries, retryPolicy, parser, clock);
  }

  /** As the public ones, with every limit of the finished deliveries kept (for tests). */
  MemoryInbox(int capacity, Duration dedupWindow, int dedupMaxEntries, RetryPolicy retryPolicy,
      EventParser parser, Clock clock, int historyKept, long historyBodyBytes, int failuresKept,
      long failureBodyBytes) {
    this(capacity, dedupWindow, dedupMaxEntries, retryPolicy, parser, clock,
        new Kept(historyKept, historyBodyBytes), new Kept(failuresKept, failureBodyBytes));
  }

  private MemoryInbox(int capacity, Duration dedupWindow, int dedupMaxEntries,
      RetryPolicy retryPolicy, EventParser parser, Clock clock, Kept history, Kept failures) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive: " + capacity);
    }
    this.history = history;
    this.failures = failures;
    this.capacity = capacity;
    this.retryPolicy = retryPolicy;
    this.parser = parser;
    this.clock = clock;
    this.seen = new RecentEventIds(dedupWindow, dedupMaxEntries, clock);
  }

  /** An inbox with the default retry policy. */
  public MemoryInbox(int capacity, Duration dedupWindow, int dedupMaxEntries, EventParser parser,
      Clock clock) {
    this(capacity, dedupWindow, dedupMaxEntries, RetryPolicy.DEFAULT, parser, clock);
  }

  @Override
  public AppendResult append(InboundDelivery received) {
    Instant now = clock.instant();
    InboundDelivery delivery = storable(received);
    if (seen.contains(delivery.eventId())) {
      return AppendResult.DUPLICATE;
    }
    if (delivery.quarantined()) {
      return quarantine(delivery, now);
    }
    if (!reserveRoom()) {
      return AppendResult.FULL;
    }
    if (!seen.addIfAbsent(delivery.eventId())) {
      waiting.decrementAndGet(); // the same event, sent twice at once: the other one is taken
      return AppendResult.DUPLICATE;
    }
    Entry entry = new Entry(nextId.getAndIncrement(), delivery, now);
    byEventId.put(delivery.eventId(), entry);
    arrivals.add(entry);
    // A claimer counts itself sleeping, then no longer draining, then looks at the arrivals a last
    // time before it waits (see claim): either it sees this entry, or this sees it asleep with no
    // one draining, and wakes it. One wake-up serves a burst of appends, not one each.
    if (drainingClaimers.get() == 0 && sleepingClaimers.get() > 0) {
      lock.lock();
      try {
        appended.signal();
      } finally {
        lock.unlock();
      }
    }
    return AppendResult.ACCEPTED;
  }

  /** Keeps a quarantined delivery, finished at once: it never waits for a claim. */
  private AppendResult quarantine(InboundDelivery delivery, Instant now) {
    if (!seen.addIfAbsent(delivery.eventId())) {
      return AppendResult.DUPLICATE;
    }
    Entry entry = new Entry(nextId.getAndIncrement(), delivery, now);
    entry.queued = false;
    entry.status = DeliveryStatus.QUARANTINED;
    entry.lastError = StoredText.clean(delivery.quarantineReason());
    lock.lock();
    try {
      index(entry);
      byEventId.put(delivery.eventId(), entry);
      finish(entry);
    } finally {
      lock.unlock();
    }
    return AppendResult.ACCEPTED;
  }

  /**
   * {@code delivery} under the key and name a SQL inbox would store, so that all inboxes agree
   * (errors and reasons are cleaned alike).
   */
  private static InboundDelivery storable(InboundDelivery delivery) {
    String key = StoredText.key(delivery.eventId());
    String name = StoredText.clean(delivery.eventName());
    if (key.equals(delivery.eventId()) && name.equals(delivery.eventName())) {
      return delivery;
    }
    return new InboundDelivery(key, name, delivery.receivedAt(), delivery.headers(),
        delivery.body(), delivery.event(), delivery.quarantineReason());
  }

  /** Counts one more waiting delivery, unless the inbox is full. */
  private boolean reserveRoom() {
    while (true) {
      int count = waiting.get();
      if (count >= capacity) {
        return false;
      }
      if (waiting.compareAndSet(count, count + 1)) {
        return true;
      }
    }
  }

  @Override
  public List<Claim> claim(int max, Duration wait) throws InterruptedException {
    long deadline = System.nanoTime() + wait.toNanos();
    drainingClaimers.incrementAndGet();
    try {
      lock.lockInterruptibly();
      try {
        while (true) {
          List<Claim> claims = takeDue(max);
          long left = deadline - System.nanoTime();
          if (!claims.isEmpty() || left <= 0) {
            return claims;
          }
          sleepingClaimers.incrementAndGet();
          drainingClaimers.decrementAndGet();
          try {
            if (arrivals.isEmpty()) {
              appended.awaitNanos(Math.min(left, RECHECK_NANOS));
            }
          } finally {
            drainingClaimers.incrementAndGet();
            sleepingClaimers.decrementAndGet();
          }
        }
      } finally {
        lock.unlock();
      }
    } finally {
      drainingClaimers.decrementAndGet();
    }
  }

  private List<Claim> takeDue(int max) {
    List<Claim> claims = new ArrayList<>();
    Instant now = clock.instant();
    while (claims.size() < max) {
      Entry retry = retries.peek();
      boolean retryDue = retry != null && !retry.nextAttemptAt.isAfter(now);
      Entry arrival = arrivals.peek(); // only the lock's holder takes from arrivals
      Entry entry;
      if (retryDue && (arrival == null || DUE_ORDER.compare(retry, arrival) <= 0)) {
        entry = retries.poll();
      } else if (arrival != null) {
        entry = arrivals.poll();
        index(entry);
      } else {
        break;
      }
      waiting.decrementAndGet();
      entry.queued = false;
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
      finish(entry);
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
          .ifPresent(last ->
              entry.lastError = StoredText.clean(last.handler() + ": " + last.error()));
      if (retryPolicy.retries(claim.attempt())) {
        entry.status = DeliveryStatus.RETRYING;
        entry.nextAttemptAt = clock.instant().plus(retryPolicy.delay(claim.attempt()));
        enqueueRetry(entry);
      } else {
        entry.status = DeliveryStatus.DEAD;
        log.error("{} {} is dead after {} attempts: {}", entry.eventName(), entry.eventId,
            claim.attempt(), entry.lastError);
        finish(entry);
      }
    } finally {
      lock.unlock();
    }
  }

  private void record(Entry entry, Claim claim, List<HandlerOutcome> outcomes) {
    Instant now = clock.instant();
    // Copied on write: claims handed out hold the set they were given.
    Set<String> succeeded = null;
    for (HandlerOutcome outcome : outcomes) {
      entry.history().add(new AttemptRecord(claim.attempt(), outcome.handler(),
          now.minus(outcome.duration()), outcome.duration(), outcome.error()));
      if (outcome.succeeded() && !entry.succeeded.contains(outcome.handler())) {
        if (succeeded == null) {
          succeeded = new HashSet<>(entry.succeeded);
        }
        succeeded.add(outcome.handler());
      }
    }
    if (succeeded != null) {
      entry.succeeded = succeeded;
    }
  }

  @Override
  public boolean replay(String eventId) {
    lock.lock();
    try {
      Entry entry = byEventId.get(StoredText.key(eventId));
      if (entry == null) {
        return false;
      }
      if (entry.status == DeliveryStatus.QUARANTINED) {
        parseAgain(entry);
      } else {
        requeue(entry);
      }
      forgetUnfinished();
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
      forgetUnfinished();
      return replayed;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public int replayQuarantined(Instant since) {
    lock.lock();
    try {
      int parsed = 0;
      for (Entry entry : List.copyOf(byId.values())) {
        if (entry.status == DeliveryStatus.QUARANTINED && !entry.receivedAt.isBefore(since)
            && parseAgain(entry)) {
          parsed++;
        }
      }
      forgetUnfinished();
      return parsed;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Parses a quarantined entry's body again: queued for the handlers if it parses now, else kept
   * with the new reason. Under the lock; returns whether it parsed.
   */
  private boolean parseAgain(Entry entry) {
    InboundDelivery again = Quarantine.parseAgain(parser, entry.delivery);
    if (!again.quarantined()) {
      entry.delivery = again;
      requeue(entry);
      return true;
    }
    entry.lastError = StoredText.clean(again.quarantineReason());
    recordReplay(entry, clock.instant(), entry.lastError);
    return false;
  }

  private void recordReplay(Entry entry, Instant now, String error) {
    entry.history().add(new AttemptRecord(entry.attempts, AttemptRecord.REPLAY, now, Duration.ZERO,
        error));
    entry.replays++;
  }

  private void requeue(Entry entry) {
    if (entry.delivery == null) {
      // A summary: its event again, from the body the handlers had.
      entry.delivery = Quarantine.parse(parser, entry.eventId, entry.eventName(),
          entry.receivedAt, entry.headers(), entry.body);
      if (entry.delivery.quarantined()) {
        // The parser no longer takes it (it did when it arrived): kept, never half-handled.
        entry.status = DeliveryStatus.QUARANTINED;
        entry.lastError = StoredText.clean(entry.delivery.quarantineReason());
        recordReplay(entry, clock.instant(), entry.lastError);
        return;
      }
    }
    Instant now = clock.instant();
    recordReplay(entry, now, null);
    entry.succeeded = Set.of();
    entry.lastError = null;
    entry.handledAt = null;
    entry.nextAttemptAt = now;
    unfinish(entry);
    entry.status = DeliveryStatus.PENDING;
    if (entry.queued && retries.remove(entry)) {
      entry.queued = false;
      waiting.decrementAndGet();
    }
    // Still among the arrivals, it is due now already; being handled, its outcome decides.
    if (!entry.queued && !entry.inFlight) {
      enqueueRetry(entry);
    }
    appended.signalAll();
  }

  /**
   * Adds {@code entry} to {@link #byId} unless it is there already (an arrival a query listed
   * before a worker took it); under the lock.
   */
  private void index(Entry entry) {
    if (!entry.indexed) {
      entry.indexed = true;
      byId.put(entry.id, entry);
    }
  }

  /** Queues {@code entry} for its {@code nextAttemptAt}; under the lock. */
  private void enqueueRetry(Entry entry) {
    entry.queued = true;
    waiting.incrementAndGet();
    retries.add(entry);
  }

  @Override
  public Optional<DeliveryRecord> find(String eventId) {
    lock.lock();
    try {
      return Optional.ofNullable(byEventId.get(StoredText.key(eventId)))
          .map(entry -> entry.toRecord(true));
    } finally {
      lock.unlock();
    }
  }

  @Override
  public List<DeliveryRecord> query(DeliveryQuery query) {
    lock.lock();
    try {
      // The arrivals not taken yet are listed too.
      arrivals.forEach(this::index);
      List<DeliveryRecord> records = new ArrayList<>();
      NavigableMap<Long, Entry> candidates = query.beforeId() == null
          ? byId.descendingMap() : byId.headMap(query.beforeId(), false).descendingMap();
      for (Entry entry : candidates.values()) {
        if (records.size() == query.limit()) {
          break;
        }
        if (entry.matches(query)) {
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
          byEventId.remove(entry.eventId);
          unfinish(entry);
          purged++;
        }
      }
      forgetUnfinished();
      return purged;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Keeps {@code done} among the finished deliveries of its kind, then drops the oldest of that
   * kind beyond their limits, never {@code done} itself.
   */
  private void finish(Entry done) {
    boolean handled =
        done.status == DeliveryStatus.HANDLED || done.status == DeliveryStatus.UNHANDLED;
    if (handled) {
      done.summarize();
    }
    Kept kept = handled ? history : failures;
    kept.add(done);
    while (kept.overLimits() && kept.oldest() != done) {
      Entry dropped = kept.dropOldest();
      byId.remove(dropped.id);
      byEventId.remove(dropped.eventId);
    }
  }

  /** Counts {@code entry} no longer finished (replayed or purged); see {@link #forgetUnfinished}. */
  private void unfinish(Entry entry) {
    if (entry.keptIn != null) {
      entry.keptIn.uncount(entry);
    }
  }

  /** Takes the entries {@link #unfinish}ed out of the kept ones' order; under the lock. */
  private void forgetUnfinished() {
    history.forgetUnfinished();
    failures.forgetUnfinished();
  }

  /**
   * {@inheritDoc}
   *
   * <p>Here: the start of the de-duplication window, or, once more ids arrived within it than
   * this inbox remembers, just after the newest id it had to forget.
   */
  @Override
  public Instant rememberedSince() {
    return seen.rememberedSince();
  }

  /** Deliveries due now or later, not counting those being handled right now. */
  @Override
  public int depth() {
    return waiting.get();
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

  /**
   * Finished deliveries of one kind kept for Live Logs, oldest first, up to a number and the bytes
   * of their bodies; under the lock. An array, not a linked list: nothing here keeps a dropped
   * entry reachable.
   */
  private static final class Kept {
    private final int maxCount;
    private final long maxBodyBytes;
    private final ArrayDeque<Entry> order = new ArrayDeque<>();
    /** The entries kept: {@link #order}, less those unfinished since the last forgetting. */
    private int count;
    private long bodyBytes;

    Kept(int maxCount, long maxBodyBytes) {
      if (maxCount < 1) {
        throw new IllegalArgumentException("the history must be positive: " + maxCount);
      }
      this.maxCount = maxCount;
      this.maxBodyBytes = maxBodyBytes;
    }

    void add(Entry entry) {
      entry.keptIn = this;
      order.addLast(entry);
      count++;
      bodyBytes += entry.body.length;
    }

    boolean overLimits() {
      return count > maxCount || bodyBytes > maxBodyBytes;
    }

    Entry oldest() {
      return order.peekFirst();
    }

    Entry dropOldest() {
      Entry oldest = order.removeFirst();
      uncount(oldest);
      return oldest;
    }

    /** No longer kept here; {@link #forgetUnfinished} takes it out of the order. */
    void uncount(Entry entry) {
      entry.keptIn = null;
      count--;
      bodyBytes -= entry.body.length;
    }

    void forgetUnfinished() {
      if (count < order.size()) {
        order.removeIf(entry -> entry.keptIn != this);
      }
    }
  }

  /**
   * One delivery and its state. Once handled, it keeps a summary for Live Logs: the delivery with
   * its parsed event is dropped, its name kept, and its headers, attempt history and query columns
   * packed into one array ({@link PackedSummary}); a replay parses the body again. Thousands of
   * these outlive young collections: each object dropped is one the collector no longer copies.
   */
  private static final class Entry {
    final long id;
    /**
     * Replaced once, when a replay parses a quarantined body; {@code null} while this is a
     * summary (handled, not replayed since).
     */
    InboundDelivery delivery;
    final String eventId;
    final Instant receivedAt;
    final byte[] body;
    /** {@code null} while packed. */
    Map<String, List<String>> headers;
    /** {@code null} while packed. */
    List<AttemptRecord> history = new ArrayList<>(2);
    /** A summary's name (the delivery's otherwise). */
    String eventName;
    /** A summary's headers, history and query columns; {@code null} otherwise. */
    PackedSummary packed;
    DeliveryStatus status = DeliveryStatus.PENDING;
    int attempts;
    Instant nextAttemptAt;
    Set<String> succeeded = Set.of();
    String lastError;
    Instant handledAt;
    int replays;
    boolean inFlight;
    /** The finished deliveries this is kept among; {@code null} while it is not finished. */
    Kept keptIn;
    /** In {@link #byId}; a new entry is added when it is first claimed or queried. */
    boolean indexed;
    /** In {@link #arrivals} or {@link #retries}; a new entry is on its way into the arrivals. */
    boolean queued = true;

    Entry(long id, InboundDelivery delivery, Instant now) {
      this.id = id;
      this.delivery = delivery;
      this.eventId = delivery.eventId();
      this.receivedAt = delivery.receivedAt();
      this.headers = delivery.headers();
      this.body = delivery.body();
      this.nextAttemptAt = now;
    }

    /** Keeps only what Live Logs shows and queries of the delivery, packed; under the lock. */
    void summarize() {
      CustomerIoEvent event = delivery.event();
      // The catalog's constant where it is the same name: one string shared by every summary of
      // the type, not a copy each (an unknown event keeps its own).
      String name = delivery.eventName();
      CustomerIoEventType type = event != null ? event.type() : null;
      eventName = type != null && type.eventName().equals(name) ? type.eventName() : name;
      packed = PackedSummary.pack(InboxQueries.customerId(event),
          InboxQueries.customerEmail(event), InboxQueries.deliveryId(event), headers, history);
      headers = null;
      history = null;
      // Only a claim reads it, and a replay starts it afresh.
      succeeded = Set.of();
      delivery = null;
    }

    /** The history, to add to: unpacked first if this is a summary; under the lock. */
    List<AttemptRecord> history() {
      if (history == null) {
        history = packed.history();
        headers = packed.headers();
        if (delivery != null) {
          packed = null; // replayed: the delivery has the columns again
        }
      }
      return history;
    }

    Map<String, List<String>> headers() {
      return headers != null ? headers : packed.headers();
    }

    String eventName() {
      return delivery != null ? delivery.eventName() : eventName;
    }

    String customerId() {
      return delivery != null ? InboxQueries.customerId(delivery.event()) : packed.customerId();
    }

    boolean matches(DeliveryQuery query) {
      if (delivery != null) {
        return InboxQueries.matches(query, delivery, status);
      }
      // The packed columns are read only when the query filters on them.
      boolean byCustomer = query.customerId() != null;
      boolean byText = query.text() != null;
      return InboxQueries.matches(query, eventId, eventName, receivedAt,
          byCustomer ? packed.customerId() : null, byCustomer ? packed.customerEmail() : null,
          byText ? packed.deliveryId() : null, status);
    }

    DeliveryRecord toRecord(boolean full) {
      Duration handling = history != null
          ? history.stream().map(AttemptRecord::duration).reduce(Duration.ZERO, Duration::plus)
          : packed.totalDuration();
      return new DeliveryRecord(id, eventId, eventName(), customerId(), receivedAt, status,
          attempts, nextAttemptAt, lastError, handledAt, replays, headers(),
          full ? body.clone() : null,
          full ? List.copyOf(history != null ? history : packed.history()) : List.of(),
          handling);
    }
  }
}
