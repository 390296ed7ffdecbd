package dev.hooky.runtime.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hooky.customerio.OnCustomerIoEvent;
import dev.hooky.customerio.event.SmsEvent;
import dev.hooky.runtime.HookyServer;
import dev.hooky.runtime.inbox.RetryPolicy;
import dev.hooky.runtime.testing.TestServers;
import dev.hooky.runtime.testing.WebhookClient;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The admin JSON API over real HTTP: auth, listing, detail, replay, the live stream. */
class ConsoleApiTest {
  private static final String TOKEN = "test-admin-token";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Fails events whose id starts with "fail" while {@link #failing} is set. */
  static final class Flaky {
    final AtomicBoolean failing = new AtomicBoolean(true);
    final BlockingQueue<String> handled = new LinkedBlockingQueue<>();

    @OnCustomerIoEvent("sms_*")
    void sms(SmsEvent event) {
      if (event.eventId().startsWith("fail") && failing.get()) {
        throw new IllegalStateException("downstream unavailable");
      }
      handled.add(event.eventId());
    }
  }

  private final Flaky handler = new Flaky();
  private final HttpClient http = HttpClient.newHttpClient();
  private HookyServer server;
  private WebhookClient webhooks;
  private URI api;

  @BeforeEach
  void start() {
    server = TestServers.builder().adminToken(TOKEN).workerThreads(1)
        .retryPolicy(new RetryPolicy(1, Duration.ZERO, 1.0, Duration.ZERO, 0.0))
        .handlers(handler).start();
    webhooks = TestServers.client(server);
    api = server.adminUrl().orElseThrow();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void theApiRequiresTheToken() throws Exception {
    assertEquals(401, get("/deliveries", null).statusCode());
    HttpResponse<String> wrong = get("/deliveries", "not-the-token");
    assertEquals(401, wrong.statusCode());
    assertTrue(wrong.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));
    assertEquals(200, get("/deliveries", TOKEN).statusCode());
  }

  @Test
  void healthAndReadinessNeedNoToken() throws Exception {
    URI base = api.resolve("/");
    assertEquals(200, send(HttpRequest.newBuilder(base.resolve("/healthz")).build()).statusCode());
    assertEquals("ready", send(HttpRequest.newBuilder(base.resolve("/readyz")).build())
        .body().strip());
  }

  @Test
  void deliveriesAreListedNewestFirstWithFiltersAndPages() throws Exception {
    for (int i = 1; i <= 3; i++) {
      assertEquals(200, webhooks.send(TestServers.sms("list-" + i)).statusCode());
      handler.handled.poll(5, TimeUnit.SECONDS);
    }
    webhooks.send(TestServers.email("mail-1"));

    JsonNode all = json(get("/deliveries", TOKEN));
    assertEquals("mail-1", all.get("deliveries").get(0).get("eventId").asText());
    assertEquals(4, all.get("deliveries").size());

    JsonNode sms = json(get("/deliveries?event=sms_*&limit=2", TOKEN));
    assertEquals("list-3", sms.get("deliveries").get(0).get("eventId").asText());
    assertEquals("list-2", sms.get("deliveries").get(1).get("eventId").asText());
    String cursor = sms.get("nextCursor").asText();
    JsonNode next = json(get("/deliveries?event=sms_*&limit=2&cursor=" + cursor, TOKEN));
    assertEquals("list-1", next.get("deliveries").get(0).get("eventId").asText());

    assertEquals(400, get("/deliveries?status=sideways", TOKEN).statusCode());
    assertEquals(400, get("/deliveries?limit=0", TOKEN).statusCode());
  }

  @Test
  void aDeliveryShowsItsAttemptsAndAReplayRecordsTheNextOne() throws Exception {
    assertEquals(200, webhooks.send(TestServers.sms("fail-1")).statusCode());
    JsonNode dead = awaitStatus("fail-1", "dead");
    assertEquals(1, dead.get("attempts").asInt());
    assertTrue(dead.get("lastError").asText().contains("downstream unavailable"));
    assertTrue(dead.get("headers").get("X-CIO-Signature").get(0).asText().endsWith("…"),
        "the signature is shortened");
    assertEquals("fail-1", dead.get("body").get("event_id").asText());
    JsonNode verification = dead.get("verification");
    assertEquals(1, verification.get("keyMatched").asInt());
    assertEquals(691_200, verification.get("toleranceSeconds").asInt(), "8 days");
    assertTrue(Math.abs(verification.get("skewSeconds").asLong()) < 60);
    assertEquals(64, verification.get("bodySha256").asText().length());

    handler.failing.set(false);
    HttpResponse<String> replay = post("/deliveries/fail-1/replay");
    assertEquals(200, replay.statusCode());
    assertEquals("fail-1", handler.handled.poll(5, TimeUnit.SECONDS));
    JsonNode handled = awaitStatus("fail-1", "handled");
    assertEquals(2, handled.get("attempts").asInt(), "the replay is attempt 2");
    assertTrue(handled.get("handlerMillis").asDouble() > 0, "handler time is summed");
    assertEquals(1, handled.get("replays").asInt());

    assertEquals(404, post("/deliveries/no-such-event/replay").statusCode());
    assertEquals(404, get("/deliveries/no-such-event", TOKEN).statusCode());
  }

  @Test
  void deadLettersSinceATimeAreReplayedTogether() throws Exception {
    webhooks.send(TestServers.sms("fail-a"));
    webhooks.send(TestServers.sms("fail-b"));
    awaitStatus("fail-a", "dead");
    awaitStatus("fail-b", "dead");
    handler.failing.set(false);

    JsonNode replayed = json(post("/dead-letters/replay?since=1h"));

    assertEquals(2, replayed.get("replayed").asInt());
    awaitStatus("fail-a", "handled");
    awaitStatus("fail-b", "handled");
    assertEquals(400, post("/dead-letters/replay").statusCode(), "since is required");
  }

  @Test
  void theStreamDeliversANewEventAsItArrives() throws Exception {
    HttpRequest stream = HttpRequest.newBuilder(URI.create(api + "/stream"))
        .header("Authorization", "Bearer " + TOKEN).build();
    HttpResponse<InputStream> response =
        http.send(stream, HttpResponse.BodyHandlers.ofInputStream());
    assertEquals(200, response.statusCode());
    assertTrue(response.headers().firstValue("Content-Type").orElse("")
        .startsWith("text/event-stream"));
    try (BufferedReader lines = new BufferedReader(
        new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      assertEquals(": connected", lines.readLine());
      lines.readLine();

      webhooks.send(TestServers.sms("streamed"));

      // The worker's "attempt" event may come first: the answer is sent while it runs.
      String line = lines.readLine();
      for (int skipped = 0; !"event: delivery".equals(line) && skipped < 10; skipped++) {
        line = lines.readLine();
      }
      assertEquals("event: delivery", line);
      String data = lines.readLine();
      assertTrue(data.startsWith("data: "), data);
      JsonNode event = JSON.readTree(data.substring("data: ".length()));
      assertEquals("streamed", event.get("eventId").asText());
      assertEquals("pending", event.get("status").asText());
    }
  }

  @Test
  void theStreamTellsEveryKindOfEventWithItsOutcome() throws Exception {
    BlockingQueue<JsonNode> events = subscribe();

    assertEquals(401, webhooks.post("{}".getBytes(StandardCharsets.UTF_8)).statusCode());
    webhooks.send(TestServers.sms("streamed-ok"));
    assertEquals("handled", awaitStatus("streamed-ok", "handled").get("status").asText());
    webhooks.send(TestServers.sms("streamed-ok"));
    webhooks.send(TestServers.sms("fail-streamed"));
    awaitStatus("fail-streamed", "dead");
    assertEquals(200, webhooks.send("[1]").statusCode());

    List<String> seen = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      JsonNode event = events.poll(10, TimeUnit.SECONDS);
      assertNotNull(event, "only these arrived: " + seen);
      JsonNode data = event.get("data");
      seen.add(switch (event.get("event").asText()) {
        case "rejection" -> "rejection " + data.get("status").asInt() + " "
            + data.get("reason").asText();
        case "delivery" -> "delivery "
            + data.get("eventId").asText().replaceFirst("^sha256:[0-9a-f]{64}$", "(body hash)") + " "
            + data.get("answer").asInt() + " " + data.get("status").asText();
        case "attempt" -> "attempt " + data.get("eventId").asText() + " "
            + data.get("outcome").asText();
        default -> "unexpected " + event;
      });
    }

    assertEquals(Set.of(
        "rejection 401 missing X-CIO-Timestamp header",
        "delivery streamed-ok 200 pending",
        "attempt streamed-ok succeeded",
        "delivery streamed-ok 200 duplicate",
        "delivery fail-streamed 200 pending",
        "attempt fail-streamed failed",
        "delivery (body hash) 200 quarantined"), new HashSet<>(seen));
    JsonNode totals = json(get("/summary", TOKEN)).get("totals");
    assertEquals(1, totals.get("quarantined").asInt());
    assertEquals(1, totals.get("duplicate").asInt());
    assertEquals(2, totals.get("received").asInt(), "streamed-ok and fail-streamed");
  }

  /** The stream's events as they come: {"event": name, "data": the parsed data}. */
  private BlockingQueue<JsonNode> subscribe() throws Exception {
    HttpRequest stream = HttpRequest.newBuilder(URI.create(api + "/stream"))
        .header("Authorization", "Bearer " + TOKEN).build();
    HttpResponse<InputStream> response =
        http.send(stream, HttpResponse.BodyHandlers.ofInputStream());
    assertEquals(200, response.statusCode());
    BufferedReader lines = new BufferedReader(
        new InputStreamReader(response.body(), StandardCharsets.UTF_8));
    assertEquals(": connected", lines.readLine());
    BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
    Thread reader = new Thread(() -> {
      try {
        String name = null;
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
          if (line.startsWith("event: ")) {
            name = line.substring("event: ".length());
          } else if (line.startsWith("data: ") && name != null) {
            var event = JSON.createObjectNode();
            event.put("event", name);
            event.set("data", JSON.readTree(line.substring("data: ".length())));
            events.add(event);
            name = null;
          }
        }
      } catch (Exception closed) {
        // The server stopped at the end of the test.
      }
    }, "stream-reader");
    reader.setDaemon(true);
    reader.start();
    return events;
  }

