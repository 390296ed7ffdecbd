package dev.hooky.runtime.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hooky.customerio.OnCustomerIoEvent;
import dev.hooky.customerio.event.SmsEvent;
import dev.hooky.runtime.HookyServer;
import dev.hooky.runtime.http.Answer;
import dev.hooky.runtime.inbox.InboundDelivery;
import dev.hooky.runtime.testing.TestServers;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What Live Logs shows of quarantined deliveries and of hostile values, over HTTP. */
class LiveLogsDataTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String BEARER = "Authorization: Bearer " + QuarantineFixture.TOKEN;

  /** Handles nothing in particular. */
  static final class Quiet {
    @OnCustomerIoEvent("sms_*")
    void sms(SmsEvent event) {}
  }

  @Test
  void aQuarantinedDeliveryIsListedAndShowsItsReasonAndRawBody() throws Exception {
    try (QuarantineFixture admin = new QuarantineFixture()) {
      JsonNode list = JSON.readTree(RawHttp.send("127.0.0.1", admin.port(), "GET",
          "/api/deliveries?status=quarantined", "localhost", BEARER).body());
      JsonNode row = list.get("deliveries").get(0);
      assertEquals("quarantined", row.get("status").asText());
      assertEquals(QuarantineFixture.REASON, row.get("quarantineReason").asText());

      RawHttp.Answer answer = RawHttp.send("127.0.0.1", admin.port(), "GET",
          "/api/deliveries/" + QuarantineFixture.EVENT_ID, "localhost", BEARER);
      assertEquals(200, answer.status(), answer.body());
      JsonNode detail = JSON.readTree(answer.body());
      assertEquals(QuarantineFixture.REASON, detail.get("quarantineReason").asText());
      assertFalse(detail.get("bodyIsJson").asBoolean());
      String body = detail.get("body").asText();
      assertTrue(body.startsWith("{\"data\":{\"email\":\"j***@example.com\""), body);
      assertTrue(body.contains("<script>alert(1)</script>\", }"), "raw, as received: " + body);
      assertTrue(body.endsWith("\uFFFD"), "a byte that is not UTF-8 shows as U+FFFD");
      assertEquals(QuarantineFixture.BODY.length, detail.get("bodyLength").asInt());
    }
  }

  @Test
  void theConsoleTakesQuarantinedDeliveriesWithoutAnEvent() throws Exception {
    try (QuarantineFixture admin = new QuarantineFixture()) {
      HttpResponse<InputStream> stream = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin.port() + "/api/stream"))
              .header("Authorization", "Bearer " + QuarantineFixture.TOKEN).build(),
          HttpResponse.BodyHandlers.ofInputStream());
      try (BufferedReader lines = new BufferedReader(
          new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
        assertEquals(": connected", lines.readLine());
        lines.readLine();
        InboundDelivery quarantined = InboundDelivery.quarantined("sha256:abc", "unknown",
            Instant.now(), Map.of(), "[1,2".getBytes(StandardCharsets.UTF_8), "truncated JSON");

        admin.console.accepted(quarantined, Answer.QUARANTINED);
        admin.console.accepted(quarantined, Answer.OK);
        admin.console.accepted(quarantined, Answer.DUPLICATE);

        assertEquals("event: delivery", lines.readLine());
        JsonNode event = JSON.readTree(lines.readLine().substring("data: ".length()));
        assertEquals("quarantined", event.get("status").asText());
        assertEquals("sha256:abc", event.get("eventId").asText());
      }
      assertEquals(0, JSON.readTree(RawHttp.send("127.0.0.1", admin.port(), "GET", "/api/drift",
          "localhost", BEARER).body()).get("unknownEvents").size(), "no drift without an event");
    }
  }

  @Test
  void aListWithA20000CharacterCustomerIdStaysFastAndShort() throws Exception {
    String token = QuarantineFixture.TOKEN;
    String longId = "a1".repeat(10_000);
    try (HookyServer server = TestServers.builder().adminToken(token).handlers(new Quiet())
        .start()) {
      String sms = TestServers.sms("long-id").replace("\"id\":\"42\"", "\"id\":\"" + longId + "\"");
      assertEquals(200, TestServers.client(server).send(sms).statusCode());
      int port = server.adminPort();

      long best = Long.MAX_VALUE;
      RawHttp.Answer list = null;
      for (int i = 0; i < 5; i++) {
        long start = System.nanoTime();
        list = RawHttp.send("127.0.0.1", port, "GET", "/api/deliveries", "localhost", BEARER);
        best = Math.min(best, System.nanoTime() - start);
        assertEquals(200, list.status(), list.body());
      }
      // The backtracking version took about 2 s per list with this id.
      assertTrue(best < 500_000_000L, "a list took " + best / 1_000_000 + " ms");
      String shown = JSON.readTree(list.body()).get("deliveries").get(0).get("customerId")
          .asText();
      assertEquals(DeliveryJson.LABEL_SHOWN + 1, shown.length(), "capped in the list: " + shown);
      assertTrue(list.body().length() < 5_000, "the list stays small");

      JsonNode detail = JSON.readTree(RawHttp.send("127.0.0.1", port, "GET",
          "/api/deliveries/long-id", "localhost", BEARER).body());
      assertEquals(longId, detail.get("customerId").asText(), "the detail shows it whole");
    }
  }
}
