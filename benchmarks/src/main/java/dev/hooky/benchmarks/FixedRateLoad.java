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
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;

/**
 * An open-loop load at a fixed rate: request {@code i} is due at {@code start + i / rate}, whatever
 * happened to the requests before it. Sender threads, one keep-alive connection each, take the
 * next due request in turn, wait for its time and send it. Latency runs from the time the request
 * was <em>due</em>, not from when a sender got round to it: when the server stalls, every request
 * that should have gone out meanwhile is charged the wait (no coordinated omission), as in wrk2.
 *
 * <p>A lead-in at the rate comes first (unmeasured), then the window; requests count in the window
 * by their due time. The schedule ends with the window. If the server cannot keep up, the senders
 * give up a grace period after the window and count what they never sent.
 */
public final class FixedRateLoad {
  private static final long MAX_LATENCY_NANOS = TimeUnit.SECONDS.toNanos(60);

  /**
   * What one run did.
   *
   * @param dueInWindow requests due in the window: rate × window
   * @param ackedInWindow of those, acknowledged (200 {@code ok})
   * @param acked every acknowledged request, lead-in included
   * @param latencyNanos from the due time to the end of the answer, acknowledged window requests
   * @param notSent window requests never sent because the server was too far behind
   * @param answeredWithin from the window's start to the last answer to a window request: about
   *     the window if the server kept up, longer if it fell behind
   */
  public record Result(double ratePerSecond, Duration window, long dueInWindow,
      long ackedInWindow, long acked, Histogram latencyNanos, long duplicates,
      long errorsInWindow, Map<String, Long> errors, long notSent, Duration answeredWithin) {

    /**
     * The acknowledged rate achieved: the window's acknowledged requests over the window, or over
     * the time they took to be answered when that was longer. The target rate if the server kept
     * up.
     */
    public double ackedPerSecond() {
      return ackedInWindow / (Math.max(window.toNanos(), answeredWithin.toNanos()) / 1e9);
    }
  }

  /** When each request is due, from a start time and a rate. */
  record Schedule(long startNanos, double ratePerSecond) {
    /** The due time of request {@code index} (0-based). */
    long due(long index) {
      return startNanos + Math.round(index * 1e9 / ratePerSecond);
    }

    /** The first request due at or after {@code nanos}. */
    long firstAtOrAfter(long nanos) {
      if (nanos <= startNanos) {
        return 0;
      }
      long index = (long) Math.ceil((nanos - startNanos) * ratePerSecond / 1e9);
      // Rounding in due(): step to the exact boundary.
      while (index > 0 && due(index - 1) >= nanos) {
        index--;
      }
      while (due(index) < nanos) {
        index++;
      }
      return index;
    }
  }

  private FixedRateLoad() {}

  /**
   * Runs the load and returns once every sender has stopped.
   *
   * @param events makes one event source per sender
   * @param connections sender threads, one connection each: enough to keep the rate while some
   *     wait for slow answers
   */
  public static Result run(WebhookClient client, Supplier<SignedEvents> events, int connections,
      double ratePerSecond, Duration leadIn, Duration window) throws InterruptedException {
    // Leave the senders a moment to connect before the first request is due.
    Schedule schedule = new Schedule(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50),
        ratePerSecond);
    long windowStart = schedule.startNanos() + leadIn.toNanos();
    long windowEnd = windowStart + window.toNanos();
    long firstInWindow = schedule.firstAtOrAfter(windowStart);
    long end = schedule.firstAtOrAfter(windowEnd);
    long giveUpAt = windowEnd + Math.max(window.toNanos(), TimeUnit.SECONDS.toNanos(5));
    AtomicLong next = new AtomicLong();
    List<SenderStats> stats = new ArrayList<>();
    List<Thread> senders = new ArrayList<>();
    for (int i = 0; i < connections; i++) {
      SenderStats own = new SenderStats();
      stats.add(own);
      SignedEvents source = events.get();
      Thread sender = new Thread(() -> {
        try (WebhookClient.Sender connection = client.open()) {
          for (long index = next.getAndIncrement(); index < end && System.nanoTime() < giveUpAt;
              index = next.getAndIncrement()) {
            send(connection, source, schedule.due(index), index >= firstInWindow, own);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }, "bench-fixed-rate-" + (i + 1));
      sender.setDaemon(true);
      senders.add(sender);
    }
    senders.forEach(Thread::start);
    for (Thread sender : senders) {
      // Past the give-up time, a sender has at most its last request's time-out to go.
      sender.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(giveUpAt - System.nanoTime()))
          + TimeUnit.SECONDS.toMillis(60));
      if (sender.isAlive()) {
        throw new IllegalStateException(sender.getName() + " is stuck in a request for over 60 s");
      }
    }

    Histogram latency = new Histogram(MAX_LATENCY_NANOS, 3);
    long sentInWindow = 0;
    long ackedInWindow = 0;
    long acked = 0;
    long duplicates = 0;
    long errorsInWindow = 0;
    long lastAnswer = windowStart;
    Map<String, Long> errors = new TreeMap<>();
    for (SenderStats own : stats) {
      latency.add(own.latency);
      lastAnswer = Math.max(lastAnswer, own.lastWindowAnswer);
      sentInWindow += own.sentInWindow;
      ackedInWindow += own.ackedInWindow;
      acked += own.acked;
      duplicates += own.duplicates;
      errorsInWindow += own.errorsInWindow;
      own.errors.forEach((kind, count) -> errors.merge(kind, count, Long::sum));
    }
    long dueInWindow = end - firstInWindow;
    return new Result(ratePerSecond, window, dueInWindow, ackedInWindow, acked, latency,
        duplicates, errorsInWindow, errors, dueInWindow - sentInWindow,
        Duration.ofNanos(lastAnswer - windowStart));
  }

  private static void send(WebhookClient.Sender connection, SignedEvents events, long due,
      boolean inWindow, SenderStats stats) throws InterruptedException {
    ClosedLoopLoad.sleepUntil(due);
    // Signed when sent, not when due: a late request still carries a fresh timestamp.
    SignedEvent event = events.next();
    String failure;
    Reply reply = null;
    try {
      reply = connection.post(event);
      failure = reply.status() == 200 ? null : "HTTP " + reply.status() + " " + reply.body();
    } catch (IOException e) {
      failure = "I/O: " + e;
    }
    long answered = System.nanoTime();
    if (inWindow) {
      stats.sentInWindow++;
      stats.lastWindowAnswer = Math.max(stats.lastWindowAnswer, answered);
    }
    if (failure != null) {
      stats.errors.merge(failure, 1L, Long::sum);
      if (inWindow) {
        stats.errorsInWindow++;
      }
      if (reply == null) {
        // Behind schedule, a refused connection would otherwise be retried in a tight loop.
        Thread.sleep(10);
      }
    } else if (!reply.body().equals("ok")) {
      stats.duplicates++;
    } else {
      stats.acked++;
      if (inWindow) {
        stats.ackedInWindow++;
        stats.latency.recordValue(Math.min(answered - due, MAX_LATENCY_NANOS));
      }
    }
  }

  /** One sender's counts; read after the sender thread has ended. */
  private static final class SenderStats {
    final Histogram latency = new Histogram(MAX_LATENCY_NANOS, 3);
    final Map<String, Long> errors = new TreeMap<>();
    long sentInWindow;
    long lastWindowAnswer = Long.MIN_VALUE;
    long ackedInWindow;
    long acked;
    long duplicates;
    long errorsInWindow;
  }
}