  @Test
  void aRequestFromTheFutureIsListedWithTheKeyThatSignedItAndItsSkew() throws Exception {
    // Signed by the right key, but an hour ahead: past the 5 minutes a clock may run ahead.
    WebhookClient early = new WebhookClient(server.url(), TestServers.KEY,
        Clock.offset(Clock.systemUTC(), Duration.ofHours(1)));
    assertEquals(401, early.send(TestServers.sms("early")).statusCode());

    JsonNode rejection = json(get("/rejections", TOKEN)).get("rejections").get(0);

    assertEquals(1, rejection.get("keyMatched").asInt(), "signed with the first key");
    assertTrue(Math.abs(Math.abs(rejection.get("skewSeconds").asLong()) - 3600) < 60,
        "an hour apart: " + rejection);
  }

  @Test
  void anUnknownApiIsAnswered404SayingSo() throws Exception {
    HttpResponse<String> response = get("/no-such-api", TOKEN);

    assertEquals(404, response.statusCode());
    assertTrue(response.body().contains("no such API"), response.body());
  }

  @Test
  void rejectionsAreListed() throws Exception {
    assertEquals(401, webhooks.post("{}".getBytes(StandardCharsets.UTF_8)).statusCode());

    JsonNode rejections = json(get("/rejections", TOKEN)).get("rejections");

    assertEquals(1, rejections.size());
    assertEquals(401, rejections.get(0).get("status").asInt());
    assertEquals("missing X-CIO-Timestamp header", rejections.get(0).get("reason").asText());
    // Refused on its headers: its body was never read.
    assertEquals(-1, rejections.get(0).get("bodyLength").asInt());
    assertTrue(rejections.get(0).get("bodySha256").isNull());
  }

