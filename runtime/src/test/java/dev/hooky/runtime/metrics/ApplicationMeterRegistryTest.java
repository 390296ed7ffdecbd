package dev.hooky.runtime.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hooky.customerio.OnCustomerIoEvent;
import dev.hooky.customerio.event.SmsEvent;
import dev.hooky.runtime.HookyServer;
import dev.hooky.runtime.testing.TestServers;
import dev.hooky.runtime.testing.WebhookClient;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * {@code meterRegistry(...)} over real HTTP: the meters go to the application's registry, and the
 * admin port's {@code /metrics} is served only while Hooky owns its registry.
 */
class ApplicationMeterRegistryTest {
  private static final String TOKEN = "t";

  static final class Handlers {
    @OnCustomerIoEvent("sms_delivered")
    void sms(SmsEvent event) {
      if (event.eventId().startsWith("fail")) {
        throw new IllegalStateException("downstream unavailable");
      }
    }
  }

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void theApplicationsRegistryGetsTheMetersAndTheAdminPortServesNone() throws Exception {
    MeterRegistry registry = new SimpleMeterRegistry();
    try (HookyServer server = TestServers.builder().adminToken(TOKEN).meterRegistry(registry)
        .handlers(new Handlers()).start()) {
      WebhookClient webhooks = TestServers.client(server);
      assertEquals(200, webhooks.send(TestServers.sms("ok-1")).statusCode());
      assertEquals(200, webhooks.send(TestServers.sms("fail-1")).statusCode());
      assertEquals(401, forged(webhooks).statusCode());

      // fail-1 is retried later, perhaps already: at least one failed call.
      await(() -> handlerCalls(registry, "succeeded") == 1
          && handlerCalls(registry, "failed") >= 1);
      assertEquals(2, registry.get("hooky.deliveries.received")
          .tags("event", "sms_delivered", "outcome", "accepted").counter().count());
      assertEquals(1, registry.get("hooky.rejections").tag("reason", "signature_mismatch")
          .counter().count());
      assertEquals(3, registry.get("hooky.ack").timer().count());
      assertFalse(Double.isNaN(registry.get("hooky.inbox.waiting").gauge().value()));

      HttpResponse<String> metrics = get(server, "/metrics", TOKEN);
      assertEquals(404, metrics.statusCode());
      assertTrue(metrics.body().contains("application's MeterRegistry"), metrics.body());
      // The admin gate asks for the token first, as for every path it guards.
      assertEquals(401, get(server, "/metrics", null).statusCode(), "nothing told without it");
      // The rest of the admin port still answers.
      assertEquals(200, get(server, "/healthz", null).statusCode());
    }
  }

  @Test
  void hookysOwnRegistryIsServedWhenNoneIsGiven() throws Exception {
    try (HookyServer server = TestServers.builder().adminToken(TOKEN)
        .handlers(new Handlers()).start()) {
      assertEquals(200, TestServers.client(server).send(TestServers.sms("ok-1")).statusCode());

      HttpResponse<String> metrics = get(server, "/metrics", TOKEN);
      assertEquals(200, metrics.statusCode());
      assertTrue(metrics.body().contains(
          "hooky_deliveries_received_total{event=\"sms_delivered\",outcome=\"accepted\"} 1.0"),
          metrics.body());
    }
  }

  @Test
  void theMetersAreRecordedWithTheAdminPortOff() {
    MeterRegistry registry = new SimpleMeterRegistry();
    try (HookyServer server = TestServers.builder().adminPort(-1).meterRegistry(registry)
        .handlers(new Handlers()).start()) {
      assertEquals(200, TestServers.client(server).send(TestServers.sms("ok-1")).statusCode());

      await(() -> handlerCalls(registry, "succeeded") == 1);
      assertEquals(1, registry.get("hooky.deliveries.received")
          .tags("event", "sms_delivered", "outcome", "accepted").counter().count());
    }
  }

  @Test
  void closingRemovesTheMetersSoTheNextServerRegistersLiveOnes() {
    MeterRegistry registry = new SimpleMeterRegistry();
    Counter unrelated = registry.counter("application.orders");
    try (HookyServer first = TestServers.builder().meterRegistry(registry)
        .handlers(new Handlers()).start()) {
      TestServers.client(first).send(TestServers.sms("ok-1"));
      await(() -> handlerCalls(registry, "succeeded") == 1);
      assertTrue(registry.find("hooky.inbox.waiting").gauge() != null);
    }
    assertTrue(registry.getMeters().stream()
        .noneMatch(meter -> meter.getId().getName().startsWith("hooky.")),
        () -> "left behind: " + registry.getMeters().stream().map(m -> m.getId().getName())
            .toList());
    assertTrue(registry.getMeters().contains(unrelated), "the application's meters stay");

    try (HookyServer second = TestServers.builder().meterRegistry(registry)
        .handlers(new Handlers()).start()) {
      Gauge waiting = registry.get("hooky.inbox.waiting").gauge();
      // A gauge left by the first server would ask its closed inbox and show NaN.
      assertEquals(0.0, waiting.value());
      TestServers.client(second).send(TestServers.sms("ok-2"));
      await(() -> handlerCalls(registry, "succeeded") == 1);
    }
  }

  private static double handlerCalls(MeterRegistry registry, String outcome) {
    Timer timer = registry.find("hooky.handler").tag("outcome", outcome).timer();
    return timer == null ? 0 : timer.count();
  }

  private static HttpResponse<String> forged(WebhookClient webhooks) {
    String timestamp = Long.toString(Instant.now().getEpochSecond());
    return webhooks.post(TestServers.sms("forged").getBytes(StandardCharsets.UTF_8),
        "X-CIO-Timestamp", timestamp, "X-CIO-Signature", "0".repeat(64));
  }

  private HttpResponse<String> get(HookyServer server, String path, String token)
      throws Exception {
    URI uri = server.adminUrl().orElseThrow().resolve(path);
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Waits up to 10 s for the condition, checking every few milliseconds. */
  private static void await(BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("condition not met within 10 s");
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
