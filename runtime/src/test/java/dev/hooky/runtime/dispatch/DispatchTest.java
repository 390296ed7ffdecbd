package dev.hooky.runtime.dispatch;

import static dev.hooky.runtime.testing.TestServers.email;
import static dev.hooky.runtime.testing.TestServers.sendInBackground;
import static dev.hooky.runtime.testing.TestServers.sms;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hooky.Delivery;
import dev.hooky.customerio.OnCustomerIoEvent;
import dev.hooky.customerio.event.SmsEvent;
import dev.hooky.runtime.HookyBuilder;
import dev.hooky.runtime.HookyServer;
import dev.hooky.runtime.inbox.DeliveryStatus;
import dev.hooky.runtime.testing.Labelled;
import dev.hooky.runtime.testing.TestServers;
import dev.hooky.runtime.testing.WebhookClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The default delivery mode: answer once stored, run the handlers on worker threads. */
class DispatchTest {
  /** Everything every handler of a test did, in order. */
  private final BlockingQueue<String> log = new LinkedBlockingQueue<>();
  /** Released after each test, so that no handler keeps a server from closing. */
  private final CountDownLatch release = new CountDownLatch(1);
  private final List<HookyServer> servers = new ArrayList<>();

  @AfterEach
  void closeServers() {
    release.countDown();
    servers.forEach(HookyServer::close);
  }

  /** Logs "throws id", then throws. */
  static final class Throwing {
    private final BlockingQueue<String> log;

    Throwing(BlockingQueue<String> log) {
      this.log = log;
    }

    @OnCustomerIoEvent("sms_*")
    void sms(SmsEvent event) throws Exception {
      log.add("throws " + event.eventId());
      throw new Exception("handler failed on purpose");
    }
  }

  /** Logs "asserts id", then fails an assertion, as a handler with a bug might. */
  static final class Asserting {
    private final BlockingQueue<String> log;

    Asserting(BlockingQueue<String> log) {
      this.log = log;
    }

    @OnCustomerIoEvent("sms_*")
    void sms(SmsEvent event) {
      log.add("asserts " + event.eventId());
      throw new AssertionError("assertion failed on purpose");
    }
  }

  /**
   * Logs "started id"; for ids starting with "block", waits for the release; then logs "finished
   * id".
   */
  static final class Gate {
    private final BlockingQueue<String> log;
    private final CountDownLatch release;

    Gate(BlockingQueue<String> log, CountDownLatch release) {
      this.log = log;
      this.release = release;
    }

    @OnCustomerIoEvent("sms_*")
    void sms(SmsEvent event) throws InterruptedException {
      log.add("started " + event.eventId());
      if (event.eventId().startsWith("block")) {
        release.await(10, TimeUnit.SECONDS);
      }
      log.add("finished " + event.eventId());
    }
  }

  /** Asynchronous: ids starting with "never" get a stage that never completes. */
  static final class Async {
    private final BlockingQueue<String> log;
    private final Map<String, Long> calledAt = new ConcurrentHashMap<>();

    Async(BlockingQueue<String> log) {
      this.log = log;
    }

    @OnCustomerIoEvent("sms_*")
    CompletionStage<Void> sms(SmsEvent event) {
      calledAt.put(event.eventId(), System.nanoTime());
      log.add("async " + event.eventId());
      return event.eventId().startsWith("never")
          ? new CompletableFuture<>()
          : CompletableFuture.completedFuture(null);
    }
  }

  /** Logs "after id", and when. */
  static final class Timed {
    private final BlockingQueue<String> log;
    private final Map<String, Long> calledAt = new ConcurrentHashMap<>();

    Timed(BlockingQueue<String> log) {
      this.log = log;
    }

    @OnCustomerIoEvent("sms_*")
    void sms(SmsEvent event) {
      calledAt.put(event.eventId(), System.nanoTime());
      log.add("after " + event.eventId());
    }
  }

  /**
   * Logs "overflows id" and throws an Error that is neither an AssertionError nor a LinkageError
   * for ids starting with "overflow"; logs "handled id" for the others.
   */
  static final class Overflowing {
    private final BlockingQueue<String> log;

    Overflowing(BlockingQueue<String> log) {
      this.log = log;
    }

    @OnCustomerIoEvent("sms_*")
    void sms(SmsEvent event) {
      if (event.eventId().startsWith("overflow")) {
        log.add("overflows " + event.eventId());
        throw new StackOverflowError("overflowed on purpose");
      }
      log.add("handled " + event.eventId());
    }
  }

  /** Keeps what it is given with each event. */
  static final class DeliveryRecorder {
    private final BlockingQueue<Delivery> deliveries = new LinkedBlockingQueue<>();

    @OnCustomerIoEvent("sms_*")
    void sms(SmsEvent event, Delivery delivery) {
      deliveries.add(delivery);
    }
  }

