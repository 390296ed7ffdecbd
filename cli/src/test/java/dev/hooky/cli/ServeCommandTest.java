package dev.hooky.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hooky.cli.ReceiverProcess.Language;
import dev.hooky.runtime.HookyServer;
import dev.hooky.runtime.forward.WebhookSecret;
import dev.hooky.testkit.CustomerIoFixture;
import dev.hooky.testkit.CustomerIoFixtures;
import dev.hooky.testkit.CustomerIoSigner;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import picocli.CommandLine;

/**
 * {@code hooky serve} end to end: the command's own configuration, started in-process, receiving a
 * signed Customer.io event over HTTP and forwarding it to a real receiver in Node (npm's
 * standardwebhooks package) and in Ruby (the standard library's OpenSSL).
 */
class ServeCommandTest {
  private static final String SIGNING_KEY = "serve-test-signing-key";
  private static final String ADMIN_TOKEN = "serve-test-admin-token";
  private static final String OTHER_SECRET = WebhookSecret.generate().reveal();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final String secret = WebhookSecret.generate().reveal();
  private final List<AutoCloseable> closing = new ArrayList<>();
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @AfterEach
  void close() throws Exception {
    for (int i = closing.size() - 1; i >= 0; i--) {
      closing.get(i).close();
    }
  }

  private Map<String, String> environment() {
    Map<String, String> environment = new HashMap<>();
    environment.put("OTHER_SECRET", OTHER_SECRET);
    environment.put("CUSTOMERIO_WEBHOOK_SIGNING_KEYS", SIGNING_KEY);
    environment.put("HOOKY_FORWARD_SECRET", secret);
    environment.put("HOOKY_INBOX", "memory");
    environment.put("HOOKY_ADMIN_TOKEN", ADMIN_TOKEN);
    return environment;
  }

  /** Parses {@code hooky serve ARGS} as the CLI would and starts the gateway. */
  private HookyServer serve(Map<String, String> environment, String... args) {
    List<String> all = new ArrayList<>(List.of("serve", "--port", "0", "--host", "127.0.0.1",
        "--admin-port", "0", "--retry-delay", "50ms"));
    all.addAll(List.of(args));
    CommandLine line = HookyCommand.commandLine(environment, new PrintWriter(out, true),
        new PrintWriter(err, true));
    CommandLine.ParseResult parsed = line.parseArgs(all.toArray(String[]::new));
    ServeCommand serve = (ServeCommand) parsed.subcommand().commandSpec().userObject();
    HookyServer server = serve.start();
    closing.add(server);
    return server;
  }

  /** Runs {@code hooky ARGS} to its end; for the usage errors, which stop before serving. */
  private int run(Map<String, String> environment, String... args) {
    return HookyCommand.commandLine(environment, new PrintWriter(out, true),
        new PrintWriter(err, true)).execute(args);
  }

  private ReceiverProcess receiver(Language language, String secret, int failFirst)
      throws Exception {
    ReceiverProcess receiver = ReceiverProcess.start(language, secret, failFirst);
    closing.add(receiver);
    return receiver;
  }

