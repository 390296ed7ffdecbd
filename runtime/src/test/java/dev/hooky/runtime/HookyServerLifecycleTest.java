package dev.hooky.runtime;

import static dev.hooky.runtime.testing.TestServers.sendInBackground;
import static dev.hooky.runtime.testing.TestServers.sms;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hooky.customerio.OnCustomerIoEvent;
import dev.hooky.customerio.event.SmsEvent;
import dev.hooky.runtime.testing.TestServers;
import dev.hooky.runtime.testing.WebhookClient;
import java.io.IOException;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Closing: what runs is finished, what waits is handled, and then nothing is listening. */
class HookyServerLifecycleTest {
  /** How long close() is watched to be sure it waits. */
  private static final long STILL_CLOSING_MILLIS = 300;

  private final BlockingQueue<String> log = new LinkedBlockingQueue<>();
  private final CountDownLatch release = new CountDownLatch(1);
  private final List<HookyServer> servers = new ArrayList<>();

  @AfterEach
  void closeServers() {
    release.countDown();
    servers.forEach(HookyServer::close);
  }

  /**
   * Logs "started id"; waits for the release on ids starting with "block" (logging "interrupted
   * id" if interrupted instead), works 50 ms on ids starting with "work"; then logs "finished id".
   */
  static final class Worker {
    private final BlockingQueue<String> log;
    private final CountDownLatch release;

    Worker(BlockingQueue<String> log, CountDownLatch release) {
      this.log = log;
      this.release = release;
    }

    @OnCustomerIoEvent("sms_*")
    void sms(SmsEvent event) throws InterruptedException {
      String id = event.eventId();
      log.add("started " + id);
      try {
        if (id.startsWith("block")) {
          release.await(10, TimeUnit.SECONDS);
        } else if (id.startsWith("work")) {
          Thread.sleep(50);
        }
      } catch (InterruptedException e) {
        log.add("interrupted " + id);
        throw e;
      }
      log.add("finished " + id);
    }
  }

  @Test
  void closeLetsAHandlerInTheMiddleOfADeliveryFinish() throws Exception {
    HookyServer server = start(TestServers.builder().handlers(new Worker(log, release)));
    assertEquals(200, TestServers.client(server).send(sms("block-running")).statusCode());
    assertEquals("started block-running", next());

    CompletableFuture<List<String>> closed = closeInBackground(server);
    assertThrows(TimeoutException.class,
        () -> closed.get(STILL_CLOSING_MILLIS, TimeUnit.MILLISECONDS),
        "close() returned while a handler was still running");

    release.countDown();
    assertEquals(List.of("finished block-running"), closed.get(5, TimeUnit.SECONDS),
        "what the handler had done when close() returned");
  }

  @Test
  void closeLetsASynchronousRequestInFlightFinishAndBeAnswered() throws Exception {
    HookyServer server = start(TestServers.builder().deliveryMode(DeliveryMode.SYNCHRONOUS)
        .handlers(new Worker(log, release)));
    CompletableFuture<HttpResponse<String>> answer =
        sendInBackground(TestServers.client(server), sms("block-in-flight"));
    assertEquals("started block-in-flight", next());

    CompletableFuture<List<String>> closed = closeInBackground(server);
    assertThrows(TimeoutException.class,
        () -> closed.get(STILL_CLOSING_MILLIS, TimeUnit.MILLISECONDS),
        "close() returned while a request was in flight");
    assertFalse(answer.isDone());

    release.countDown();
    HttpResponse<String> response = answer.get(5, TimeUnit.SECONDS);
    assertEquals(200, response.statusCode());
    assertEquals("ok", response.body().strip());
    assertEquals(List.of("finished block-in-flight"), closed.get(5, TimeUnit.SECONDS));
  }

