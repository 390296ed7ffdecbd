package dev.hooky.runtime.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hooky.customerio.OnCustomerIoEvent;
import dev.hooky.customerio.event.SmsEvent;
import dev.hooky.runtime.HookyServer;
import dev.hooky.runtime.testing.TestServers;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Random and boundary values for every parameter of every admin endpoint, over HTTP, against the
 * memory and the SQLite inbox: each is answered, never with a 5xx, and a refusal says why.
 */
class AdminApiFuzzTest {
  private static final String TOKEN = "0123456789abcdef0123456789abcdef";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String[] BOUNDARY = {"", "%20", "0", "1", "-1", "+1", "-0", "00", "999",
      "1000", "1001", "2147483647", "2147483648", "-2147483649", "9223372036854775807",
      "9223372036854775808", "99999999999999999999999999", "1e3", "0x10", "NaN", "Infinity",
      "1.5", "9999999999999d", "9999999999999s", "36525d", "36526d", "0s", "-5m", "5y", "h", "d",
      "2026-11-30T12:00:00Z", "2026-13-45T99:00:00Z", "+1000000-01-01T00:00:00Z",
      "-999999999-01-01T00:00:00Z", "1969-12-31T23:59:59Z", "9999-12-31T23:59:59Z",
      "+10000-01-01T00:00:00Z", "pending", "retrying", "handled", "unhandled", "dead",
      "quarantined", "QUARANTINED", "sideways", "refused", "email_*", "*", "**", "sms_delivered",
      "a%00b", "%00", "%7F", "%0D%0Aset-cookie:x", "%FF", "%C3%28", "%ED%A0%80", "%F0%9F%98%80",
      "%", "%Z", "%zz", "%25", "..%2F..%2Fetc%2Fpasswd", "'%20OR%201=1--", "%22%3E%3Cscript%3E",
      "%E2%80%AE", "j%C3%B6rg%40b%C3%BCcher.de", "+1%20(555)%20123-4567", "%3Bdrop", "a&b=c"};
  private static final String[] LIST_PARAMETERS = {"status", "event", "customer", "since",
      "until", "cursor", "limit", "q"};

  /** Handles nothing in particular. */
  static final class Quiet {
    @OnCustomerIoEvent("sms_*")
    void sms(SmsEvent event) {}
  }

  @TempDir
  Path directory;

  @ParameterizedTest
  @ValueSource(strings = {"memory", "sqlite"})
  void noParameterValueGetsA5xx(String inbox) throws Exception {
    String spec = inbox.equals("memory") ? "memory" : "sqlite:" + directory.resolve("fuzz.db");
    try (HookyServer server = TestServers.builder().inbox(spec).adminToken(TOKEN)
        .handlers(new Quiet()).start()) {
      TestServers.client(server).send(TestServers.sms("fuzz-1"));
      int port = server.adminPort();
      List<String> values = values(new Random(20261206L));
      int answered = 0;
      for (String value : values) {
        for (String parameter : LIST_PARAMETERS) {
          check(port, "GET", "/api/deliveries?" + parameter + "=" + value);
        }
        check(port, "GET", "/api/deliveries?limit=2&" + LIST_PARAMETERS[
            Math.floorMod(value.hashCode(), LIST_PARAMETERS.length)] + "=" + value);
        check(port, "GET", "/api/rejections?limit=" + value);
        check(port, "POST", "/api/dead-letters/replay?since=" + value);
        check(port, "GET", "/api/deliveries/" + pathSegment(value));
        check(port, "POST", "/api/deliveries/" + pathSegment(value) + "/replay");
        for (String endpoint : new String[] {"/api/stats", "/api/summary", "/api/drift",
            "/api/catalog",
            "/api/stream", "/api/deliveries", "/api/rejections"}) {
          // No endpoint takes these; unknown parameters are refused, not ignored.
          RawHttp.Answer unknown = check(port, "GET", endpoint + "?" + "x" + value + "=1");
          assertEquals(400, unknown.status(), endpoint + " x" + value);
        }
        answered++;
      }
      assertEquals(values.size(), answered);

      // The filters still work when given sensible values.
      JsonNode quarantined = JSON.readTree(check(port, "GET",
          "/api/deliveries?status=quarantined").body());
      assertEquals(0, quarantined.get("deliveries").size());
      JsonNode pending = JSON.readTree(check(port, "GET",
          "/api/deliveries?since=1h&limit=5&event=sms_*").body());
      assertEquals("fuzz-1", pending.get("deliveries").get(0).get("eventId").asText());
      RawHttp.Answer twice = check(port, "GET", "/api/deliveries?limit=1&limit=2");
      assertEquals(400, twice.status());
      RawHttp.Answer since = check(port, "GET", "/api/deliveries?since=9999999999999d");
      assertEquals(400, since.status());
      assertTrue(since.body().contains("at most 100 years"), since.body());
      assertEquals(400, check(port, "GET", "/api/deliveries?since=1h&until=2h").status(),
          "since after until");
    }
  }

  /** Boundary values, then random ones: printable, percent-encoded bytes, long runs. */
  private static List<String> values(Random random) {
    List<String> values = new ArrayList<>(List.of(BOUNDARY));
    values.add("1".repeat(5_000));
    values.add("a".repeat(5_000) + "@" + "b".repeat(100) + ".com");
    for (int i = 0; i < 60; i++) {
      StringBuilder value = new StringBuilder();
      int length = random.nextInt(i % 10 == 0 ? 2_000 : 24);
      for (int j = 0; j < length; j++) {
        switch (random.nextInt(4)) {
          case 0 -> value.append((char) ('0' + random.nextInt(10)));
          case 1 -> value.append((char) ('a' + random.nextInt(26)));
          case 2 -> value.append("-:.*_smhdTZ+".charAt(random.nextInt(12)));
          default -> value.append(String.format("%%%02X", random.nextInt(256)));
        }
      }
      values.add(value.toString());
    }
    return values;
  }

  private static String pathSegment(String value) {
    // A raw '/' or '?' would change which endpoint this is; the rest goes as it is.
    String segment = value.replace("/", "%2F").replace("?", "%3F").replace("#", "%23")
        .replace("&", "%26");
    return segment.isEmpty() ? "%20" : segment;
  }

  private static RawHttp.Answer check(int port, String method, String target) {
    RawHttp.Answer answer = RawHttp.send("127.0.0.1", port, method, target, "localhost",
        "Authorization: Bearer " + TOKEN);
    String what = method + " " + (target.length() > 200 ? target.substring(0, 200) + "…" : target);
    assertTrue(answer.status() < 500, what + " -> " + answer.status() + " " + answer.body());
    if (answer.status() >= 400) {
      String type = String.valueOf(answer.header("Content-Type"));
      assertTrue(type.startsWith("application/json") || type.startsWith("text/plain"),
          what + " -> " + type);
      assertTrue(answer.body().strip().length() > 10, what + " says why: " + answer.body());
      if (type.startsWith("application/json")) {
        try {
          assertTrue(JSON.readTree(answer.body()).hasNonNull("error"), answer.body());
        } catch (java.io.IOException e) {
          throw new AssertionError(what + " -> not JSON: " + answer.body(), e);
        }
      }
    }
    return answer;
  }
}