  /** Posts a Customer.io event signed as Customer.io signs it. */
  private static CustomerIoFixture send(HookyServer server, CustomerIoFixture fixture)
      throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(server.url())
        .POST(HttpRequest.BodyPublishers.ofByteArray(fixture.bytes()))
        .header("Content-Type", "application/json");
    CustomerIoSigner.headers(fixture.bytes(), SIGNING_KEY, Instant.now()).forEach(request::header);
    HttpResponse<String> answer = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, answer.statusCode(), answer.body());
    return fixture;
  }

  private static JsonNode admin(HookyServer server, String path) throws Exception {
    return JSON.readTree(adminText(server, path));
  }

  private static String adminText(HookyServer server, String path) throws Exception {
    URI url = server.adminUrl().orElseThrow().resolve(path);
    HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(url)
        .header("Authorization", "Bearer " + ADMIN_TOKEN).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, answer.statusCode(), answer.body());
    return answer.body();
  }

  /** The delivery's history once it has {@code attempts} entries. */
  private static JsonNode history(HookyServer server, String eventId, int attempts)
      throws Exception {
    long deadline = System.nanoTime() + 10_000_000_000L;
    JsonNode delivery = null;
    while (System.nanoTime() < deadline) {
      delivery = admin(server, "/api/deliveries/" + eventId);
      if (delivery.get("history").size() >= attempts) {
        return delivery.get("history");
      }
      Thread.sleep(20);
    }
    throw new AssertionError("history never reached " + attempts + ": " + delivery);
  }

  @ParameterizedTest
  @EnumSource(Language.class)
  void anEventArrivesWithinASecondAndVerifies(Language language) throws Exception {
    ReceiverProcess receiver = receiver(language, secret, 0);
    HookyServer server = serve(environment(),
        "--forward", receiver.url("/hooks/cio") + ";events=sms_*,email_opened;name=app");

    // Non-ASCII text: the signature covers the body's bytes, which both languages must agree on.
    CustomerIoFixture fixture = CustomerIoFixtures.named("sms_delivered")
        .set("data.identifiers.id", "\"Zoë ✓ 42\"").build();
    send(server, fixture);
    // Within a second of Hooky's acknowledgement (the request itself is not forwarding's time).
    long acknowledged = System.nanoTime();
    JsonNode got = receiver.next(1_000);
    long millis = (System.nanoTime() - acknowledged) / 1_000_000;

    assertTrue(millis < 1_000, millis + " ms");
    assertTrue(got.get("verified").asBoolean(), got.toString());
    assertEquals(fixture.eventId(), got.get("id").asText());
    assertEquals("sms_delivered", got.get("event").asText());
    assertEquals(204, got.get("status").asInt());
    JsonNode history = history(server, fixture.eventId(), 1);
    assertEquals("forward app", history.get(0).get("handler").asText());
    assertTrue(history.get(0).get("error").isNull(), history.toString());

    // The filter: an event the destination did not ask for is not sent.
    send(server, CustomerIoFixtures.named("push_opened").build());
    assertNull(receiver.poll(300));
  }

  @ParameterizedTest
  @EnumSource(Language.class)
  void aReceiverThatFailsTwiceGetsTheEventThreeTimes(Language language) throws Exception {
    ReceiverProcess receiver = receiver(language, secret, 2);
    HookyServer server = serve(environment(), "--forward", receiver.url("/hook"));

    CustomerIoFixture fixture = send(server, CustomerIoFixtures.named("email_bounced").build());
    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      JsonNode got = receiver.next(5_000);
      assertTrue(got.get("verified").asBoolean(), got.toString());
      assertEquals(fixture.eventId(), got.get("id").asText());
      statuses.add(got.get("status").asInt());
    }
    assertEquals(List.of(500, 500, 204), statuses);

    // Live Logs' API shows all three attempts, the failures with status and latency.
    JsonNode history = history(server, fixture.eventId(), 3);
    assertEquals(3, history.size(), history.toString());
    String handler = "forward 127.0.0.1:" + receiver.port() + "/hook";
    for (int i = 0; i < 3; i++) {
      assertEquals(i + 1, history.get(i).get("attempt").asInt());
      assertEquals(handler, history.get(i).get("handler").asText());
      assertTrue(history.get(i).get("durationMillis").asDouble() > 0);
    }
    assertTrue(history.get(0).get("error").asText().matches("ForwardFailure: 500 in \\d+ ms"),
        history.toString());
    assertTrue(history.get(1).get("error").asText().matches("ForwardFailure: 500 in \\d+ ms"),
        history.toString());
    assertTrue(history.get(2).get("error").isNull(), history.toString());
    assertEquals("handled", admin(server, "/api/deliveries/" + fixture.eventId())
        .get("status").asText());
    assertNull(receiver.poll(300), "a fourth request after success");
  }

  @ParameterizedTest
  @EnumSource(Language.class)
  void aWrongDestinationSecretIsRejectedByTheReceiver(Language language) throws Exception {
    ReceiverProcess receiver = receiver(language, WebhookSecret.generate().reveal(), 0);
    HookyServer server = serve(environment(), "--forward", receiver.url("/hook"),
        "--max-attempts", "1");

    CustomerIoFixture fixture = send(server, CustomerIoFixtures.named("sms_sent").build());
    JsonNode got = receiver.next(2_000);
    assertFalse(got.get("verified").asBoolean(), got.toString());
    assertTrue(got.get("error").asText().toLowerCase().contains("no matching signature"),
        got.toString());
    JsonNode history = history(server, fixture.eventId(), 1);
    assertTrue(history.get(0).get("error").asText().matches("ForwardFailure: 401 in \\d+ ms"),
        history.toString());
  }

  @Test
  void withoutFlagsTheDestinationsComeFromTheEnvironment() throws Exception {
    ReceiverProcess receiver = receiver(Language.NODE, OTHER_SECRET, 0);
    Map<String, String> environment = environment();
    // As a container is configured: whitespace-separated destinations, a secret per destination.
    environment.put("HOOKY_FORWARD", "http://127.0.0.1:1/never;events=push_*\n  "
        + receiver.url("/env") + ";events=email_*;secret=env:OTHER_SECRET;timeout=2s");
    HookyServer server = serve(environment);
    CustomerIoFixture fixture = send(server, CustomerIoFixtures.named("email_clicked").build());
    JsonNode got = receiver.next(2_000);
    assertTrue(got.get("verified").asBoolean(), got.toString());
    assertEquals(fixture.eventId(), got.get("id").asText());
    assertTrue(out.toString().contains("forward 127.0.0.1:" + receiver.port()
        + "/env -> http://127.0.0.1:" + receiver.port() + "/env, events email_*, secret from"
        + " env:OTHER_SECRET"), out.toString());
  }

  @Test
  void noSecretAppearsInTheLogOrTheAdminApi() throws Exception {
    ReceiverProcess receiver = receiver(Language.NODE, secret, 1);
    PrintStream originalErr = System.err;
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    String eventId;
    StringBuilder api = new StringBuilder();
    System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
    try {
      HookyServer server = serve(environment(), "--forward", receiver.url("/hook"),
          "--forward", receiver.url("/other") + ";secret=env:OTHER_SECRET;events=sms_*",
          "--forward", "http://127.0.0.1:1/closed;events=sms_delivered;timeout=300ms");
      // The second destination's own secret comes from another variable.
      eventId = send(server, CustomerIoFixtures.named("sms_delivered").build()).eventId();
      history(server, eventId, 2);
      api.append(adminText(server, "/api/deliveries"));
      api.append(adminText(server, "/api/deliveries/" + eventId));
      api.append(adminText(server, "/api/stats"));
      server.close();
    } finally {
      System.setErr(originalErr);
    }
    String logged = log.toString(StandardCharsets.UTF_8) + out + err;
    assertTrue(logged.contains("forward 127.0.0.1:1/closed"), logged);
    assertTrue(logged.contains("ForwardFailure"), logged);
    String base64 = secret.substring("whsec_".length());
    for (String text : List.of(logged, api.toString())) {
      assertFalse(text.contains(base64), "the forward secret leaked: " + text);
      assertFalse(text.contains(OTHER_SECRET.substring(6)), "a destination secret leaked");
      assertFalse(text.contains(SIGNING_KEY), "the Customer.io signing key leaked");
      assertFalse(text.contains(ADMIN_TOKEN), "the admin token leaked");
    }
  }

  @Test
  void configurationMistakesAreUsageErrorsThatSayWhatToChange() {
    Map<String, String> environment = environment();
    assertEquals(2, run(environment, "serve"));
    assertTrue(err.toString().contains("nothing to forward to: give --forward URL"), err.toString());
    assertEquals(2, run(environment, "serve", "--forward", "ftp://files/drop"));
    assertTrue(err.toString().contains("--forward 1: unsupported scheme \"ftp:\""), err.toString());
    assertEquals(2, run(environment, "serve", "--forward", "http://a/h",
        "--forward", "http://a/h;events=emial_sent"));
    assertTrue(err.toString().contains("--forward 2: unknown event \"emial_sent\"; did you mean"
        + " email_sent?"), err.toString());
    assertEquals(2, run(environment, "serve", "--forward", "http://a/h;secret=" + OTHER_SECRET));
    assertTrue(err.toString().contains("never the secret itself"), err.toString());
    assertFalse(err.toString().contains(OTHER_SECRET.substring(6)), err.toString());
    environment.remove("HOOKY_FORWARD_SECRET");
    assertEquals(2, run(environment, "serve", "--forward", "http://a/h"));
    assertTrue(err.toString().contains("destination 1: forward a/h: the variable"
        + " HOOKY_FORWARD_SECRET is not set"), err.toString());
    environment.put("HOOKY_FORWARD_SECRET", secret);
    assertEquals(2, run(environment, "serve", "--forward", "http://a/h",
        "--forward", "http://a/h;events=sms_sent;secret=env:OTHER_SECRET"));
    assertTrue(err.toString().contains("two handlers named \"forward a/h\""), err.toString());
    assertEquals(2, run(environment, "serve", "--forward", "http://a/h;secret=env:OTHER_SECRET",
        "--forward-timeout", "soon"));
    assertTrue(err.toString().contains("--forward-timeout is not a duration: use e.g. 800ms"),
        err.toString());
  }
}
