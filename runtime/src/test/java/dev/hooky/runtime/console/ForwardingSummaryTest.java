package dev.hooky.runtime.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hooky.runtime.HookyServer;
import dev.hooky.runtime.inbox.RetryPolicy;
import dev.hooky.runtime.testing.TestServers;
import dev.hooky.runtime.testing.WebhookClient;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The Live Logs strip counts forwarding attempts per destination: a destination is a handler named
 * {@code forward …} (as {@code hooky serve --forward} names them), delivered and failed apart.
 */
class ForwardingSummaryTest {
  private static final String TOKEN = "forwarding-summary-token-0123456789abcdef";

  @Test
  void eachDestinationsDeliveredAndFailedAttemptsOfTheLastHourAreCounted() throws Exception {
    try (HookyServer server = TestServers.builder().adminPort(0).adminToken(TOKEN)
        .retryPolicy(new RetryPolicy(1, Duration.ZERO, 1.0, Duration.ZERO, 0.0))
        .handler("forward app.internal/hooks", List.of("sms_*"),
            (event, delivery) -> CompletableFuture.completedFuture(null))
        .handler("forward broken.internal/hooks", List.of("sms_delivered"),
            (event, delivery) -> CompletableFuture.failedFuture(
                new IllegalStateException("503 in 2 ms")))
        .handler("audit", List.of("*"), (event, delivery) -> CompletableFuture.completedFuture(null))
        .start()) {
      WebhookClient webhooks = TestServers.client(server);
      webhooks.send(TestServers.sms("forwarded-1"));
      webhooks.send(TestServers.sms("forwarded-2"));

      JsonNode forwarded = awaitForwarded(server, 2);

      assertEquals(2, forwarded.size(), forwarded.toString());
      assertEquals("app.internal/hooks", forwarded.get(0).get("destination").asText());
      assertEquals(2, forwarded.get(0).get("delivered").asInt());
      assertEquals(0, forwarded.get(0).get("failed").asInt());
      assertEquals("broken.internal/hooks", forwarded.get(1).get("destination").asText());
      assertEquals(0, forwarded.get(1).get("delivered").asInt());
      assertEquals(2, forwarded.get(1).get("failed").asInt());
      assertTrue(forwarded.toString().indexOf("audit") < 0, "a handler that is no destination");
    }
  }

  @Test
  void onlyHandlersNamedForwardAreDestinations() {
    assertTrue(Forwarding.isDestination("forward app.internal/hooks"));
    assertFalse(Forwarding.isDestination("audit"));
    assertFalse(Forwarding.isDestination("forwarder"), "the prefix is \"forward \"");
    assertFalse(Forwarding.isDestination("App.sms(SmsEvent)"));
  }

  /** The summary's forwarded list once its attempts add up to {@code attempts} per destination. */
  private static JsonNode awaitForwarded(HookyServer server, int attempts) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    JsonNode forwarded;
    do {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(
              server.adminUrl().orElseThrow().resolve("/api/summary"))
          .header("Authorization", "Bearer " + TOKEN).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, response.statusCode(), response.body());
      forwarded = new ObjectMapper().readTree(response.body()).get("forwarded");
      boolean complete = forwarded.size() == 2;
      for (JsonNode destination : forwarded) {
        complete &= destination.get("delivered").asInt() + destination.get("failed").asInt()
            >= attempts;
      }
      if (complete) {
        return forwarded;
      }
      Thread.sleep(50);
    } while (System.nanoTime() < deadline);
    throw new AssertionError("the attempts were not counted: " + forwarded);
  }
}