  @Test
  void aSignatureMismatchIsListedWithTheLengthAndHashOfWhatArrived() throws Exception {
    String timestamp = Long.toString(java.time.Instant.now().getEpochSecond());
    assertEquals(401, webhooks.post("{}".getBytes(StandardCharsets.UTF_8),
        "X-CIO-Timestamp", timestamp, "X-CIO-Signature", "0".repeat(64)).statusCode());

    JsonNode rejection = json(get("/rejections", TOKEN)).get("rejections").get(0);

    assertEquals("signature mismatch", rejection.get("reason").asText());
    assertEquals(2, rejection.get("bodyLength").asInt());
    assertEquals("44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a",
        rejection.get("bodySha256").asText(), "SHA-256 of {}");
  }

  @Test
  void driftShowsUnknownEventTypesAndUnknownDataFields() throws Exception {
    webhooks.send("{\"event_id\":\"d1\",\"object_type\":\"fax\",\"metric\":\"sent\","
        + "\"timestamp\":1713484800,\"data\":{}}");
    webhooks.send(TestServers.sms("d2").replace("\"recipient\"", "\"ab_variant\":\"B\",\"recipient\""));

    JsonNode drift = null;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (System.nanoTime() < deadline) {
      drift = json(get("/drift", TOKEN));
      if (drift.get("unknownEvents").size() == 1 && drift.get("unknownFields").size() == 1) {
        break;
      }
      Thread.sleep(20);
    }
    assertEquals("fax_sent", drift.get("unknownEvents").get(0).get("event").asText());
    JsonNode field = drift.get("unknownFields").get(0);
    assertEquals("sms_delivered", field.get("event").asText());
    assertEquals("ab_variant", field.get("field").asText());
    assertEquals(1, field.get("count").asInt());
  }

