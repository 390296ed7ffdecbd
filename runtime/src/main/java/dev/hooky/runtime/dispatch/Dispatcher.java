package dev.hooky.runtime.dispatch;

import dev.hooky.runtime.inbox.Claim;
import dev.hooky.runtime.inbox.HandlerOutcome;
import dev.hooky.runtime.inbox.Inbox;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Worker threads that claim deliveries from the inbox, run their handlers and report the outcome
 * back. {@link #close} stops claiming once the inbox is empty, or when the timeout runs out.
 */
public final class Dispatcher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);
  private static final Duration POLL = Duration.ofMillis(100);
  /**
   * How many deliveries a worker claims at once: fewer claim round trips. After a crash, a claimed
   * delivery whose handlers had not started yet shows an attempt number one too high.
   */
  public static final int CLAIM_BATCH = 16;

  private final Inbox inbox;
  private final HandlerRunner runner;
  private final BiConsumer<String, Boolean> onAttempt;
  private final AttemptListener attempts;
  private final List<Thread> workers = new ArrayList<>();
  private volatile boolean draining;
  private volatile boolean stopping;

  /** Hears about every finished attempt, after the inbox has recorded it. */
  @FunctionalInterface
  public interface AttemptListener {
    /**
     * @param claim the attempt (its delivery and attempt number)
     * @param succeeded whether every handler succeeded
     */
    void attempted(Claim claim, boolean succeeded);
  }

  /** @param onAttempt told of every finished attempt: event id and whether it succeeded */
  public Dispatcher(Inbox inbox, HandlerRunner runner, int threads,
      BiConsumer<String, Boolean> onAttempt) {
    this(inbox, runner, threads, onAttempt, (claim, succeeded) -> { });
  }

  /**
   * @param onAttempt told of every finished attempt: event id and whether it succeeded
   * @param attempts also told of every finished attempt, with the whole claim (for metrics)
   */
  public Dispatcher(Inbox inbox, HandlerRunner runner, int threads,
      BiConsumer<String, Boolean> onAttempt, AttemptListener attempts) {
    this.inbox = inbox;
    this.runner = runner;
    this.onAttempt = Objects.requireNonNull(onAttempt, "onAttempt == null");
    this.attempts = Objects.requireNonNull(attempts, "attempts == null");
    for (int i = 0; i < threads; i++) {
      Thread worker = new Thread(this::work, "hooky-worker-" + (i + 1));
      worker.setDaemon(true);
      workers.add(worker);
    }
  }

  public void start() {
    workers.forEach(Thread::start);
  }

  /** Whether the workers are claiming: started, not closing, at least one alive. */
  public boolean isRunning() {
    return !draining && workers.stream().anyMatch(Thread::isAlive);
  }

  /** Runs the handlers of one claim and tells the inbox how it went. */
  public List<HandlerOutcome> dispatch(Claim claim) {
    List<HandlerOutcome> outcomes = runner.run(claim);
    boolean succeeded = outcomes.stream().allMatch(HandlerOutcome::succeeded);
    if (succeeded) {
      inbox.complete(claim, outcomes);
    } else {
      inbox.fail(claim, outcomes);
    }
    onAttempt.accept(claim.delivery().eventId(), succeeded);
    try {
      attempts.attempted(claim, succeeded);
    } catch (RuntimeException e) {
      log.warn("The attempt listener failed", e);
    }
    return outcomes;
  }

  private void work() {
    while (!stopping) {
      if (!inbox.health().writable()) {
        // A storage fault: the inbox logs it once and heals by itself; claims would only fail.
        if (draining) {
          return;
        }
        sleepQuietly();
        continue;
      }
      List<Claim> claims;
      try {
        claims = inbox.claim(CLAIM_BATCH, POLL);
      } catch (InterruptedException e) {
        if (stopping) {
          return;
        }
        log.warn("{} was interrupted while waiting for work; carrying on",
            Thread.currentThread().getName());
        continue;
      } catch (RuntimeException e) {
        if (stopping) {
          return;
        }
        if (inbox.health().writable()) { // Else the inbox has logged its fault.
          log.error("Could not claim deliveries from the inbox; trying again", e);
        }
        sleepQuietly();
        continue;
      }
      if (claims.isEmpty() && draining) {
        return;
      }
      for (Claim claim : claims) {
        try {
          dispatch(claim);
        } catch (Throwable e) {
          // Never let one delivery end the worker: the next ones would wait forever.
          log.error("Could not record the outcome of {} {}", claim.delivery().eventName(),
              claim.delivery().eventId(), e);
        }
      }
    }
  }

  /**
   * Lets the workers finish what the inbox holds, up to {@code timeout}; then interrupts them.
   */
  @Override
  public void close() {
    close(Duration.ofSeconds(30));
  }

  public void close(Duration timeout) {
    draining = true;
    long deadline = System.nanoTime() + timeout.toNanos();
    for (Thread worker : workers) {
      long left = deadline - System.nanoTime();
      try {
        if (left > 0) {
          TimeUnit.NANOSECONDS.timedJoin(worker, left);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    stopping = true;
    for (Thread worker : workers) {
      if (worker.isAlive()) {
        log.warn("{} did not finish within {} ms; interrupting it", worker.getName(),
            timeout.toMillis());
        worker.interrupt();
      }
    }
  }

  private static void sleepQuietly() {
    try {
      Thread.sleep(POLL.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