  @Test
  void theAnswerComesWhileASlowHandlerIsStillRunning() throws Exception {
    HookyServer server = start(TestServers.builder().handlers(new Gate(log, release)));

    CompletableFuture<HttpResponse<String>> answer =
        sendInBackground(TestServers.client(server), sms("block-slow"));

    HttpResponse<String> response = answer.get(5, TimeUnit.SECONDS);
    assertEquals(200, response.statusCode());
    assertEquals("ok", response.body().strip());
    assertEquals("started block-slow", next());
    assertNull(log.poll(), "the handler is still blocked after the answer");

    release.countDown();
    assertEquals("finished block-slow", next());
  }

  @Test
  void eventsReachSeveralHandlerObjectsInTheOrderGiven() throws Exception {
    HookyServer server = start(TestServers.builder().handlers(
        new Labelled("first", log), new Labelled.Second("second", log),
        new Labelled.Third("third", log)));
    WebhookClient client = TestServers.client(server);

    for (int i = 1; i <= 3; i++) {
      assertEquals(200, client.send(sms("order-" + i)).statusCode());
      assertEquals("first order-" + i, next());
      assertEquals("second order-" + i, next());
      assertEquals("third order-" + i, next());
    }
    assertEquals(List.of(), drain());
  }

  @Test
  void aThrowingHandlerNeitherStopsTheOthersNorChangesTheAnswer() throws Exception {
    HookyServer server = start(TestServers.builder().workerThreads(1).handlers(
        new Labelled("before", log), new Throwing(log), new Labelled.Second("after", log)));
    WebhookClient client = TestServers.client(server);

    HttpResponse<String> response = client.send(sms("thrown"));
    assertEquals(200, response.statusCode());
    assertEquals("before thrown", next());
    assertEquals("throws thrown", next());
    assertEquals("after thrown", next());

    // The worker carries on with the next event.
    assertEquals(200, client.send(sms("next")).statusCode());
    assertEquals(List.of("before next", "throws next", "after next"),
        List.of(next(), next(), next()));
  }

  @Test
  void aFailedAssertionInAHandlerDoesNotStopTheOthers() throws Exception {
    HookyServer server = start(TestServers.builder().workerThreads(1).handlers(
        new Asserting(log), new Labelled("after", log)));
    WebhookClient client = TestServers.client(server);

    assertEquals(200, client.send(sms("asserted")).statusCode());
    assertEquals("asserts asserted", next());
    assertEquals("after asserted", next());
    assertEquals(200, client.send(sms("next")).statusCode());
    assertEquals("asserts next", next());
    assertEquals("after next", next());
  }

  @Test
  void aHandlerThrowingAnErrorDoesNotStopTheWorker() throws Exception {
    HookyServer server = start(TestServers.builder().workerThreads(1)
        .handlers(new Overflowing(log)));
    WebhookClient client = TestServers.client(server);

    assertEquals(200, client.send(sms("overflow-1")).statusCode());
    assertEquals("overflows overflow-1", next());
    assertEquals(200, client.send(sms("after-overflow")).statusCode());
    assertEquals("handled after-overflow", next());
  }

  @Test
  void anAsynchronousHandlerThatNeverCompletesIsTimedOut() throws Exception {
    Async async = new Async(log);
    Timed after = new Timed(log);
    HookyServer server = start(TestServers.builder().workerThreads(1)
        .handlerTimeout(Duration.ofMillis(200)).handlers(async, after));
    WebhookClient client = TestServers.client(server);

    assertEquals(200, client.send(sms("never-1")).statusCode());
    assertEquals(200, client.send(sms("done-1")).statusCode());

    assertEquals("async never-1", next());
    // The next handler of the same event runs once the time-out is over...
    assertEquals("after never-1", next());
    long waited = after.calledAt.get("never-1") - async.calledAt.get("never-1");
    // The time-out counts from the call, a moment before the handler noted its start.
    assertTrue(waited >= TimeUnit.MILLISECONDS.toNanos(190),
        "the handler was given its 200 ms, not " + waited / 1_000_000 + " ms");
    // ...and the only worker goes on to the next event.
    assertEquals("async done-1", next());
    assertEquals("after done-1", next());
  }

