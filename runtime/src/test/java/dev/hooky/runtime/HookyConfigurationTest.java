package dev.hooky.runtime;

import static dev.hooky.runtime.testing.TestServers.KEY;
import static dev.hooky.runtime.testing.TestServers.sms;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hooky.customerio.OnCustomerIoEvent;
import dev.hooky.customerio.event.SmsEvent;
import dev.hooky.runtime.testing.TestServers;
import dev.hooky.runtime.testing.WebhookClient;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Builder and environment configuration, and what start() refuses. */
class HookyConfigurationTest {
  private static final Clock NOW = Clock.systemUTC();

  /** Records the ids of the SMS events it receives. */
  static final class Recording {
    private final BlockingQueue<String> ids = new LinkedBlockingQueue<>();

    @OnCustomerIoEvent("sms_*")
    void sms(SmsEvent event) {
      ids.add(event.eventId());
    }

    String next() throws InterruptedException {
      String id = ids.poll(5, TimeUnit.SECONDS);
      assertNotNull(id, "no handler ran within 5 s");
      return id;
    }
  }

  /** Fails on every SMS event. */
  static final class Failing {
    @OnCustomerIoEvent("sms_*")
    void sms(SmsEvent event) {
      throw new IllegalStateException("failing on purpose: " + event.eventId());
    }
  }

  /** Blocks on every SMS event until released. */
  static final class Blocking {
    private final BlockingQueue<String> started = new LinkedBlockingQueue<>();
    private final CountDownLatch release = new CountDownLatch(1);

    @OnCustomerIoEvent("sms_*")
    void sms(SmsEvent event) throws InterruptedException {
      started.add(event.eventId());
      release.await(10, TimeUnit.SECONDS);
    }
  }

  /** Has methods, but none annotated: no router is generated for it. */
  static final class Plain {
    void sms(SmsEvent event) {
      throw new AssertionError("never called: " + event);
    }
  }

  // --- refusals at start-up ---