  @Test
  void emailAddressesAndPhoneNumbersAreMaskedUnlessTurnedOff() throws Exception {
    webhooks.send(TestServers.sms("masked"));
    handler.handled.poll(5, TimeUnit.SECONDS);
    JsonNode body = json(get("/deliveries/masked", TOKEN)).get("body");
    assertEquals("+1555***4567", body.get("data").get("recipient").asText());
    assertEquals("t***@example.com", body.get("data").get("identifiers").get("email").asText());

    try (HookyServer plain = TestServers.builder().adminToken(TOKEN).consoleRedaction(false)
        .handlers(new Flaky()).start()) {
      TestServers.client(plain).send(TestServers.sms("plain"));
      api = plain.adminUrl().orElseThrow();
      JsonNode shown = json(get("/deliveries/plain", TOKEN)).get("body");
      assertEquals("+15551234567", shown.get("data").get("recipient").asText());
    }
  }

  @Test
  void theSummaryCountsTheLastHourInAllAndPerMinute() throws Exception {
    webhooks.send(TestServers.sms("summary-1"));
    webhooks.send(TestServers.sms("summary-1"));
    webhooks.send(TestServers.sms("summary-2"));
    webhooks.send(TestServers.sms("fail-summary"));
    assertEquals(401, webhooks.post("{}".getBytes(StandardCharsets.UTF_8)).statusCode());
    awaitStatus("fail-summary", "dead");
    awaitStatus("summary-1", "handled");
    awaitStatus("summary-2", "handled");

    JsonNode summary = json(get("/summary", TOKEN));

    JsonNode totals = summary.get("totals");
    assertEquals(3, totals.get("received").asInt());
    assertEquals(1, totals.get("duplicate").asInt());
    assertEquals(1, totals.get("rejected").asInt());
    assertEquals(2, totals.get("handled").asInt(), "two handled, one failed: not the other way");
    assertEquals(1, totals.get("failed").asInt());
    assertEquals(1, totals.get("dead").asInt());
    assertEquals(0, totals.get("retrying").asInt());
    assertFalse(totals.get("deadMore").asBoolean(), "one dead letter, not the most counted");
    assertFalse(totals.get("retryingMore").asBoolean());
    assertEquals(0, totals.get("quarantined").asInt());
    JsonNode minutes = summary.get("minutes");
    assertEquals(60, minutes.size());
    JsonNode now = minutes.get(59);
    assertTrue(now.get("received").asInt() >= 1, "this minute is last: " + now);
    assertEquals(400, get("/summary?minutes=5", TOKEN).statusCode());
  }

  @Test
  void theCatalogListsEveryEvent() throws Exception {
    JsonNode catalog = json(get("/catalog", TOKEN));
    assertEquals(73, catalog.size());
    assertEquals("customer_subscribed", catalog.get(0).get("name").asText());
  }

  @Test
  void aGeneratedTokenDiffersPerServerAndAnExposedAdminPortNeedsAConfiguredOne() {
    try (HookyServer one = TestServers.builder().handlers(new Flaky()).start();
        HookyServer two = TestServers.builder().handlers(new Flaky()).start()) {
      assertNotEquals(one.adminToken().orElseThrow(), two.adminToken().orElseThrow());
      assertTrue(one.adminToken().orElseThrow().length() >= 32);
    }
    IllegalStateException refused = assertThrows(IllegalStateException.class,
        () -> TestServers.builder().adminHost("0.0.0.0").handlers(new Flaky()).start());
    assertTrue(refused.getMessage().contains("HOOKY_ADMIN_TOKEN"), refused.getMessage());
    try (HookyServer off = TestServers.builder().adminPort(-1).handlers(new Flaky()).start()) {
      assertFalse(off.adminUrl().isPresent());
    }
  }

  private JsonNode awaitStatus(String eventId, String status) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    JsonNode delivery = null;
    while (System.nanoTime() < deadline) {
      HttpResponse<String> response = get("/deliveries/" + eventId, TOKEN);
      if (response.statusCode() == 200) {
        delivery = json(response);
        if (delivery.get("status").asText().equals(status)) {
          return delivery;
        }
      }
      Thread.sleep(20);
    }
    throw new AssertionError(eventId + " never became " + status + ": " + delivery);
  }

  private HttpResponse<String> get(String path, String token) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api + path));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return send(request.build());
  }

  private HttpResponse<String> post(String path) throws Exception {
    return send(HttpRequest.newBuilder(URI.create(api + path))
        .header("Authorization", "Bearer " + TOKEN)
        .POST(HttpRequest.BodyPublishers.noBody()).build());
  }

  private HttpResponse<String> send(HttpRequest request) throws Exception {
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(HttpResponse<String> response) throws Exception {
    assertEquals(200, response.statusCode(), response.body());
    return JSON.readTree(response.body());
  }
}
