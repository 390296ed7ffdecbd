package dev.hooky.runtime.inbox;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An inbox in memory: a bounded queue, and the {@code event_id}s accepted within a time window for
 * de-duplication. Fast and simple, but <strong>a crash or restart loses every delivery not yet
 * handled</strong>, and failed deliveries are logged, not retried: for tests, and for users who
 * accept that.
 */
public final class MemoryInbox implements Inbox {
  private static final Logger log = LoggerFactory.getLogger(MemoryInbox.class);

  private final BlockingQueue<Claim> queue;
  private final int capacity;
  /** Guarded by itself. */
  private final RecentEventIds accepted;

  /**
   * @param capacity how many deliveries may wait; beyond that {@link #append} answers FULL
   * @param dedupWindow how long an accepted {@code event_id} is remembered
   * @param dedupMaxEntries how many ids are remembered at most (the oldest go first)
   */
  public MemoryInbox(int capacity, Duration dedupWindow, int dedupMaxEntries, Clock clock) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive: " + capacity);
    }
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.capacity = capacity;
    this.accepted = new RecentEventIds(dedupWindow, dedupMaxEntries, clock);
  }

  @Override
  public AppendResult append(InboundDelivery delivery) {
    synchronized (accepted) {
      if (accepted.contains(delivery.eventId())) {
        return AppendResult.DUPLICATE;
      }
      if (!queue.offer(new Claim(delivery, 1, Set.of()))) {
        return AppendResult.FULL;
      }
      accepted.add(delivery.eventId());
      return AppendResult.ACCEPTED;
    }
  }

  @Override
  public List<Claim> claim(int max, Duration wait) throws InterruptedException {
    Claim first = queue.poll(wait.toNanos(), TimeUnit.NANOSECONDS);
    if (first == null) {
      return List.of();
    }
    List<Claim> claims = new ArrayList<>();
    claims.add(first);
    queue.drainTo(claims, max - 1);
    return claims;
  }

  @Override
  public void complete(Claim claim, List<HandlerOutcome> outcomes) {
    // Nothing to record: the delivery left the queue when it was claimed.
  }

  @Override
  public void fail(Claim claim, List<HandlerOutcome> outcomes) {
    InboundDelivery delivery = claim.delivery();
    log.error("Dropping {} {} after a handler failed: the memory inbox does not retry"
        + " (use a durable inbox to retry)", delivery.eventName(), delivery.eventId());
  }

  @Override
  public int depth() {
    return queue.size();
  }

  @Override
  public String describe() {
    return "memory (capacity " + capacity + "; not durable: a crash loses waiting events)";
  }

  @Override
  public void close() {
    int left = queue.size();
    if (left > 0) {
      log.warn("Memory inbox closed with {} deliveries not handled; they are lost", left);
    }
  }
}
