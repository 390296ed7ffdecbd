package dev.hooky.benchmarks;

import dev.hooky.benchmarks.SignedEvents.SignedEvent;
import dev.hooky.benchmarks.WebhookClient.Reply;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;

/**
 * A closed-loop load: a fixed number of sender threads, each posting a new signed event, waiting
 * for the answer, and posting the next at once. First a warm-up ({@link WarmUp}: a fixed time, or
 * until the rate stops rising), then the measured window; a request counts in the window when its
 * answer arrives inside it. The load goes on a moment past the window, until the observer has
 * taken its readings. Latency is the time from just before the request is written to the end of
 * its answer, acknowledged (200 {@code ok}) requests only.
 */
public final class ClosedLoopLoad {
  /** Highest latency the histograms track: anything slower is an outage, not a latency. */
  private static final long MAX_LATENCY_NANOS = TimeUnit.SECONDS.toNanos(60);

  /** Told when the measured window starts and ends, on the coordinating thread. */
  public interface WindowObserver {
    void windowStarted();

    void windowEnded();
  }

  /** Decides when the warm-up is over, on the coordinating thread, while the load runs. */
  public interface WarmUp {
    /**
     * Returns when the measured window may start.
     *
     * @param acked how many requests have been acknowledged so far
     */
    void await(LongSupplier acked) throws InterruptedException;

    /** A warm-up of a fixed length. */
    static WarmUp fixed(Duration length) {
      return acked -> sleepUntil(System.nanoTime() + length.toNanos());
    }
  }

  /** What one load run did. {@code acked} counts every acknowledged request, warm-up included. */
  public record Result(long acked, long ackedInWindow, Duration window, Histogram latencyNanos,
      long duplicates, long errorsInWindow, Map<String, Long> errors) {

    public double ackedPerSecond() {
      return ackedInWindow / (window.toNanos() / 1e9);
    }

    public long totalErrors() {
      return errors.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  private ClosedLoopLoad() {}

  /** The load after a warm-up of a fixed length; see the other {@code run}. */
  static Result run(WebhookClient client, Supplier<SignedEvents> events, int concurrency,
      Duration warmup, Duration window, WindowObserver observer) throws InterruptedException {
    return run(client, events, concurrency, WarmUp.fixed(warmup), window, observer);
  }

  /**
   * Runs the load and returns once every sender has had the answer to its last request.
   *
   * @param events makes one event source per sender
   * @param warmUp ends the unmeasured start; the window starts right after
   */
  public static Result run(WebhookClient client, Supplier<SignedEvents> events, int concurrency,
      WarmUp warmUp, Duration window, WindowObserver observer) throws InterruptedException {
    Shared shared = new Shared();
    List<SenderStats> stats = new ArrayList<>();
    List<Thread> senders = new ArrayList<>();
    for (int i = 0; i < concurrency; i++) {
      SenderStats own = new SenderStats();
      stats.add(own);
      SignedEvents source = events.get();
      Thread sender = new Thread(() -> send(client, source, own, shared),
          "bench-sender-" + (i + 1));
      sender.setDaemon(true);
      senders.add(sender);
    }
    senders.forEach(Thread::start);
    try {
      warmUp.await(shared.acked::sum);
      long windowStart = System.nanoTime();
      long windowEnd = windowStart + window.toNanos();
      // End before start: a sender that sees the start also sees the end (both volatile).
      shared.windowEnd = windowEnd;
      shared.windowStart = windowStart;
      observer.windowStarted();
      sleepUntil(windowEnd);
      // The senders keep going until the readings are taken, so that the load is the same to
      // the end of the window and every sender thread's CPU time is still there to read.
      observer.windowEnded();
    } finally {
      shared.stop.set(true);
    }
    for (Thread sender : senders) {
      sender.join(TimeUnit.SECONDS.toMillis(60));
      if (sender.isAlive()) {
        throw new IllegalStateException(sender.getName() + " is stuck in a request for over 60 s");
      }
    }

    Histogram latency = new Histogram(MAX_LATENCY_NANOS, 3);
    long acked = 0;
    long ackedInWindow = 0;
    long duplicates = 0;
    long errorsInWindow = 0;
    Map<String, Long> errors = new TreeMap<>();
    for (SenderStats own : stats) {
      latency.add(own.latency);
      acked += own.acked;
      ackedInWindow += own.ackedInWindow;
      duplicates += own.duplicates;
      errorsInWindow += own.errorsInWindow;
      own.errors.forEach((kind, count) -> errors.merge(kind, count, Long::sum));
    }
    return new Result(acked, ackedInWindow, window, latency, duplicates, errorsInWindow, errors);
  }

  private static void send(WebhookClient client, SignedEvents events, SenderStats stats,
      Shared shared) {
    try (WebhookClient.Sender sender = client.open()) {
      while (!shared.stop.get()) {
        SignedEvent event = events.next();
        long sent = System.nanoTime();
        String failure;
        Reply reply = null;
        try {
          reply = sender.post(event);
          failure = reply.status() == 200 ? null : "HTTP " + reply.status() + " " + reply.body();
        } catch (IOException e) {
          failure = "I/O: " + e;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
        long answered = System.nanoTime();
        boolean inWindow = answered >= shared.windowStart && answered < shared.windowEnd;
        if (failure != null) {
          stats.errors.merge(failure, 1L, Long::sum);
          if (inWindow) {
            stats.errorsInWindow++;
          }
          if (reply == null) {
            pause();
          }
        } else if (!reply.body().equals("ok")) {
          // 200 "duplicate": the ids are unique, so this would be a bug of the benchmark's.
          stats.duplicates++;
        } else {
          stats.acked++;
          shared.acked.increment();
          if (inWindow) {
            stats.ackedInWindow++;
            stats.latency.recordValue(Math.min(answered - sent, MAX_LATENCY_NANOS));
          }
        }
      }
    }
  }

  /** After an I/O failure: do not spin on a server that refuses connections. */
  private static void pause() {
    try {
      Thread.sleep(10);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static void sleepUntil(long nanoTime) throws InterruptedException {
    for (long left = nanoTime - System.nanoTime(); left > 0; left = nanoTime - System.nanoTime()) {
      TimeUnit.NANOSECONDS.sleep(left);
    }
  }

  /** What the coordinating thread and the senders share while the load runs. */
  private static final class Shared {
    final AtomicBoolean stop = new AtomicBoolean();
    /** Acknowledged so far, for the warm-up to watch the rate. */
    final LongAdder acked = new LongAdder();
    /** The window's bounds (System.nanoTime()), unknown until the warm-up is over. */
    volatile long windowStart = Long.MAX_VALUE;
    volatile long windowEnd = Long.MAX_VALUE;
  }

  /** One sender's counts; read after the sender thread has ended. */
  private static final class SenderStats {
    final Histogram latency = new Histogram(MAX_LATENCY_NANOS, 3);
    final Map<String, Long> errors = new TreeMap<>();
    long acked;
    long ackedInWindow;
    long duplicates;
    long errorsInWindow;
  }
}