  @Test
  void noSigningKeyIsRefusedNamingTheVariableAndTheMethod() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> Hooky.server().port(0).host("127.0.0.1").handlers(new Recording()).start());
    assertContains(e.getMessage(), "CUSTOMERIO_WEBHOOK_SIGNING_KEYS", "signingKeys(...)");
  }

  @Test
  void anEmptyListOfSigningKeysIsRefusedLikeNone() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> TestServers.builder().signingKeys().handlers(new Recording()).start());
    assertContains(e.getMessage(), "CUSTOMERIO_WEBHOOK_SIGNING_KEYS", "signingKeys(...)");
  }

  @Test
  void anEnvironmentWithoutSigningKeysIsRefusedNamingTheVariable() {
    HookyBuilder builder = Hooky.fromEnvironment(
        Map.of("HOOKY_PORT", "0", "HOOKY_HOST", "127.0.0.1")).handlers(new Recording());
    IllegalStateException e = assertThrows(IllegalStateException.class, builder::start);
    assertContains(e.getMessage(), "CUSTOMERIO_WEBHOOK_SIGNING_KEYS");
  }

  @Test
  void aBlankSigningKeyIsRefusedSayingWhichOne() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> TestServers.builder().signingKeys("good-key", "  ").handlers(new Recording())
            .start());
    assertContains(e.getMessage(), "signing key 2 of 2 is blank",
        "CUSTOMERIO_WEBHOOK_SIGNING_KEYS", "signingKeys(...)");
  }

  @ParameterizedTest(name = "\"{0}\" -> {1}")
  @CsvSource(delimiter = '|', value = {
      "a,,b   | signing key 2 of 3 is blank",
      "' '    | signing key 1 of 1 is blank",
      "a,     | signing key 2 of 2 is blank",
      "' ,b'  | signing key 1 of 2 is blank",
      "a, ,b  | signing key 2 of 3 is blank",
  })
  void aBlankSigningKeyFromTheEnvironmentIsRefusedSayingWhichOne(String keys, String expected) {
    HookyBuilder builder = Hooky.fromEnvironment(Map.of("HOOKY_PORT", "0", "HOOKY_HOST",
        "127.0.0.1", "CUSTOMERIO_WEBHOOK_SIGNING_KEYS", keys)).handlers(new Recording());
    IllegalStateException e = assertThrows(IllegalStateException.class, builder::start);
    assertContains(e.getMessage(), expected, "CUSTOMERIO_WEBHOOK_SIGNING_KEYS");
  }

  @Test
  void aPlainObjectAsHandlerIsRefusedNamingWhatWasLookedFor() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> TestServers.builder().handlers(new Object()).start());
    assertContains(e.getMessage(), "java.lang.Object", "java.lang.Object_CustomerIoRouter",
        "hooky-processor");
  }

  @Test
  void aClassWithoutAnnotatedMethodsIsRefusedNamingWhatWasLookedFor() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> TestServers.builder().handlers(new Recording(), new Plain()).start());
    assertContains(e.getMessage(), Plain.class.getName(),
        "dev.hooky.runtime.HookyConfigurationTest_Plain_CustomerIoRouter", "hooky-processor",
        "@OnCustomerIoEvent");
  }

  @Test
  void aNullHandlerIsRefusedAtOnce() {
    assertThrows(NullPointerException.class,
        () -> TestServers.builder().handlers(new Recording(), null));
  }

  @Test
  void aPortInUseIsRefusedNamingThePortAndTheVariable() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
      int port = taken.getLocalPort();
      IllegalStateException e = assertThrows(IllegalStateException.class,
          () -> TestServers.builder().port(port).handlers(new Recording()).start());
      assertContains(e.getMessage(), Integer.toString(port), "HOOKY_PORT", "port(...)");
    }
    assertNoHookyThreadOutlives("a failed start");
  }

  // --- the running server's address ---

  @Test
  void portZeroPicksAFreePortThatPortAndUrlTell() throws Exception {
    Recording handler = new Recording();
    try (HookyServer server = TestServers.builder().handlers(handler).start()) {
      int port = server.port();
      assertTrue(port > 0 && port <= 65_535, "port " + port);
      assertEquals(URI.create("http://127.0.0.1:" + port + "/webhooks/customerio"), server.url());
      WebhookClient client = new WebhookClient(
          URI.create("http://127.0.0.1:" + port + "/webhooks/customerio"), KEY, NOW);
      assertEquals(200, client.send(sms("port-1")).statusCode());
      assertEquals("port-1", handler.next());
    }
  }

  @Test
  void theUrlOfAServerOnEveryInterfaceNamesLocalhost() {
    try (HookyServer server = Hooky.server().port(0).signingKeys(KEY)
        .handlers(new Recording()).start()) {
      assertEquals(URI.create("http://localhost:" + server.port() + "/webhooks/customerio"),
          server.url());
    }
  }

  // --- the environment ---

  @Test
  void theEnvironmentSetsPortHostPathAndSeveralSigningKeys() throws Exception {
    Recording handler = new Recording();
    Map<String, String> environment = Map.of(
        "HOOKY_PORT", "0",
        "HOOKY_HOST", "127.0.0.1",
        "HOOKY_PATH", "/hooks/cio",
        "CUSTOMERIO_WEBHOOK_SIGNING_KEYS", "first-key, second-key");
    try (HookyServer server = Hooky.fromEnvironment(environment).inbox("memory").handlers(handler).start()) {
      int port = server.port();
      assertNotEquals(0, port);
      assertEquals(URI.create("http://127.0.0.1:" + port + "/hooks/cio"), server.url());

      assertEquals(200, new WebhookClient(server.url(), "first-key", NOW)
          .send(sms("env-1")).statusCode());
      assertEquals("env-1", handler.next());
      assertEquals(200, new WebhookClient(server.url(), "second-key", NOW)
          .send(sms("env-2")).statusCode());
      assertEquals("env-2", handler.next());
      assertEquals(401, new WebhookClient(server.url(), "third-key", NOW)
          .send(sms("env-3")).statusCode());

      URI defaultPath = URI.create("http://127.0.0.1:" + port + "/webhooks/customerio");
      assertEquals(404, new WebhookClient(defaultPath, "first-key", NOW)
          .send(sms("env-4")).statusCode());
      assertNull(handler.ids.poll(), "neither refused request reached the handler");
    }
  }

  @Test
  void theEnvironmentSetsTheTimestampTolerance() throws Exception {
    Recording handler = new Recording();
    Map<String, String> environment = Map.of("HOOKY_PORT", "0", "HOOKY_HOST", "127.0.0.1",
        "CUSTOMERIO_WEBHOOK_SIGNING_KEYS", KEY, "HOOKY_TIMESTAMP_TOLERANCE_SECONDS", "60");
    try (HookyServer server = Hooky.fromEnvironment(environment).inbox("memory").handlers(handler).start()) {
      // Within the 300 s default, outside the 60 s configured.
      WebhookClient twoMinutesLate = new WebhookClient(server.url(), KEY,
          Clock.offset(NOW, Duration.ofSeconds(-120)));
      assertEquals(401, twoMinutesLate.send(sms("late")).statusCode());
      WebhookClient halfAMinuteLate = new WebhookClient(server.url(), KEY,
          Clock.offset(NOW, Duration.ofSeconds(-30)));
      assertEquals(200, halfAMinuteLate.send(sms("in-time")).statusCode());
      assertEquals("in-time", handler.next());
    }
  }

  @Test
  void theEnvironmentSetsTheBodyLimit() throws Exception {
    Recording handler = new Recording();
    Map<String, String> environment = Map.of("HOOKY_PORT", "0", "HOOKY_HOST", "127.0.0.1",
        "CUSTOMERIO_WEBHOOK_SIGNING_KEYS", KEY, "HOOKY_MAX_BODY_BYTES", "1000");
    try (HookyServer server = Hooky.fromEnvironment(environment).inbox("memory").handlers(handler).start()) {
      WebhookClient client = TestServers.client(server);
      String small = sms("small");
      assertTrue(small.length() < 1000, small);
      assertEquals(200, client.send(small).statusCode());
      assertEquals("small", handler.next());

      String large = "{\"event_id\":\"large\",\"object_type\":\"fax\",\"metric\":\"sent\","
          + "\"timestamp\":1713484800,\"data\":{\"pages\":\"" + "x".repeat(1000) + "\"}}";
      HttpResponse<String> answer = client.send(large);
      assertEquals(200, answer.statusCode(), answer.body());
      assertEquals("quarantined", answer.body().strip(), "authentic, but over the limit");
      assertTrue(server.inbox().find("large").orElseThrow().lastError().startsWith("too large"));
    }
  }

  @Test
  void theEnvironmentSetsTheHardCapOnARequest() throws Exception {
    Map<String, String> environment = Map.of("HOOKY_PORT", "0", "HOOKY_HOST", "127.0.0.1",
        "CUSTOMERIO_WEBHOOK_SIGNING_KEYS", KEY, "HOOKY_MAX_BODY_BYTES", "1000",
        "HOOKY_MAX_REQUEST_BYTES", "2000", "HOOKY_BODY_TIMEOUT_MILLIS", "3000",
        "HOOKY_MAX_CONNECTIONS", "50", "HOOKY_MAX_IN_FLIGHT_BODY_BYTES", "100000");
    try (HookyServer server = Hooky.fromEnvironment(environment).inbox("memory")
        .handlers(new Recording()).start()) {
      String huge = "{\"event_id\":\"huge\",\"object_type\":\"fax\",\"metric\":\"sent\","
          + "\"timestamp\":1713484800,\"data\":{\"pages\":\"" + "x".repeat(2000) + "\"}}";

      HttpResponse<String> answer = TestServers.client(server).send(huge);

      assertEquals(413, answer.statusCode(), answer.body());
      assertEquals("body too large: the limit is 2000 bytes", answer.body().strip());
    }
  }

  @Test
  void theEnvironmentSetsTheNumberOfWorkers() throws Exception {
    Blocking handler = new Blocking();
    Map<String, String> environment = Map.of("HOOKY_PORT", "0", "HOOKY_HOST", "127.0.0.1",
        "CUSTOMERIO_WEBHOOK_SIGNING_KEYS", KEY, "HOOKY_WORKER_THREADS", "1");
    try (HookyServer server = Hooky.fromEnvironment(environment).inbox("memory").handlers(handler).start()) {
      try {
        WebhookClient client = TestServers.client(server);
        assertEquals(200, client.send(sms("first")).statusCode());
        assertEquals("first", handler.started.poll(5, TimeUnit.SECONDS));

        assertEquals(200, client.send(sms("second")).statusCode());
        // The only worker is busy: the second event waits (the default has at least two).
        assertEquals(1, server.pendingDeliveries());
        assertNull(handler.started.poll(200, TimeUnit.MILLISECONDS));
      } finally {
        handler.release.countDown();
      }
      assertEquals("second", handler.started.poll(5, TimeUnit.SECONDS));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"synchronous", "SYNCHRONOUS", "Synchronous", " synchronous "})
  void theEnvironmentSelectsSynchronousDeliveryInAnyCase(String mode) {
    Map<String, String> environment = Map.of("HOOKY_PORT", "0", "HOOKY_HOST", "127.0.0.1",
        "CUSTOMERIO_WEBHOOK_SIGNING_KEYS", KEY, "HOOKY_DELIVERY_MODE", mode);
    try (HookyServer server = Hooky.fromEnvironment(environment).inbox("memory").handlers(new Failing())
        .start()) {
      // Only a handler running inside the request can turn its failure into the answer.
      assertEquals(500, TestServers.client(server).send(sms("sync")).statusCode());
    }
  }

  @Test
  void theEnvironmentSelectsInboxDelivery() {
    Map<String, String> environment = Map.of("HOOKY_PORT", "0", "HOOKY_HOST", "127.0.0.1",
        "CUSTOMERIO_WEBHOOK_SIGNING_KEYS", KEY, "HOOKY_DELIVERY_MODE", "Inbox");
    try (HookyServer server = Hooky.fromEnvironment(environment).inbox("memory").handlers(new Failing())
        .start()) {
      assertEquals(200, TestServers.client(server).send(sms("stored")).statusCode());
    }
  }

  @Test
  void theEnvironmentSelectsTheMemoryInbox() throws Exception {
    Recording handler = new Recording();
    Map<String, String> environment = Map.of("HOOKY_PORT", "0", "HOOKY_HOST", "127.0.0.1",
        "CUSTOMERIO_WEBHOOK_SIGNING_KEYS", KEY, "HOOKY_INBOX", "memory");
    try (HookyServer server = Hooky.fromEnvironment(environment).inbox("memory").handlers(handler).start()) {
      assertEquals(200, TestServers.client(server).send(sms("in-memory")).statusCode());
      assertEquals("in-memory", handler.next());
    }
  }

  @Test
  void builderCallsAfterTheEnvironmentOverrideIt() throws Exception {
    Recording handler = new Recording();
    Map<String, String> environment = Map.of("HOOKY_PORT", "0", "HOOKY_HOST", "127.0.0.1",
        "HOOKY_PATH", "/from-environment", "CUSTOMERIO_WEBHOOK_SIGNING_KEYS", "environment-key");
    try (HookyServer server = Hooky.fromEnvironment(environment).inbox("memory").path("/from-code")
        .signingKeys(KEY).handlers(handler).start()) {
      assertEquals("/from-code", server.url().getPath());
      assertEquals(401, new WebhookClient(server.url(), "environment-key", NOW)
          .send(sms("old-key")).statusCode());
      assertEquals(200, TestServers.client(server).send(sms("new-key")).statusCode());
      assertEquals("new-key", handler.next());
    }
  }

  @Test
  void anEmptyEnvironmentKeepsTheDefaults() {
    try (HookyServer server = Hooky.fromEnvironment(Map.of()).inbox("memory").port(0).host("127.0.0.1")
        .signingKeys(KEY).handlers(new Recording()).start()) {
      assertEquals("/webhooks/customerio", server.url().getPath());
    }
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(delimiter = '|', value = {
      "HOOKY_PORT                        | abc",
      "HOOKY_PORT                        | 70000",
      "HOOKY_PORT                        | -1",
      "HOOKY_PORT                        | 8080.5",
      "HOOKY_PATH                        | webhooks",
      "HOOKY_HOST                        | ' '",
      "HOOKY_TIMESTAMP_TOLERANCE_SECONDS | -5",
      "HOOKY_TIMESTAMP_TOLERANCE_SECONDS | five",
      "HOOKY_MAX_BODY_BYTES              | 0",
      "HOOKY_MAX_BODY_BYTES              | 5MB",
      "HOOKY_MAX_REQUEST_BYTES           | 0",
      "HOOKY_MAX_REQUEST_BYTES           | 64MB",
      "HOOKY_BODY_TIMEOUT_MILLIS         | 0",
      "HOOKY_BODY_TIMEOUT_MILLIS         | soon",
      "HOOKY_MAX_CONNECTIONS             | 0",
      "HOOKY_MAX_CONNECTIONS             | lots",
      "HOOKY_MAX_IN_FLIGHT_BODY_BYTES    | -1",
      "HOOKY_WORKER_THREADS              | 0",
      "HOOKY_WORKER_THREADS              | many",
      "HOOKY_DELIVERY_MODE               | later",
      "HOOKY_INBOX                       | mysql:x.db",
      "HOOKY_INBOX                       | sqlite:",
  })
  void anUnusableValueIsRefusedNamingTheVariable(String variable, String value) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Hooky.fromEnvironment(Map.of(variable, value)));
    assertTrue(e.getMessage().startsWith(variable + ": "), e.getMessage());
    assertContains(e.getMessage(), value);
  }

  // --- builder arguments ---

  static Stream<Arguments> unusableBuilderArguments() {
    return Stream.of(
        refused("port(-1)", () -> Hooky.server().port(-1)),
        refused("port(65536)", () -> Hooky.server().port(65_536)),
        refused("path without a leading slash", () -> Hooky.server().path("webhooks/customerio")),
        refused("blank host", () -> Hooky.server().host(" ")),
        refused("sub-second tolerance",
            () -> Hooky.server().timestampTolerance(Duration.ofMillis(500))),
        refused("empty path", () -> Hooky.server().path("")),
        refused("negative tolerance",
            () -> Hooky.server().timestampTolerance(Duration.ofSeconds(-1))),
        refused("maxBodyBytes(0)", () -> Hooky.server().maxBodyBytes(0)),
        refused("maxRequestBytes(0)", () -> Hooky.server().maxRequestBytes(0)),
        refused("bodyTimeout(0)", () -> Hooky.server().bodyTimeout(Duration.ZERO)),
        refused("maxConnections(0)", () -> Hooky.server().maxConnections(0)),
        refused("idleTimeout(-1 s)", () -> Hooky.server().idleTimeout(Duration.ofSeconds(-1))),
        refused("maxInFlightBodyBytes(0)", () -> Hooky.server().maxInFlightBodyBytes(0)),
        refused("maxBodyBytes(-1)", () -> Hooky.server().maxBodyBytes(-1)),
        refused("workerThreads(0)", () -> Hooky.server().workerThreads(0)),
        refused("inboxCapacity(0)", () -> Hooky.server().inboxCapacity(0)),
        refused("inboxHistory(0)", () -> Hooky.server().inboxHistory(0)),
        refused("handlerTimeout(0)", () -> Hooky.server().handlerTimeout(Duration.ZERO)),
        refused("negative handlerTimeout",
            () -> Hooky.server().handlerTimeout(Duration.ofMillis(-1))),
        refused("shutdownTimeout(0)", () -> Hooky.server().shutdownTimeout(Duration.ZERO)),
        refused("negative shutdownTimeout",
            () -> Hooky.server().shutdownTimeout(Duration.ofSeconds(-30))),
        refused("inbox(\"redis:x\")", () -> Hooky.server().inbox("redis:x")));
  }

  private static Arguments refused(String name, Executable call) {
    return Arguments.of(Named.of(name, call));
  }

  @ParameterizedTest
  @MethodSource("unusableBuilderArguments")
  void anUnusableBuilderArgumentIsRefusedAtOnce(Executable call) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    assertNotNull(e.getMessage());
    assertFalse(e.getMessage().isBlank());
  }

  @Test
  void nullBuilderArgumentsAreRefusedAtOnce() {
    HookyBuilder builder = Hooky.server();
    assertThrows(NullPointerException.class, () -> builder.host(null));
    assertThrows(NullPointerException.class, () -> builder.path(null));
    assertThrows(NullPointerException.class, () -> builder.signingKeys((String[]) null));
    assertThrows(NullPointerException.class, () -> builder.handlers((Object[]) null));
    assertThrows(NullPointerException.class, () -> builder.timestampTolerance(null));
    assertThrows(NullPointerException.class, () -> builder.clock(null));
    assertThrows(NullPointerException.class, () -> builder.deliveryMode(null));
    assertThrows(NullPointerException.class, () -> builder.inbox(null));
    assertThrows(NullPointerException.class, () -> builder.handlerTimeout(null));
    assertThrows(NullPointerException.class, () -> builder.shutdownTimeout(null));
    assertThrows(NullPointerException.class, () -> builder.observer(null));
  }

  @Test
  void boundaryValuesAreAccepted() {
    HookyBuilder builder = Hooky.server();
    assertDoesNotThrow(() -> builder.port(0));
    assertDoesNotThrow(() -> builder.port(65_535));
    assertDoesNotThrow(() -> builder.path("/"));
    assertDoesNotThrow(() -> builder.timestampTolerance(Duration.ZERO));
    assertDoesNotThrow(() -> builder.maxBodyBytes(1));
    assertDoesNotThrow(() -> builder.workerThreads(1));
    assertDoesNotThrow(() -> builder.inboxCapacity(1));
    assertDoesNotThrow(() -> builder.inboxHistory(1));
    assertDoesNotThrow(() -> builder.handlerTimeout(Duration.ofNanos(1)));
    assertDoesNotThrow(() -> builder.inbox("memory"));
  }

  // --- helpers ---

  private static void assertContains(String text, String... parts) {
    for (String part : parts) {
      assertTrue(text.contains(part), "expected \"" + part + "\" in: " + text);
    }
  }

  /** Waits for Hooky's worker and HTTP threads to end, then fails if any is still alive. */
  private static void assertNoHookyThreadOutlives(String what) throws InterruptedException {
    List<Thread> hooky = Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("hooky-worker-")
            || t.getName().startsWith("hooky-http"))
        .collect(Collectors.toList());
    for (Thread thread : hooky) {
      thread.join(TimeUnit.SECONDS.toMillis(5));
    }
    List<String> alive = hooky.stream().filter(Thread::isAlive).map(Thread::getName)
        .collect(Collectors.toList());
    assertTrue(alive.isEmpty(), "threads alive after " + what + ": " + alive);
  }
}
