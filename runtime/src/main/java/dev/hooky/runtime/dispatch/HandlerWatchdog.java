package dev.hooky.runtime.dispatch;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * Interrupts handler calls that run past their deadline. One thread looks at the calls under way a
 * few times per time-out period; a call costs an entry in a concurrent set and two uncontended
 * locks, not a scheduled task.
 *
 * <p>Why not a {@code ScheduledExecutorService} task per call: a cancelled task stays queued until
 * its delay has passed, so at thousands of events per second a 30-second time-out kept hundreds of
 * thousands of dead tasks (and their memory), and every schedule and cancel contended on the
 * executor's queue.
 */
final class HandlerWatchdog implements AutoCloseable {
  private final Set<Watch> underWay = ConcurrentHashMap.newKeySet();
  private final long checkEveryNanos;
  private final Thread thread;
  private final LongSupplier nanoTime;
  private volatile boolean closed;

  /**
   * @param timeout the handlers' time-out; interruptions come at most a 20th of it late
   * @param nanoTime the clock deadlines are given in ({@link System#nanoTime} but in tests)
   */
  HandlerWatchdog(Duration timeout, LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
    this.checkEveryNanos = Math.max(TimeUnit.MILLISECONDS.toNanos(1),
        Math.min(timeout.toNanos() / 20, TimeUnit.MILLISECONDS.toNanos(100)));
    this.thread = new Thread(this::watch, "hooky-handler-timeouts");
    thread.setDaemon(true);
    thread.start();
  }

  /** Watches the calling thread until {@link Watch#close()}; interrupts it after {@code deadline}. */
  Watch watch(long deadlineNanos) {
    Watch watch = new Watch(Thread.currentThread(), deadlineNanos);
    underWay.add(watch);
    return watch;
  }

  private void watch() {
    while (!closed) {
      LockSupport.parkNanos(checkEveryNanos);
      long now = nanoTime.getAsLong();
      for (Watch watch : underWay) {
        watch.interruptIfOverdue(now);
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    LockSupport.unpark(thread);
  }

  /** One handler call being watched. */
  final class Watch implements AutoCloseable {
    private final Thread thread;
    private final long deadlineNanos;
    private boolean over;

    private Watch(Thread thread, long deadlineNanos) {
      this.thread = thread;
      this.deadlineNanos = deadlineNanos;
    }

    synchronized void interruptIfOverdue(long now) {
      if (!over && now - deadlineNanos >= 0) {
        over = true;
        thread.interrupt();
      }
    }

    /** Ends the watch: once this returns, the thread is never interrupted on its account. */
    @Override
    public synchronized void close() {
      over = true;
      underWay.remove(this);
    }
  }
}
