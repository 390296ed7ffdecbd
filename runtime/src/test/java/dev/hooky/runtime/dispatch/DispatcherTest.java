package dev.hooky.runtime.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hooky.customerio.CustomerIoEventType;
import dev.hooky.customerio.event.CustomerIoEvent;
import dev.hooky.runtime.http.Answer;
import dev.hooky.runtime.inbox.DeliveryStatus;
import dev.hooky.runtime.inbox.HandlerOutcome;
import dev.hooky.runtime.inbox.Inbox;
import dev.hooky.runtime.inbox.InboxHealth;
import dev.hooky.runtime.inbox.InboundDelivery;
import dev.hooky.runtime.inbox.MemoryInbox;
import dev.hooky.runtime.inbox.RetryPolicy;
import dev.hooky.runtime.parse.EventParser;
import dev.hooky.runtime.testing.Payloads;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The worker threads: whether they run, what a failing listener does, and how they stop. */
class DispatcherTest {
  private static final EventParser PARSER = new EventParser();

  private final MemoryInbox inbox = new MemoryInbox(100, Duration.ofDays(1), 1_000,
      RetryPolicy.DEFAULT, PARSER, Clock.systemUTC());
  private final BlockingQueue<String> handled = new LinkedBlockingQueue<>();
  private HandlerRunner runner;
  private Dispatcher dispatcher;

  @AfterEach
  void close() {
    if (dispatcher != null) {
      dispatcher.close(Duration.ofSeconds(5));
    }
    if (runner != null) {
      runner.close();
    }
    inbox.close();
  }

  @Test
  void theWorkersRunFromStartUntilClose() {
    runner = runner(Duration.ofSeconds(10), handler("h", event -> handled.add(event.eventId())));
    dispatcher = new Dispatcher(inbox, runner, 2, (eventId, succeeded) -> { });

    assertFalse(dispatcher.isRunning(), "not started yet");
    dispatcher.start();
    assertTrue(dispatcher.isRunning());
    dispatcher.close(Duration.ofSeconds(5));
    assertFalse(dispatcher.isRunning(), "closed");
  }

  @Test
  void aFailingAttemptListenerStopsNeitherTheRecordNorTheWorker() throws Exception {
    runner = runner(Duration.ofSeconds(10), handler("h", event -> handled.add(event.eventId())));
    BlockingQueue<String> told = new LinkedBlockingQueue<>();
    dispatcher = new Dispatcher(inbox, runner, 1, (eventId, succeeded) -> told.add(eventId),
        (claim, succeeded) -> {
          throw new IllegalStateException("a metrics bug");
        });
    dispatcher.start();

    for (String id : List.of("first", "second")) {
      assertEquals(Answer.OK, new InboxAcceptor(inbox).accept(delivery(id)));
      assertEquals(id, handled.poll(10, TimeUnit.SECONDS));
      assertEquals(id, told.poll(10, TimeUnit.SECONDS));
    }
    for (String id : List.of("first", "second")) {
      assertEquals(DeliveryStatus.HANDLED, awaitFinished(id));
    }
  }

  @Test
  void closeInterruptsAWorkerStillBusyWhenItsTimeoutRunsOut() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CompletableFuture<Boolean> interrupted = new CompletableFuture<>();
    // The handler's own time-out is far away: only close can end the call in time.
    runner = runner(Duration.ofMinutes(5), handler("stuck", event -> {
      started.countDown();
      try {
        new CountDownLatch(1).await();
      } catch (InterruptedException e) {
        interrupted.complete(true);
      }
    }));
    dispatcher = new Dispatcher(inbox, runner, 1, (eventId, succeeded) -> { });
    dispatcher.start();
    new InboxAcceptor(inbox).accept(delivery("stuck"));
    assertTrue(started.await(10, TimeUnit.SECONDS));

    long closing = System.nanoTime();
    dispatcher.close(Duration.ofMillis(200));

