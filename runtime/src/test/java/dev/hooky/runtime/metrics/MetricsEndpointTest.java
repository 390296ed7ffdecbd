package dev.hooky.runtime.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hooky.customerio.OnCustomerIoEvent;
import dev.hooky.customerio.event.SmsEvent;
import dev.hooky.runtime.HookyServer;
import dev.hooky.runtime.inbox.RetryPolicy;
import dev.hooky.runtime.testing.TestServers;
import dev.hooky.runtime.testing.WebhookClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** GET /metrics on the admin port over real HTTP: the token, and the series with their counts. */
class MetricsEndpointTest {
  private static final String TOKEN = "t";
  private static final Pattern LINE =
      Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})?\\s+(\\S+)");
  private static final Pattern LABEL = Pattern.compile("(\\w+)=\"((?:[^\"\\\\]|\\\\.)*)\"");

  /** Fails "fail-once" on its first attempt and "always-fail" every time. */
  static final class Flaky {
    final Set<String> failedOnce = ConcurrentHashMap.newKeySet();

    @OnCustomerIoEvent("sms_*")
    void sms(SmsEvent event) {
      if (event.eventId().equals("always-fail")
          || (event.eventId().equals("fail-once") && failedOnce.add(event.eventId()))) {
        throw new IllegalStateException("downstream unavailable");
      }
    }
  }

  private final HttpClient http = HttpClient.newHttpClient();
  private HookyServer server;
  private WebhookClient webhooks;
  private URI metrics;

  @BeforeEach
  void start() {
    server = TestServers.builder().adminToken(TOKEN).workerThreads(1)
        .retryPolicy(new RetryPolicy(2, Duration.ZERO, 1.0, Duration.ZERO, 0.0))
        .handlers(new Flaky()).start();
    webhooks = TestServers.client(server);
    metrics = server.adminUrl().orElseThrow().resolve("/metrics");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void theEndpointRequiresTheAdminToken() throws Exception {
    HttpResponse<String> none = get(null);
    assertEquals(401, none.statusCode());
    assertTrue(none.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));
    assertEquals(401, get("wrong").statusCode());
    HttpResponse<String> ok = get(TOKEN);
    assertEquals(200, ok.statusCode());
    assertTrue(ok.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
    // The rest of the admin port still answers.
    assertEquals(200, http.send(HttpRequest.newBuilder(metrics.resolve("/healthz")).build(),
        HttpResponse.BodyHandlers.ofString()).statusCode());
  }

  @Test
  void theSeriesCountDeliveriesRejectionsHandlersRetriesAndDeadLetters() throws Exception {
    for (String id : List.of("ok-1", "ok-2", "fail-once", "always-fail")) {
      assertEquals(200, webhooks.send(TestServers.sms(id)).statusCode());
    }
    assertEquals("duplicate", webhooks.send(TestServers.sms("ok-1")).body().trim());
    String timestamp = Long.toString(Instant.now().getEpochSecond());
    assertEquals(401, webhooks.post(TestServers.sms("forged").getBytes(StandardCharsets.UTF_8),
        "X-CIO-Timestamp", timestamp, "X-CIO-Signature", "0".repeat(64)).statusCode());

    List<Sample> samples = awaitSamples(s -> value(s, "hooky_dead_letters_total") == 1
        && value(s, "hooky_end_to_end_lag_seconds_count") == 3);

    assertEquals(4, value(samples, "hooky_deliveries_received_total",
        "event", "sms_delivered", "outcome", "accepted"));
    assertEquals(1, value(samples, "hooky_deliveries_received_total",
        "event", "sms_delivered", "outcome", "duplicate"));
    assertEquals(1, value(samples, "hooky_rejections_total", "reason", "signature_mismatch"));
    assertEquals(0, value(samples, "hooky_rejections_total", "reason", "stale_timestamp"));
    assertEquals(6, value(samples, "hooky_ack_seconds_count"));
    assertEquals(6, value(samples, "hooky_ack_seconds_bucket", "le", "+Inf"));
    assertTrue(samples.stream().filter(s -> s.name.equals("hooky_ack_seconds_bucket")).count() > 5,
        "ack latency is a histogram");

    // fail-once: failed, then succeeded; always-fail: failed twice; ok-1, ok-2: succeeded.
    Sample succeeded = only(samples, "hooky_handler_seconds_count", "outcome", "succeeded");
    assertTrue(succeeded.labels.get("handler").contains("sms"), succeeded.labels.toString());
    assertEquals(3, succeeded.value);
    assertEquals(3, value(samples, "hooky_handler_seconds_count", "outcome", "failed"));
    assertEquals(2, value(samples, "hooky_retries_total"));
    assertEquals(1, value(samples, "hooky_dead_letters_total"));
    assertEquals(3, value(samples, "hooky_end_to_end_lag_seconds_count"));
    assertNotNull(only(samples, "hooky_inbox_waiting"));
  }

  private List<Sample> awaitSamples(java.util.function.Predicate<List<Sample>> done)
      throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (true) {
      HttpResponse<String> answer = get(TOKEN);
      assertEquals(200, answer.statusCode());
      List<Sample> samples = parse(answer.body());
      if (done.test(samples) || System.nanoTime() > deadline) {
        return samples;
      }
      Thread.sleep(50);
    }
  }

  private HttpResponse<String> get(String token) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(10));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private record Sample(String name, Map<String, String> labels, double value) {}

  private static List<Sample> parse(String text) {
    List<Sample> samples = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      Matcher matcher = LINE.matcher(line);
      assertTrue(matcher.find(), "not a sample line: " + line);
      Map<String, String> labels = new HashMap<>();
      if (matcher.group(2) != null) {
        Matcher label = LABEL.matcher(matcher.group(2));
        while (label.find()) {
          labels.put(label.group(1), label.group(2));
        }
      }
      samples.add(new Sample(matcher.group(1), labels, Double.parseDouble(matcher.group(3))));
    }
    return samples;
  }

  /** The one sample named {@code name} with these labels (name, value, ...). */
  private static Sample only(List<Sample> samples, String name, String... labels) {
    List<Sample> matching = new ArrayList<>();
    for (Sample sample : samples) {
      boolean matches = sample.name.equals(name);
      for (int i = 0; matches && i < labels.length; i += 2) {
        matches = labels[i + 1].equals(sample.labels.get(labels[i]));
      }
      if (matches) {
        matching.add(sample);
      }
    }
    assertEquals(1, matching.size(), () -> "samples " + name + " " + List.of(labels) + ": "
        + matching);
    return matching.get(0);
  }

  private static double value(List<Sample> samples, String name, String... labels) {
    List<Sample> matching = new ArrayList<>();
    for (Sample sample : samples) {
      boolean matches = sample.name.equals(name);
      for (int i = 0; matches && i < labels.length; i += 2) {
        matches = labels[i + 1].equals(sample.labels.get(labels[i]));
      }
      if (matches) {
        matching.add(sample);
      }
    }
    return matching.size() == 1 ? matching.get(0).value : Double.NaN;
  }
}
