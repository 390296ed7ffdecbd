package dev.hooky.runtime.forward;

import static dev.hooky.runtime.testing.TestServers.email;
import static dev.hooky.runtime.testing.TestServers.sms;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.hooky.runtime.HookyServer;
import dev.hooky.runtime.inbox.AttemptRecord;
import dev.hooky.runtime.inbox.DeliveryRecord;
import dev.hooky.runtime.inbox.DeliveryStatus;
import dev.hooky.runtime.inbox.RetryPolicy;
import dev.hooky.runtime.testing.TestServers;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Forwarding over real HTTP: Hooky on a free port, a receiver on another that checks the Standard
 * Webhooks signature the way the specification describes, independently of the signer.
 */
class ForwardingTest {
  private static final WebhookSecret SECRET = WebhookSecret.generate();
  private static final RetryPolicy QUICK_RETRIES =
      new RetryPolicy(5, Duration.ofMillis(50), 1.0, Duration.ofMillis(50), 0.0);

  /** One request the receiver got. */
  record Received(Map<String, String> headers, byte[] body, Instant at) {
    String header(String name) {
      return headers.get(name);
    }
  }

  private HttpServer receiver;
  private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
  /** The statuses to answer with, in order; 204 once empty. */
  private final ConcurrentLinkedQueue<Integer> script = new ConcurrentLinkedQueue<>();
  private final CountDownLatch release = new CountDownLatch(1);
  private volatile long answerAfterMillis;
  private final List<HookyServer> servers = new ArrayList<>();

