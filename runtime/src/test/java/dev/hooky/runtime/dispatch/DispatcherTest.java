package dev.hooky.runtime.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hooky.customerio.CustomerIoEventType;
import dev.hooky.customerio.event.CustomerIoEvent;
import dev.hooky.runtime.http.Answer;
import dev.hooky.runtime.inbox.DeliveryStatus;
import dev.hooky.runtime.inbox.InboundDelivery;
import dev.hooky.runtime.inbox.MemoryInbox;
import dev.hooky.runtime.inbox.RetryPolicy;
import dev.hooky.runtime.parse.EventParser;
import dev.hooky.runtime.testing.Payloads;
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