    assertNotNull(interrupted.get(10, TimeUnit.SECONDS), "the worker was never interrupted");
    assertTrue(System.nanoTime() - closing >= TimeUnit.MILLISECONDS.toNanos(200),
        "close returned before its timeout");
    assertFalse(dispatcher.isRunning());
  }

  @Test
  void theAttemptListenerHearsEachAttemptWithItsClaimAndWhetherItSucceeded() throws Exception {
    runner = runner(Duration.ofSeconds(10), handler("h", event -> {
      if (event.eventId().equals("bad")) {
        throw new IllegalStateException("no");
      }
    }));
    BlockingQueue<String> heard = new LinkedBlockingQueue<>();
    dispatcher = new Dispatcher(inbox, runner, 1, (eventId, succeeded) -> { },
        (claim, succeeded) -> heard.add(claim.delivery().eventId() + " attempt "
            + claim.attempt() + (succeeded ? " succeeded" : " failed")));
    dispatcher.start();

    new InboxAcceptor(inbox).accept(delivery("good"));
    assertEquals("good attempt 1 succeeded", heard.poll(10, TimeUnit.SECONDS));
    new InboxAcceptor(inbox).accept(delivery("bad"));
    assertEquals("bad attempt 1 failed", heard.poll(10, TimeUnit.SECONDS));
  }

  @Test
  void dispatchRunsOneClaimsHandlersAndReturnsTheirOutcomes() throws Exception {
    runner = runner(Duration.ofSeconds(10), handler("h", event -> handled.add(event.eventId())));
    dispatcher = new Dispatcher(inbox, runner, 1, (eventId, succeeded) -> { });
    inbox.append(delivery("by-hand"));

    List<HandlerOutcome> outcomes = dispatcher.dispatch(inbox.claim(1, Duration.ZERO).get(0));

    assertEquals(List.of("h"), outcomes.stream().map(HandlerOutcome::handler).toList());
    assertTrue(outcomes.get(0).succeeded());
    assertEquals("by-hand", handled.poll());
    assertEquals(DeliveryStatus.HANDLED, inbox.find("by-hand").orElseThrow().status());
  }

  @Test
  void closeWithoutATimeoutStopsIdleWorkers() {
    runner = runner(Duration.ofSeconds(10), handler("h", event -> { }));
    dispatcher = new Dispatcher(inbox, runner, 2, (eventId, succeeded) -> { });
    List<Thread> workers = startWorkers();

    dispatcher.close();

    assertFalse(dispatcher.isRunning());
    assertEquals(List.of(), workers.stream().filter(Thread::isAlive).toList(),
        "worker threads still alive");
  }

  @Test
  void theWorkersAreDaemonThreadsNamedOneToN() {
    runner = runner(Duration.ofSeconds(10), handler("h", event -> { }));
    dispatcher = new Dispatcher(inbox, runner, 2, (eventId, succeeded) -> { });
    List<Thread> workers = startWorkers();

    assertEquals(List.of("hooky-worker-1", "hooky-worker-2"),
        workers.stream().map(Thread::getName).sorted().toList());
    workers.forEach(worker -> assertTrue(worker.isDaemon(), worker.getName()));
  }

  @Test
  void aStorageFaultPausesClaimingUntilTheInboxCanWriteAgain() throws Exception {
    runner = runner(Duration.ofSeconds(10), handler("h", event -> handled.add(event.eventId())));
    AtomicBoolean writable = new AtomicBoolean(false);
    AtomicInteger claims = new AtomicInteger();
    Inbox faulty = wrapped((method, args) -> {
      if (method.getName().equals("health")) {
        return writable.get() ? InboxHealth.writable(Instant.EPOCH)
            : InboxHealth.failing("disk full", Instant.EPOCH);
      }
      if (method.getName().equals("claim")) {
        claims.incrementAndGet();
      }
      return method.invoke(inbox, args);
    });
    dispatcher = new Dispatcher(faulty, runner, 1, (eventId, succeeded) -> { });
    inbox.append(delivery("waits-out-the-fault"));
    dispatcher.start();

    assertEquals(null, handled.poll(300, TimeUnit.MILLISECONDS));
    assertEquals(0, claims.get(), "claimed while the inbox could not write");
    writable.set(true);
    assertEquals("waits-out-the-fault", handled.poll(10, TimeUnit.SECONDS));
  }

  @Test
  void whileTheInboxCannotWriteAWorkerLooksAgainEveryPollNotInALoop() throws Exception {
    AtomicInteger looks = new AtomicInteger();
    Inbox faulty = wrapped((method, args) -> {
      if (method.getName().equals("health")) {
        looks.incrementAndGet();
        return InboxHealth.failing("disk full", Instant.EPOCH);
      }
      return method.invoke(inbox, args);
    });

    // One look per 100 ms poll: five, give or take a slow machine; a spinning worker makes
    // hundreds of thousands.
    int counted = countWhileOneWorkerRunsHalfASecond(faulty, looks);
    assertTrue(counted <= 20, counted + " looks at the inbox's health in 500 ms");
  }

  @Test
  void aClaimThatKeepsFailingIsTriedAgainEveryPollNotInALoop() throws Exception {
    AtomicInteger claims = new AtomicInteger();
    Inbox broken = wrapped((method, args) -> {
      if (method.getName().equals("claim")) {
        claims.incrementAndGet();
        throw new IllegalStateException("connection reset");
      }
      return method.invoke(inbox, args);
    });

    int counted = countWhileOneWorkerRunsHalfASecond(broken, claims);
    assertTrue(counted <= 20, counted + " claims in 500 ms");
  }

  private int countWhileOneWorkerRunsHalfASecond(Inbox inbox, AtomicInteger calls)
      throws InterruptedException {
    runner = runner(Duration.ofSeconds(10), handler("h", event -> handled.add(event.eventId())));
    dispatcher = new Dispatcher(inbox, runner, 1, (eventId, succeeded) -> { });
    dispatcher.start();
    Thread.sleep(500);
    return calls.get();
  }

  @Test
  void closeInterruptedWhileWaitingStopsWaitingAndKeepsTheInterrupt() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    runner = runner(Duration.ofMinutes(5), handler("stuck", event -> {
      started.countDown();
      try {
        new CountDownLatch(1).await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }));
    dispatcher = new Dispatcher(inbox, runner, 1, (eventId, succeeded) -> { });
    inbox.append(delivery("stuck"));
    dispatcher.start();
    assertTrue(started.await(10, TimeUnit.SECONDS));

    Thread.currentThread().interrupt();
    long before = System.nanoTime();
    dispatcher.close(Duration.ofMinutes(5));

    assertTrue(Thread.interrupted(), "close swallowed its caller's interrupt");
    assertTrue(System.nanoTime() - before < TimeUnit.SECONDS.toNanos(30),
        "close waited out its timeout though interrupted");
  }

  @Test
  void aClaimThatFailsIsTriedAgainAndTheWorkerCarriesOn() throws Exception {
    runner = runner(Duration.ofSeconds(10), handler("h", event -> handled.add(event.eventId())));
    AtomicInteger failures = new AtomicInteger(2);
    Inbox flaky = wrapped((method, args) -> {
      if (method.getName().equals("claim") && failures.getAndDecrement() > 0) {
        throw new IllegalStateException("connection reset");
      }
      return method.invoke(inbox, args);
    });
    dispatcher = new Dispatcher(flaky, runner, 1, (eventId, succeeded) -> { });
    inbox.append(delivery("after-two-failures"));
    dispatcher.start();

    assertEquals("after-two-failures", handled.poll(10, TimeUnit.SECONDS));
    assertTrue(dispatcher.isRunning());
  }

  /** What a wrapped inbox does with each call; {@code method.invoke(inbox, args)} passes it on. */
  @FunctionalInterface
  private interface Calls {
    Object handle(java.lang.reflect.Method method, Object[] args) throws Throwable;
  }

  private Inbox wrapped(Calls calls) {
    return (Inbox) Proxy.newProxyInstance(Inbox.class.getClassLoader(),
        new Class<?>[] {Inbox.class}, (proxy, method, args) -> {
          try {
            return calls.handle(method, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  /** Starts {@link #dispatcher} and returns its worker threads (other tests' may linger). */
  private List<Thread> startWorkers() {
    java.util.Set<Thread> before = Thread.getAllStackTraces().keySet();
    dispatcher.start();
    return Thread.getAllStackTraces().keySet().stream()
        .filter(thread -> thread.getName().startsWith("hooky-worker-") && !before.contains(thread))
        .toList();
  }

  private DeliveryStatus awaitFinished(String eventId) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    DeliveryStatus status = inbox.find(eventId).orElseThrow().status();
    while (status != DeliveryStatus.HANDLED && System.nanoTime() - deadline < 0) {
      Thread.sleep(10);
      status = inbox.find(eventId).orElseThrow().status();
    }
    return status;
  }

  /** A handler body. */
  @FunctionalInterface
  private interface Body {
    void run(CustomerIoEvent event);
  }

  private static CallbackRouter handler(String name, Body body) {
    return CallbackRouter.of(name, List.of("*"), (event, delivery) -> {
      body.run(event);
      return CompletableFuture.completedFuture(null);
    });
  }

  private static HandlerRunner runner(Duration timeout, CallbackRouter... routers) {
    return new HandlerRunner(RouterRegistry.of(List.of((Object[]) routers)), timeout,
        HandlerListener.NONE);
  }

  private static InboundDelivery delivery(String eventId) {
    byte[] body = Payloads.of(CustomerIoEventType.SMS_DELIVERED, eventId, 1_700_000_000L)
        .getBytes(StandardCharsets.UTF_8);
    try {
      CustomerIoEvent event = PARSER.parse(body);
      return new InboundDelivery(eventId, event.name(), Instant.now(), Map.of(), body, event);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