  @Test
  void eventsAcceptedBeforeCloseAreHandledBeforeItReturns() throws Exception {
    HookyServer server = start(TestServers.builder().workerThreads(1)
        .handlers(new Worker(log, release)));
    WebhookClient client = TestServers.client(server);
    assertEquals(200, client.send(sms("block-first")).statusCode());
    assertEquals("started block-first", next());

    List<String> queued = IntStream.rangeClosed(1, 10).mapToObj(i -> "work-" + i)
        .collect(Collectors.toList());
    for (String id : queued) {
      assertEquals(200, client.send(sms(id)).statusCode(), id);
    }
    assertEquals(10, server.pendingDeliveries(), "the only worker is busy: all ten wait");

    release.countDown();
    server.close();

    List<String> expected = new ArrayList<>(List.of("finished block-first"));
    for (String id : queued) {
      expected.add("started " + id);
      expected.add("finished " + id);
    }
    assertEquals(expected, drain());
    assertEquals(0, server.pendingDeliveries());
  }

  @Test
  void closeGivesUpOnAHandlerAfterTheShutdownTimeoutAndInterruptsIt() throws Exception {
    HookyServer server = start(TestServers.builder()
        .shutdownTimeout(Duration.ofMillis(300)).handlers(new Worker(log, release)));
    assertEquals(200, TestServers.client(server).send(sms("block-forever")).statusCode());
    assertEquals("started block-forever", next());

    long start = System.nanoTime();
    server.close();
    long took = System.nanoTime() - start;

    assertTrue(took < TimeUnit.SECONDS.toNanos(5), "close() took " + took / 1_000_000 + " ms");
    assertEquals("interrupted block-forever", next(), "the handler was interrupted");
  }

  @Test
  void afterCloseThePortRefusesConnections() throws Exception {
    HookyServer server = start(TestServers.builder().handlers(new Worker(log, release)));
    int port = server.port();
    WebhookClient client = TestServers.client(server);
    assertEquals(200, client.send(sms("before-close")).statusCode());
    try (Socket open = new Socket("127.0.0.1", port)) {
      assertTrue(open.isConnected());
    }

    server.close();

    assertEquals(port, server.port(), "port() still tells which port it was");
    assertThrows(IOException.class, () -> {
      try (Socket refused = new Socket("127.0.0.1", port)) {
        refused.getOutputStream().write(1);
      }
    });
    assertThrows(AssertionError.class, () -> client.send(sms("after-close")),
        "a request after close() was answered");
  }

  @Test
  void closingTwiceIsHarmless() throws Exception {
    HookyServer server = start(TestServers.builder().handlers(new Worker(log, release)));
    assertEquals(200, TestServers.client(server).send(sms("once")).statusCode());

    server.close();
    assertEquals(List.of("started once", "finished once"), drain());

    CompletableFuture<List<String>> again = closeInBackground(server);
    assertEquals(List.of(), again.get(5, TimeUnit.SECONDS));
  }

  @Test
  void workersStopWhenTheShutdownTimeoutRunsOutWithADurableInboxStillFull(@TempDir Path directory)
      throws Exception {
    HookyServer server = start(TestServers.builder()
        .inbox("sqlite:" + directory.resolve("full.db")).workerThreads(2)
        .shutdownTimeout(Duration.ofMillis(300)).handlers(new Worker(log, release)));
    WebhookClient client = TestServers.client(server);
    for (int i = 0; i < 40; i++) {
      assertEquals(200, client.send(sms("work-" + i)).statusCode());
    }

    server.close();

    // Left running, interrupted workers used to spin on a closed inbox, logging without end.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (workerThreadsAlive() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertEquals(0, workerThreadsAlive(), "hooky-worker threads still running after close()");
  }

  private static long workerThreadsAlive() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(thread -> thread.getName().startsWith("hooky-worker-") && thread.isAlive())
        .count();
  }

  private HookyServer start(HookyBuilder builder) {
    HookyServer server = builder.start();
    servers.add(server);
    return server;
  }

  /** Closes on another thread; completes with what the log held the moment close() returned. */
  private CompletableFuture<List<String>> closeInBackground(HookyServer server) {
    CompletableFuture<List<String>> closed = new CompletableFuture<>();
    Thread closer = new Thread(() -> {
      try {
        server.close();
        closed.complete(drain());
      } catch (Throwable e) {
        closed.completeExceptionally(e);
      }
    }, "test-closer");
    closer.setDaemon(true);
    closer.start();
    return closed;
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