  @BeforeEach
  void startReceiver() throws IOException {
    receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext("/", exchange -> {
      byte[] body = exchange.getRequestBody().readAllBytes();
      Map<String, String> headers = new java.util.HashMap<>();
      exchange.getRequestHeaders().forEach((name, values) ->
          headers.put(name.toLowerCase(java.util.Locale.ROOT), values.get(0)));
      received.add(new Received(headers, body, Instant.now()));
      if (answerAfterMillis > 0) {
        try {
          release.await(answerAfterMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      Integer status = script.poll();
      int code = status == null ? 204 : status;
      if (code == 302) {
        exchange.getResponseHeaders().add("Location", "http://127.0.0.1:1/elsewhere");
      }
      exchange.sendResponseHeaders(code, -1);
      exchange.close();
    });
    receiver.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    receiver.start();
  }

  @AfterEach
  void stop() {
    release.countDown();
    servers.forEach(HookyServer::close);
    receiver.stop(0);
  }

  private URI receiverUrl(String path) {
    return URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + path);
  }

  private HttpDestination destination(String path, Duration timeout) {
    return new HttpDestination("forward app", receiverUrl(path), timeout,
        new StandardWebhookSigner(List.of(SECRET)), Clock.systemUTC());
  }

  private HookyServer start(HttpDestination destination, List<String> events) {
    HookyServer server = TestServers.builder().retryPolicy(QUICK_RETRIES).adminPort(-1)
        .forward(destination, events).start();
    servers.add(server);
    return server;
  }

  /** Verifies as the specification says: HMAC-SHA256 over id.timestamp.body, base64, "v1,". */
  private static boolean verifies(Received request, WebhookSecret secret) throws Exception {
    String id = request.header("webhook-id");
    String timestamp = request.header("webhook-timestamp");
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.reveal().substring(6)),
        "HmacSHA256"));
    mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
    byte[] expected = mac.doFinal(request.body());
    for (String signature : request.header("webhook-signature").split(" ")) {
      if (signature.startsWith("v1,") && MessageDigest.isEqual(expected,
          Base64.getDecoder().decode(signature.substring(3)))) {
        return true;
      }
    }
    return false;
  }

  private static DeliveryRecord settled(HookyServer server, String eventId) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      DeliveryRecord record = server.inbox().find(eventId).orElseThrow();
      if (record.status() == DeliveryStatus.HANDLED || record.status() == DeliveryStatus.DEAD
          || record.status() == DeliveryStatus.UNHANDLED) {
        return record;
      }
      Thread.sleep(10);
    }
    throw new AssertionError("not settled: " + server.inbox().find(eventId));
  }

  @Test
  void forwardsTheOriginalBodySignedWithinASecond() throws Exception {
    HookyServer server = start(destination("/hooks/cio", Duration.ofSeconds(5)), List.of("*"));
    String body = sms("01HFORWARDED0000000000001");
    assertEquals(200, TestServers.client(server).send(body).statusCode());
    Instant acknowledged = Instant.now();

    Received request = received.poll(1, TimeUnit.SECONDS);
    assertTrue(request != null, "nothing forwarded within a second");
    assertTrue(Duration.between(acknowledged, request.at()).toMillis() < 1000);
    assertArrayEquals(body.getBytes(StandardCharsets.UTF_8), request.body());
    assertEquals("01HFORWARDED0000000000001", request.header("webhook-id"));
    long timestamp = Long.parseLong(request.header("webhook-timestamp"));
    assertTrue(Math.abs(timestamp - Instant.now().getEpochSecond()) <= 2);
    assertEquals("application/json", request.header("content-type"));
    assertTrue(verifies(request, SECRET));
    assertTrue(!verifies(request, WebhookSecret.generate()), "verifies with any secret");

    DeliveryRecord record = settled(server, "01HFORWARDED0000000000001");
    assertEquals(DeliveryStatus.HANDLED, record.status());
    assertEquals("forward app", record.history().get(0).handler());
    assertNull(record.history().get(0).error());
  }

  @Test
  void onlyMatchingEventsAreForwarded() throws Exception {
    HookyServer server = start(destination("/emails", Duration.ofSeconds(5)),
        List.of("email_*"));
    TestServers.client(server).send(sms("01HSMS00000000000000000001"));
    TestServers.client(server).send(email("01HEMAIL000000000000000001"));
    Received request = received.poll(2, TimeUnit.SECONDS);
    assertEquals("01HEMAIL000000000000000001", request.header("webhook-id"));
    assertEquals(DeliveryStatus.UNHANDLED,
        settled(server, "01HSMS00000000000000000001").status());
    assertNull(received.poll(200, TimeUnit.MILLISECONDS));
  }

  @Test
  void twoFailuresThenSuccessAreThreeAttemptsInTheHistory() throws Exception {
    script.add(500);
    script.add(503);
    HookyServer server = start(destination("/flaky", Duration.ofSeconds(5)), List.of("*"));
    TestServers.client(server).send(sms("01HFLAKY000000000000000001"));

    DeliveryRecord record = settled(server, "01HFLAKY000000000000000001");
    assertEquals(DeliveryStatus.HANDLED, record.status());
    assertEquals(3, record.attempts());
    List<Received> requests = new ArrayList<>();
    received.drainTo(requests);
    assertEquals(3, requests.size());
    for (Received request : requests) {
      assertEquals("01HFLAKY000000000000000001", request.header("webhook-id"));
      assertTrue(verifies(request, SECRET));
    }
    List<AttemptRecord> history = record.history();
    assertEquals(List.of(1, 2, 3), history.stream().map(AttemptRecord::attempt).toList());
    assertTrue(history.get(0).error().matches("ForwardFailure: 500 in \\d+ ms"),
        history.get(0).error());
    assertTrue(history.get(1).error().matches("ForwardFailure: 503 in \\d+ ms"),
        history.get(1).error());
    assertNull(history.get(2).error());
    history.forEach(attempt -> assertEquals("forward app", attempt.handler()));
  }

  @Test
  void aRedirectIsAFailureAndIsNotFollowed() throws Exception {
    script.add(302);
    HookyServer server = start(destination("/moved", Duration.ofSeconds(5)), List.of("*"));
    TestServers.client(server).send(sms("01HMOVED000000000000000001"));
    DeliveryRecord record = settled(server, "01HMOVED000000000000000001");
    assertTrue(record.history().get(0).error().startsWith("ForwardFailure: 302 in "));
    assertEquals(2, record.attempts()); // the second was answered 204, here, not elsewhere
  }

  @Test
  void aSlowReceiverTimesOut() throws Exception {
    answerAfterMillis = 5_000;
    HookyServer server = TestServers.builder().adminPort(-1)
        .retryPolicy(new RetryPolicy(1, Duration.ZERO, 1.0, Duration.ZERO, 0.0))
        .forward(destination("/slow", Duration.ofMillis(300)), List.of("*")).start();
    servers.add(server);
    TestServers.client(server).send(sms("01HSLOW0000000000000000001"));
    DeliveryRecord record = settled(server, "01HSLOW0000000000000000001");
    assertEquals(DeliveryStatus.DEAD, record.status());
    AttemptRecord attempt = record.history().get(0);
    assertEquals("ForwardFailure: no answer within 300 ms", attempt.error());
    assertTrue(attempt.duration().toMillis() >= 300 && attempt.duration().toMillis() < 3_000,
        attempt.duration().toString());
  }

  @Test
  void anHttpsReceiverWithACertificateNobodyTrustsIsRefused(@TempDir Path dir) throws Exception {
    // A self-signed certificate, made by the JDK's keytool, served by the JDK's HttpsServer.
    Path keystore = dir.resolve("receiver.p12");
    Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool")
        .toString(), "-genkeypair", "-alias", "receiver", "-keyalg", "EC", "-dname",
        "CN=127.0.0.1", "-ext", "SAN=IP:127.0.0.1", "-validity", "2", "-storetype", "PKCS12",
        "-keystore", keystore.toString(), "-storepass", "changeit", "-keypass", "changeit")
        .redirectErrorStream(true).start();
    assertEquals(0, keytool.waitFor(), new String(keytool.getInputStream().readAllBytes(),
        StandardCharsets.UTF_8));
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (var in = Files.newInputStream(keystore)) {
      store.load(in, "changeit".toCharArray());
    }
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(store, "changeit".toCharArray());
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(keys.getKeyManagers(), null, null);
    HttpsServer https = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    https.setHttpsConfigurator(new HttpsConfigurator(tls));
    AtomicInteger reached = new AtomicInteger();
    https.createContext("/", exchange -> {
      reached.incrementAndGet();
      exchange.sendResponseHeaders(204, -1);
      exchange.close();
    });
    https.start();
    try {
      HttpDestination destination = new HttpDestination("forward tls",
          URI.create("https://127.0.0.1:" + https.getAddress().getPort() + "/h"),
          Duration.ofSeconds(5), new StandardWebhookSigner(List.of(SECRET)), Clock.systemUTC());
      Outcome outcome = destination.send(
          new ForwardedEvent("01HTLS", "sms_sent", 1, "{}".getBytes(StandardCharsets.UTF_8)));
      assertTrue(!outcome.delivered(), outcome.toString());
      assertTrue(outcome.detail().startsWith("connection failed after "), outcome.detail());
      assertTrue(outcome.detail().contains("PKIX"), outcome.detail());
      assertEquals(0, reached.get(), "the request reached an untrusted server");
    } finally {
      https.stop(0);
    }
  }

  @Test
  void anUnreachableReceiverFailsWithWhatHappened() throws Exception {
    int closedPort;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    HttpDestination nowhere = new HttpDestination("forward nowhere",
        URI.create("http://127.0.0.1:" + closedPort + "/h"), Duration.ofSeconds(2),
        new StandardWebhookSigner(List.of(SECRET)), Clock.systemUTC());
    Outcome outcome = nowhere.send(new ForwardedEvent("01HX", "sms_sent", 1, new byte[0]));
    assertTrue(!outcome.delivered());
    assertTrue(outcome.detail().startsWith("could not connect"), outcome.detail());
  }
}
