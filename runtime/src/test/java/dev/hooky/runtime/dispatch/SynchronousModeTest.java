package dev.hooky.runtime.dispatch;

import static dev.hooky.runtime.testing.TestServers.email;
import static dev.hooky.runtime.testing.TestServers.sendInBackground;
import static dev.hooky.runtime.testing.TestServers.sms;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hooky.customerio.OnCustomerIoEvent;
import dev.hooky.customerio.event.SmsEvent;
import dev.hooky.runtime.DeliveryMode;
import dev.hooky.runtime.HookyBuilder;
import dev.hooky.runtime.HookyServer;
import dev.hooky.runtime.testing.Labelled;
import dev.hooky.runtime.testing.TestServers;
import dev.hooky.runtime.testing.WebhookClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The synchronous delivery mode: handlers run inside the request and decide its answer. */
class SynchronousModeTest {
  /** What the exception of a failing handler says; must never reach the sender. */
  private static final String SECRET = "connection refused by db.internal:5432 as admin";

  private final BlockingQueue<String> log = new LinkedBlockingQueue<>();
  private final CountDownLatch release = new CountDownLatch(1);
  private final List<HookyServer> servers = new ArrayList<>();

  @AfterEach
  void closeServers() {
    release.countDown();
    servers.forEach(HookyServer::close);
  }

  /**
   * Logs "started id"; waits for the release on ids starting with "block"; fails while {@code
   * failing} is set, else logs "finished id".
   */
  static final class Controlled {
    private final BlockingQueue<String> log;
    private final CountDownLatch release;
    volatile boolean failing;

    Controlled(BlockingQueue<String> log, CountDownLatch release) {
      this.log = log;
      this.release = release;
    }

    @OnCustomerIoEvent("sms_*")
    void sms(SmsEvent event) throws Exception {
      log.add("started " + event.eventId());
      if (event.eventId().startsWith("block")) {
        release.await(10, TimeUnit.SECONDS);
      }
      if (failing) {
        throw new IllegalStateException(SECRET + "\n\tat com.example.Db.connect(Db.java:12)");
      }
      log.add("finished " + event.eventId());
    }
  }

  /** Never completes its stage. */
  static final class Hanging {
    @OnCustomerIoEvent("sms_*")
    CompletionStage<Void> sms(SmsEvent event) {
      return new CompletableFuture<>();
    }
  }

  /** Throws an Error that is neither an AssertionError nor a LinkageError. */
  static final class Overflowing {
    @OnCustomerIoEvent("sms_*")
    void sms(SmsEvent event) {
      throw new StackOverflowError("overflowed on purpose handling " + event.eventId());
    }
  }

  @Test
  void successIsAnsweredOnlyOnceTheHandlerHasFinished() throws Exception {
    Controlled handler = new Controlled(log, release);
    WebhookClient client = client(handler);

    CompletableFuture<HttpResponse<String>> answer = sendInBackground(client, sms("block-ok"));
    assertEquals("started block-ok", next());
    assertFalse(answer.isDone(), "answered while the handler runs");

    release.countDown();
    HttpResponse<String> response = answer.get(5, TimeUnit.SECONDS);
    assertEquals(200, response.statusCode());
    assertEquals("ok", response.body().strip());
    assertEquals("finished block-ok", log.poll(), "the handler finished before the answer");
  }