  @Test
  void aFullInboxAnswers503WithRetryAfterAndAcceptsAgainOnceDrained() throws Exception {
    HookyServer server = start(TestServers.builder().inboxCapacity(1).workerThreads(1)
        .handlers(new Gate(log, release)));
    WebhookClient client = TestServers.client(server);

    assertEquals(200, client.send(sms("block-worker")).statusCode());
    assertEquals("started block-worker", next());
    assertEquals(200, client.send(sms("waiting")).statusCode(), "the one free place");
    assertEquals(1, server.pendingDeliveries());

    for (String id : List.of("refused-1", "refused-2")) {
      HttpResponse<String> full = client.send(sms(id));
      assertEquals(503, full.statusCode(), id);
      String retryAfter = full.headers().firstValue("Retry-After").orElse(null);
      assertNotNull(retryAfter, "503 without Retry-After");
      assertTrue(Integer.parseInt(retryAfter) > 0, retryAfter);
    }
    HttpResponse<String> again = client.send(sms("waiting"));
    assertEquals(200, again.statusCode(), "an event already stored is a duplicate, not refused");
    assertEquals("duplicate", again.body().strip());
    assertEquals(1, server.pendingDeliveries());

    release.countDown();
    assertEquals("finished block-worker", next());
    assertEquals("started waiting", next());
    assertEquals("finished waiting", next());

    // Customer.io sends the refused events again: now they are taken, and handled.
    for (String id : List.of("refused-1", "refused-2")) {
      assertEquals(200, client.send(sms(id)).statusCode(), id);
      assertEquals("started " + id, next());
      assertEquals("finished " + id, next());
    }
    assertEquals(List.of(), drain(), "every event handled exactly once");
  }

  @Test
  void theMemoryInboxKeepsAsManyHandledDeliveriesAsConfigured() throws Exception {
    HookyServer server = start(TestServers.builder().inboxHistory(2).workerThreads(1)
        .handlers(new Labelled("sms", log)));
    WebhookClient client = TestServers.client(server);

    for (String id : List.of("first", "second", "third")) {
      assertEquals(200, client.send(sms(id)).statusCode(), id);
      assertEquals("sms " + id, next());
    }
    // The handler has returned; its outcome is recorded just after.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (server.inbox().find("third").orElseThrow().status() != DeliveryStatus.HANDLED) {
      assertTrue(System.nanoTime() < deadline, "third not recorded as handled within 5 s");
      Thread.sleep(5);
    }

    assertTrue(server.inbox().find("first").isEmpty(), "three handled, two kept");
    assertEquals(DeliveryStatus.HANDLED, server.inbox().find("second").orElseThrow().status());
  }

  @Test
  void anEventNoHandlerWantsIsAnsweredOk() throws Exception {
    HookyServer server = start(TestServers.builder().workerThreads(1)
        .handlers(new Labelled("sms", log)));
    WebhookClient client = TestServers.client(server);

    HttpResponse<String> response = client.send(email("unwanted"));
    assertEquals(200, response.statusCode());
    assertEquals("ok", response.body().strip());
    HttpResponse<String> unknown = client.send("{\"event_id\":\"fax-1\",\"object_type\":\"fax\","
        + "\"metric\":\"sent\",\"timestamp\":1713484800,\"data\":{}}");
    assertEquals(200, unknown.statusCode());
    // The only worker has passed both by when it reaches this one.
    assertEquals(200, client.send(sms("wanted")).statusCode());
    assertEquals("sms wanted", next());
    assertEquals(List.of(), drain());
  }

  @Test
  void withoutAnyHandlerEventsAreStillAnsweredOk() {
    HookyServer server = start(TestServers.builder());
    assertEquals(200, TestServers.client(server).send(sms("nobody")).statusCode());
  }

  @Test
  void aDuplicateIsAnsweredOkAndNotHandledAgain() throws Exception {
    HookyServer server = start(TestServers.builder().workerThreads(1)
        .handlers(new Labelled("once", log)));
    WebhookClient client = TestServers.client(server);

    assertEquals("ok", client.send(sms("dup")).body().strip());
    assertEquals("once dup", next());
    HttpResponse<String> resent = client.send(sms("dup"));
    assertEquals(200, resent.statusCode());
    assertEquals("duplicate", resent.body().strip());
    assertEquals(200, client.send(sms("other")).statusCode());
    assertEquals("once other", next(), "the duplicate did not reach the handler");
  }

  @Test
  void handlersGetTheDeliveryAsReceived() throws Exception {
    DeliveryRecorder recorder = new DeliveryRecorder();
    HookyServer server = start(TestServers.builder().handlers(recorder));
    String body = sms("with-delivery");

    assertEquals(200, TestServers.client(server).send(body).statusCode());
    Delivery delivery = recorder.deliveries.poll(5, TimeUnit.SECONDS);
    assertNotNull(delivery, "no handler ran within 5 s");
    assertEquals("with-delivery", delivery.eventId());
    assertEquals(1, delivery.attempt());
    assertArrayEquals(body.getBytes(StandardCharsets.UTF_8), delivery.body());
    assertTrue(delivery.header("X-CIO-Signature").isPresent(), delivery.headers().toString());
    assertTrue(delivery.header("X-CIO-Timestamp").isPresent(), delivery.headers().toString());
  }

  private HookyServer start(HookyBuilder builder) {
    HookyServer server = builder.start();
    servers.add(server);
    return server;
  }

  private String next() throws InterruptedException {
    String entry = log.poll(5, TimeUnit.SECONDS);
    if (entry == null) {
      throw new AssertionError("nothing happened within 5 s");
    }
    return entry;
  }

  private List<String> drain() {
    List<String> drained = new ArrayList<>();
    log.drainTo(drained);
    return drained;
  }
}
