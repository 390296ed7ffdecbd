package dev.hooky.runtime.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hooky.customerio.CustomerIoEventType;
import dev.hooky.customerio.event.CustomerIoEvent;
import dev.hooky.runtime.inbox.Claim;
import dev.hooky.runtime.inbox.HandlerOutcome;
import dev.hooky.runtime.inbox.InboundDelivery;
import dev.hooky.runtime.parse.EventParser;
import dev.hooky.runtime.testing.Payloads;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One handler's time-out is its own: the watch on a handler that finished never reaches the
 * worker's next handler, however the calls before it ended.
 */
class HandlerRunnerTest {
  private static final Duration TIMEOUT = Duration.ofMillis(400);
  private static final String TIMED_OUT = "TimeoutException: timed out after 400 ms";

  private HandlerRunner runner;

  @AfterEach
  void close() {
    if (runner != null) {
      runner.close();
    }
    Thread.interrupted();
  }

  @Test
  void aFinishedHandlersDeadlineNeverInterruptsTheNextHandler() {
    // The first handler takes half its time; the second blocks until it is interrupted. Had the
    // first one's watch stayed open, its deadline (half a time-out into the second call) would
    // interrupt the second call early.
    runner = runner(
        handler("first", () -> awaitQuietly(TIMEOUT.dividedBy(2))),
        handler("second", HandlerRunnerTest::blockUntilInterrupted));

    List<HandlerOutcome> outcomes = runner.run(claim());

    assertNull(outcomes.get(0).error());
    assertEquals(TIMED_OUT, outcomes.get(1).error(), "interrupted on the first call's account");
    assertTrue(outcomes.get(1).duration().compareTo(TIMEOUT) >= 0,
        "the second call ran " + outcomes.get(1).duration() + ", less than its time-out");
  }

  @Test
  void aHandlerThatFailedLeavesNoDeadlineForTheNextHandler() {
    // An exception becomes a failed stage: the runner's ExecutionException path.
    assertTheNextHandlerRunsItsWholeTime("IllegalStateException: stock service down",
        handler("failed", () -> {
          awaitQuietly(TIMEOUT.dividedBy(2));
          throw new IllegalStateException("stock service down");
        }));
  }

  @Test
  void aHandlerThatThrewAnErrorLeavesNoDeadlineForTheNextHandler() {
    // An Error is not turned into a stage: the runner's catch-all path.
    assertTheNextHandlerRunsItsWholeTime("AssertionError: broken invariant",
        handler("error", () -> {
          awaitQuietly(TIMEOUT.dividedBy(2));
          throw new AssertionError("broken invariant");
        }));
  }

  @Test
  void anAsynchronousHandlerThatTimedOutLeavesNoDeadlineForTheNextHandler() {
    // Its stage never completes: the runner's wait for it times out, possibly before the
    // watchdog's next look, which must then not find the watch still open.
    assertTheNextHandlerRunsItsWholeTime(TIMED_OUT, CallbackRouter.of("never", List.of("*"),
        (event, delivery) -> new CompletableFuture<Void>()));
  }

  private void assertTheNextHandlerRunsItsWholeTime(String firstError, CallbackRouter first) {
    runner = runner(first, handler("second", HandlerRunnerTest::blockUntilInterrupted));

    List<HandlerOutcome> outcomes = runner.run(claim());

    assertEquals(firstError, outcomes.get(0).error());

    assertEquals(TIMED_OUT, outcomes.get(1).error(), "interrupted on the first call's account");
    assertTrue(outcomes.get(1).duration().compareTo(TIMEOUT) >= 0,
        "the second call ran " + outcomes.get(1).duration() + ", less than its time-out");
  }

  @Test
  void aLateHandlerThatKeepsItsInterruptFailsAndLeavesTheNextOneUndisturbed() {
    // The first handler swallows its interrupt, restores the flag and returns; the second then
    // blocks until interrupted. A flag left set would end the second at once.
    runner = runner(
        handler("late", HandlerRunnerTest::returnLateKeepingTheInterrupt),
        handler("second", HandlerRunnerTest::blockUntilInterrupted));

    List<HandlerOutcome> outcomes = runner.run(claim());

    assertEquals(TIMED_OUT, outcomes.get(0).error());
    assertEquals(TIMED_OUT, outcomes.get(1).error());
    assertTrue(outcomes.get(1).duration().compareTo(TIMEOUT) >= 0,
        "the second call ran " + outcomes.get(1).duration() + ", less than its time-out");
    assertFalse(Thread.currentThread().isInterrupted(), "the worker kept an interrupt");
  }

