package dev.hooky.runtime.dispatch;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The watchdog interrupts a call past its deadline, and never one that has ended. */
class HandlerWatchdogTest {
  private final HandlerWatchdog watchdog = new HandlerWatchdog(Duration.ofMillis(100));

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
  void aCallWithinItsDeadlineRunsUndisturbed() throws InterruptedException {
    try (HandlerWatchdog.Watch watch = watchdog.watch(System.nanoTime() + TimeUnit.SECONDS.toNanos(10))) {
      Thread.sleep(100);
    }
  }
}
