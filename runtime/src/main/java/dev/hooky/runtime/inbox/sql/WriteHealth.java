package dev.hooky.runtime.inbox.sql;

import dev.hooky.runtime.inbox.InboxHealth;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the inbox's writes work, after the last one tried; and the log of its faults: one error
 * when writes start failing (with the cause), one warning when they work again (with how long it
 * took and how many writes failed meanwhile), nothing per failed write; and a warning at most
 * every ten seconds while appends are refused for overload.
 */
final class WriteHealth {
  private static final Logger LOG = LoggerFactory.getLogger(WriteHealth.class);
  /** How often refusals for overload are logged at most. */
  static final Duration OVERLOAD_LOG_INTERVAL = Duration.ofSeconds(10);

  private final String inbox;
  private final Logger log;
  private final Clock clock;
  private volatile InboxHealth current;
  /** Writes failed in the current fault; guarded by this. */
  private long failedWrites;
  /**
   * When a refusal for overload was last logged, in the clock's milliseconds; {@code
   * Long.MIN_VALUE} before the first. Not guarded by this: refused requests must not queue on the
   * lock the writer takes after every commit.
   */
  private final AtomicLong overloadLoggedAt = new AtomicLong(Long.MIN_VALUE);

  WriteHealth(String inbox) {
    this(inbox, LOG, Clock.systemUTC());
  }

  WriteHealth(String inbox, Logger log, Clock clock) {
    this.inbox = Objects.requireNonNull(inbox, "inbox == null");
    this.log = log;
    this.clock = clock;
    this.current = InboxHealth.writable(clock.instant());
  }

  InboxHealth current() {
    return current;
  }

  boolean writable() {
    return current.writable();
  }

  /** A write (or a probe) committed: a fault under way ends. */
  synchronized void succeeded() {
    InboxHealth fault = current;
    if (fault.writable()) {
      return;
    }
    Instant now = clock.instant();
    current = InboxHealth.writable(now);
    log.warn("The inbox {} can write again after {}; {} write(s) failed meanwhile and were"
        + " answered 503 or will run again (was: {})", inbox,
        format(Duration.between(fault.since(), now)), failedWrites, fault.problem());
    failedWrites = 0;
  }

  /**
   * Writes failed because of {@code cause}, a storage fault: the first failure of a fault is
   * logged with its cause; a later one only counts (and names the problem, should it change).
   *
   * @param writes how many callers' writes failed with it (0 for a probe)
   */
  synchronized void failed(Throwable cause, int writes) {
    String problem = StorageFaults.describe(cause);
    InboxHealth before = current;
    if (before.writable()) {
      current = InboxHealth.failing(problem, clock.instant());
      failedWrites = writes;
      log.error("The inbox {} cannot write: {}. Webhooks are answered 503 with Retry-After and"
          + " /readyz reports unready until it can; Hooky tries again every second by itself",
          inbox, problem, cause);
      return;
    }
    failedWrites += writes;
    if (!before.problem().equals(problem)) {
      // Not logged: a pool's message differs at every time-out. /readyz shows the latest.
      current = InboxHealth.failing(problem, before.since());
    }
  }

  /** Writes refused without trying, during a fault. */
  synchronized void refused(int writes) {
    failedWrites += writes;
  }

  /**
   * An append was refused because the writer is {@code behindNanos} behind, past its budget:
   * logged once in {@link #OVERLOAD_LOG_INTERVAL}, since under overload every request is refused.
   */
  void overloaded(long behindNanos, long budgetNanos) {
    long now = clock.millis();
    long last = overloadLoggedAt.get();
    if (last != Long.MIN_VALUE && now - last < OVERLOAD_LOG_INTERVAL.toMillis()) {
      return;
    }
    if (!overloadLoggedAt.compareAndSet(last, now)) {
      return; // another refused request logs it
    }
    log.warn("The inbox {} is {} ms behind with its writes, more than the budget of {} ms:"
        + " appends are answered 503 with Retry-After until it catches up (the database is"
        + " slower than the load)", inbox, TimeUnit.NANOSECONDS.toMillis(behindNanos),
        TimeUnit.NANOSECONDS.toMillis(budgetNanos));
  }

  private static String format(Duration duration) {
    long millis = duration.toMillis();
    return millis < 10_000 ? millis + " ms" : duration.toSeconds() + " s";
  }
}