  @Test
  void aFailingHandlerIsAnswered500WithAShortBodyAndNoStackTrace() {
    Controlled handler = new Controlled(log, release);
    handler.failing = true;

    HttpResponse<String> response = client(handler).send(sms("fails"));

    assertEquals(500, response.statusCode());
    String body = response.body();
    assertTrue(body.length() < 100, body);
    assertFalse(body.contains(SECRET), body);
    assertFalse(body.contains("Exception"), body);
    assertFalse(body.contains("\tat "), body);
    assertEquals("a handler failed", body.strip());
    assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"),
        response.headers().toString());
  }

  @Test
  void anEventResentAfterAFailureRunsTheHandlerAgainAndAfterASuccessDoesNot() {
    Controlled handler = new Controlled(log, release);
    WebhookClient client = client(handler);

    handler.failing = true;
    assertEquals(500, client.send(sms("retried")).statusCode());
    assertEquals(List.of("started retried"), drain());

    handler.failing = false;
    HttpResponse<String> retry = client.send(sms("retried"));
    assertEquals(200, retry.statusCode());
    assertEquals("ok", retry.body().strip());
    assertEquals(List.of("started retried", "finished retried"), drain());

    HttpResponse<String> again = client.send(sms("retried"));
    assertEquals(200, again.statusCode());
    assertEquals("duplicate", again.body().strip());
    assertEquals(List.of(), drain(), "a duplicate does not run the handler");
  }

  @Test
  void aRetryWhileTheFirstTryStillRunsIsAnswered503() throws Exception {
    Controlled handler = new Controlled(log, release);
    WebhookClient client = client(handler);

    CompletableFuture<HttpResponse<String>> first = sendInBackground(client, sms("block-twice"));
    assertEquals("started block-twice", next());

    HttpResponse<String> overtaking = client.send(sms("block-twice"));
    assertEquals(503, overtaking.statusCode());
    assertTrue(overtaking.headers().firstValue("Retry-After").isPresent(),
        overtaking.headers().toString());
    assertEquals(List.of(), drain(), "the retry did not run the handler");

    release.countDown();
    assertEquals(200, first.get(5, TimeUnit.SECONDS).statusCode());
    assertEquals(List.of("finished block-twice"), drain());
    assertEquals("duplicate", client.send(sms("block-twice")).body().strip());
  }

  @Test
  void anotherEventIsNotHeldUpByOneWhoseHandlerRuns() throws Exception {
    Controlled handler = new Controlled(log, release);
    WebhookClient client = client(handler);

    CompletableFuture<HttpResponse<String>> slow = sendInBackground(client, sms("block-slow"));
    assertEquals("started block-slow", next());

    assertEquals(200, client.send(sms("quick")).statusCode());
    assertEquals(List.of("started quick", "finished quick"), drain());
    assertFalse(slow.isDone());

    release.countDown();
    assertEquals(200, slow.get(5, TimeUnit.SECONDS).statusCode());
  }

  @Test
  void oneFailingHandlerFailsTheRequestButTheOthersStillRun() {
    WebhookClient client = client(
        new Labelled("before", log), failingHandler(), new Labelled.Second("after", log));

    HttpResponse<String> response = client.send(sms("partly"));

    assertEquals(500, response.statusCode());
    assertEquals("a handler failed", response.body().strip());
    assertEquals(List.of("before partly", "started partly", "after partly"), drain());
  }

  @Test
  void anErrorThrownByAHandlerIsAnsweredLikeAnyFailure() {
    HttpResponse<String> response = client(new Overflowing()).send(sms("overflow"));

    assertEquals(500, response.statusCode());
    assertEquals("a handler failed", response.body().strip());
    assertFalse(response.body().contains("StackOverflowError"), response.body());
  }

  @Test
  void aResendAfterAFailureIsTheNextAttemptAndSkipsHandlersThatSucceeded() {
    Controlled flaky = new Controlled(log, release);
    flaky.failing = true;
    WebhookClient client = client(new Labelled("steady", log), flaky);

    assertEquals(500, client.send(sms("again")).statusCode());
    assertEquals(List.of("steady again", "started again"), drain());

    flaky.failing = false;
    assertEquals(200, client.send(sms("again")).statusCode());
    assertEquals(List.of("started again", "finished again"), drain(),
        "the handler that succeeded the first time is not called again");
  }

  @Test
  void aVoidHandlerStillRunningAtTheTimeoutIsInterruptedAndFails() {
    WebhookClient client = TestServers.client(start(TestServers.builder()
        .deliveryMode(DeliveryMode.SYNCHRONOUS).handlerTimeout(Duration.ofMillis(200))
        .handlers(new Controlled(log, release))));

    long start = System.nanoTime();
    HttpResponse<String> response = client.send(sms("block-forever"));
    long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

    assertEquals(500, response.statusCode());
    assertTrue(tookMillis < 5_000, "the handler was cut off, not waited for: " + tookMillis);
    assertEquals(List.of("started block-forever"), drain(), "it did not finish normally");
  }

  private WebhookClient client(Object... handlers) {
    return TestServers.client(start(TestServers.builder()
        .deliveryMode(DeliveryMode.SYNCHRONOUS).handlers(handlers)));
  }

  private Controlled failingHandler() {
    Controlled failing = new Controlled(log, release);
    failing.failing = true;
    return failing;
  }

  private HookyServer start(HookyBuilder builder) {
    HookyServer server = builder.start();
    servers.add(server);
    return server;
  }

  private String next() throws InterruptedException {
    String entry = log.poll(5, TimeUnit.SECONDS);
    assertNotNull(entry, "nothing happened within 5 s");
    return entry;
  }

  private List<String> drain() {
    List<String> drained = new ArrayList<>();
    log.drainTo(drained);
    return drained;
  }
}