  @Test
  void anInterruptThatLandsAsAHandlerReturnsInTimeIsClearedAndTheHandlerSucceeds() {
    // The handler returns with the flag set, as when the watchdog fires just as it returns.
    runner = runnerOnSteppedClock(Duration.ofSeconds(10), 250,
        handler("in time", INTERRUPT_ITSELF));

    List<HandlerOutcome> outcomes = runner.run(claim());

    assertNull(outcomes.get(0).error());
    assertFalse(Thread.currentThread().isInterrupted(), "the worker kept the handler's interrupt");
    // Readings at 0 (start), 250 (the stage), 500 (the flag), 750 (the end).
    assertEquals(Duration.ofMillis(750), outcomes.get(0).duration(),
        "measured on the runner's clock");
  }

  @Test
  void anInterruptFoundExactlyAtTheDeadlineCountsAsATimeOut() {
    // The stage is complete at 200 ms, in time; the runner looks at the flag at 400 ms, the
    // deadline itself.
    runner = runnerOnSteppedClock(TIMEOUT, 200, handler("returned at the deadline",
        INTERRUPT_ITSELF));

    List<HandlerOutcome> outcomes = runner.run(claim());

    assertEquals(TIMED_OUT, outcomes.get(0).error());
    assertFalse(Thread.currentThread().isInterrupted(), "the worker kept the handler's interrupt");
  }

  @Test
  void aHandlerThatReturnsExactlyAtItsDeadlineHasTimedOut() {
    runner = runnerOnSteppedClock(TIMEOUT, 400, handler("returned at 400 ms", () -> { }));

    assertEquals(TIMED_OUT, runner.run(claim()).get(0).error());
  }

  @Test
  void anAsynchronousHandlerWhoseWaitIsInterruptedInTimeFailsWithTheInterruption()
      throws Exception {
    // Only a worker being stopped is interrupted before the deadline; the handler did not time
    // out, so its outcome says what happened.
    WaitInterrupted waits = new WaitInterrupted();
    runner = new HandlerRunner(RouterRegistry.of(List.of(waits.handler())),
        Duration.ofSeconds(30), HandlerListener.NONE);

    List<HandlerOutcome> outcomes = waits.run(runner);

    assertEquals("InterruptedException", outcomes.get(0).error());
    assertTrue(outcomes.get(0).duration().compareTo(Duration.ofSeconds(30)) < 0);
  }

  @Test
  void aWaitInterruptedExactlyAtTheDeadlineHasTimedOut() throws Exception {
    // On a clock stepping 5 s against a 10 s time-out, the stage's wait starts at 5 s (with 5 s
    // of real time left) and the interrupt that ends it is read at 10 s: the deadline itself.
    WaitInterrupted waits = new WaitInterrupted();
    runner = runnerOnSteppedClock(Duration.ofSeconds(10), 5_000, waits.handler());

    List<HandlerOutcome> outcomes = waits.run(runner);

    assertEquals("TimeoutException: timed out after 10000 ms", outcomes.get(0).error());
  }

  @Test
  void closeEndsTheWatchdogsDaemonThread() throws Exception {
    Set<Thread> before = watchdogThreads();
    runner = runner(handler("h", () -> { }));
    Set<Thread> started = watchdogThreads();
    started.removeAll(before);
    assertEquals(1, started.size(), "one watchdog thread per runner");
    Thread watchdog = started.iterator().next();
    assertTrue(watchdog.isDaemon(), "a forgotten runner must not keep the JVM alive");

    runner.close();
    watchdog.join(10_000);

    assertFalse(watchdog.isAlive(), "the watchdog outlived its runner");
  }

  @Test
  void aHandlersOwnFailureIsKeptWhenItsInterruptIsFoundAfterTheDeadline() {
    runner = runnerOnSteppedClock(TIMEOUT, 250, handler("failed at the deadline", () -> {
      INTERRUPT_ITSELF.run();
      throw new IllegalStateException("gave up");
    }));

    List<HandlerOutcome> outcomes = runner.run(claim());

    assertEquals("IllegalStateException: gave up", outcomes.get(0).error());
    assertFalse(Thread.currentThread().isInterrupted(), "the worker kept the handler's interrupt");
  }

  @Test
  void aFailureIsSummedUpByItsTypeAndTheFirstLineOfItsMessage() {
    runner = runner(
        handler("multi-line", () -> {
          throw new IllegalStateException("stock service down\n\tat the second line");
        }),
        handler("blank", () -> {
          throw new IllegalArgumentException("  ");
        }),
        handler("none", () -> {
          throw new UnsupportedOperationException();
        }));

    List<HandlerOutcome> outcomes = runner.run(claim());

    assertEquals("IllegalStateException: stock service down", outcomes.get(0).error());
    assertEquals("IllegalArgumentException", outcomes.get(1).error());
    assertEquals("UnsupportedOperationException", outcomes.get(2).error());
  }

