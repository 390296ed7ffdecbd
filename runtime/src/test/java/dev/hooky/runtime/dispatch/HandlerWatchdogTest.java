package dev.hooky.runtime.dispatch;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The watchdog interrupts a call past its deadline, and never one that has ended. */
class HandlerWatchdogTest {
  private final HandlerWatchdog watchdog = new HandlerWatchdog(Duration.ofMillis(100),
      System::nanoTime);

  @AfterEach
  void tearDown() {
    watchdog.close();
    Thread.interrupted();
  }

  @Test
  void aCallPastItsDeadlineIsInterrupted() {
    long start = System.nanoTime();
    long deadline = start + TimeUnit.MILLISECONDS.toNanos(50);
    try (HandlerWatchdog.Watch watch = watchdog.watch(deadline)) {
      assertThrows(InterruptedException.class, () -> Thread.sleep(10_000));
    }
    assertTrue(System.nanoTime() - deadline >= 0, "interrupted before the deadline");
  }

  @Test
  void anEndedCallIsNeverInterrupted() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20);
    try (HandlerWatchdog.Watch watch = watchdog.watch(deadline)) {
      assertFalse(Thread.currentThread().isInterrupted());
    }
    Thread.sleep(200); // several checks past the deadline

    assertFalse(Thread.interrupted(), "interrupted after the watch ended");
  }

  @Test
  void betweenLooksTheWatchdogSleeps() throws InterruptedException {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    Thread thread = Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().equals("hooky-handler-timeouts") && t.isAlive())
        .max(Comparator.comparingLong(Thread::getId)).orElseThrow();
    long cpuBefore = threads.getThreadCpuTime(thread.getId());

    Thread.sleep(500);

    long cpu = threads.getThreadCpuTime(thread.getId()) - cpuBefore;
    // A look every 5 ms (a 20th of the 100 ms time-out) costs microseconds; a watchdog that
    // never parks burns a core.
    assertTrue(cpu < TimeUnit.MILLISECONDS.toNanos(50),
        "the watchdog used " + TimeUnit.NANOSECONDS.toMillis(cpu) + " ms of CPU in 500 ms");
  }

  @Test
  void aCallWithinItsDeadlineRunsUndisturbed() throws InterruptedException {
    try (HandlerWatchdog.Watch watch = watchdog.watch(System.nanoTime() + TimeUnit.SECONDS.toNanos(10))) {
      Thread.sleep(100);
    }
  }
}