  @Test
  void theListenerHearsEveryCallAndItsFailureChangesNoOutcome() {
    List<String> heard = new CopyOnWriteArrayList<>();
    runner = new HandlerRunner(RouterRegistry.of(List.of(
        handler("ok", () -> { }),
        handler("broken", () -> {
          throw new IllegalStateException("down");
        }))), TIMEOUT, (name, took, succeeded) -> {
          heard.add(name + " " + succeeded);
          throw new IllegalStateException("a listener bug");
        });

    List<HandlerOutcome> outcomes = runner.run(claim());

    assertEquals(List.of("ok true", "broken false"), heard);
    assertNull(outcomes.get(0).error());
    assertEquals("IllegalStateException: down", outcomes.get(1).error());
  }

  @Test
  void handlersThatSucceededInAnEarlierAttemptAreNotCalledAgain() {
    List<String> called = new CopyOnWriteArrayList<>();
    runner = runner(handler("done", () -> called.add("done")),
        handler("retried", () -> called.add("retried")));
    Claim first = claim();

    List<HandlerOutcome> outcomes = runner.run(
        new Claim(first.id(), first.delivery(), 2, Set.of("done")));

    assertEquals(List.of("retried"), called);
    assertEquals(1, outcomes.size());
    assertEquals("retried", outcomes.get(0).handler());
  }

  /**
   * An asynchronous handler whose stage never completes, and a thread that interrupts the worker
   * 50 ms after the handler was called: the runner's wait for the stage ends interrupted.
   */
  private static final class WaitInterrupted {
    private final CountDownLatch called = new CountDownLatch(1);

    CallbackRouter handler() {
      return CallbackRouter.of("waits", List.of("*"), (event, delivery) -> {
        called.countDown();
        return new CompletableFuture<Void>();
      });
    }

    List<HandlerOutcome> run(HandlerRunner runner) throws InterruptedException {
      Thread worker = Thread.currentThread();
      Thread interrupter = new Thread(() -> {
        try {
          called.await();
          Thread.sleep(50);
        } catch (InterruptedException e) {
          return;
        }
        worker.interrupt();
      });
      interrupter.start();
      List<HandlerOutcome> outcomes = runner.run(claim());
      interrupter.join();
      return outcomes;
    }
  }

  private static final Body INTERRUPT_ITSELF = () -> Thread.currentThread().interrupt();

  /**
   * A runner whose clock, read on this thread, moves {@code stepMillis} at every reading: the
   * handler's start is 0, the check of its stage one step, the look at the interrupt flag after
   * it two. Read on any other thread (the watchdog's) it stays at 0, so the watchdog never fires.
   */
  private static HandlerRunner runnerOnSteppedClock(
      Duration timeout, long stepMillis, CallbackRouter router) {
    Thread worker = Thread.currentThread();
    AtomicLong readings = new AtomicLong();
    long step = TimeUnit.MILLISECONDS.toNanos(stepMillis);
    return new HandlerRunner(RouterRegistry.of(List.of(router)), timeout, HandlerListener.NONE,
        () -> Thread.currentThread() == worker ? readings.getAndIncrement() * step : 0);
  }

  private static Set<Thread> watchdogThreads() {
    Set<Thread> threads = new HashSet<>(Thread.getAllStackTraces().keySet());
    threads.removeIf(thread -> !thread.getName().equals("hooky-handler-timeouts"));
    return threads;
  }

  /** Catches its interrupt, restores it as it should, and returns: late, but normally. */
  private static void returnLateKeepingTheInterrupt() {
    try {
      new CountDownLatch(1).await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void blockUntilInterrupted() throws InterruptedException {
    new CountDownLatch(1).await();
  }

  private static void awaitQuietly(Duration duration) throws InterruptedException {
    new CountDownLatch(1).await(duration.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** A body that blocks or waits. */
  @FunctionalInterface
  private interface Body {
    void run() throws Exception;
  }

  private static CallbackRouter handler(String name, Body body) {
    return CallbackRouter.of(name, List.of("*"), (event, delivery) -> {
      body.run();
      return CompletableFuture.completedFuture(null);
    });
  }

  private static HandlerRunner runner(CallbackRouter... routers) {
    return new HandlerRunner(RouterRegistry.of(List.of((Object[]) routers)), TIMEOUT,
        HandlerListener.NONE);
  }

  private static Claim claim() {
    byte[] body = Payloads.of(CustomerIoEventType.SMS_DELIVERED, "runner-1", 1_700_000_000L)
        .getBytes(StandardCharsets.UTF_8);
    try {
      CustomerIoEvent event = new EventParser().parse(body);
      return new Claim(1, new InboundDelivery(event.eventId(), event.name(), Instant.now(),
          Map.of(), body, event), 1, Set.of());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
