package dev.hooky.runtime.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hooky.customerio.OnCustomerIoEvent;
import dev.hooky.customerio.event.SmsEvent;
import dev.hooky.runtime.HookyServer;
import dev.hooky.runtime.testing.TestServers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The admin port against an attacker, over real sockets: a foreign {@code Host} (DNS rebinding),
 * weak tokens, guessing tokens.
 */
class AdminPortSecurityTest {
  private static final String TOKEN = "0123456789abcdef0123456789abcdef";
  private static final String BEARER = "Authorization: Bearer " + TOKEN;

  /** Handles nothing in particular. */
  static final class Quiet {
    @OnCustomerIoEvent("sms_*")
    void sms(SmsEvent event) {}
  }

  private HookyServer server;
  private int port;

  @BeforeEach
  void start() {
    server = TestServers.builder().adminToken(TOKEN).handlers(new Quiet()).start();
    port = server.adminPort();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void aForeignHostIsRefusedWith421OnThePageTheApiAndTheMetrics() {
    for (String path : new String[] {"/", "/console.js", "/api/deliveries", "/metrics"}) {
      RawHttp.Answer answer = RawHttp.send("127.0.0.1", port, "GET", path,
          "rebind.attacker.example:" + port, BEARER);
      assertEquals(421, answer.status(), path + ": " + answer.body());
      assertTrue(answer.body().contains("DNS rebinding"), answer.body());
      assertTrue(answer.body().contains("rebind.attacker.example"), answer.body());
      assertTrue(!answer.body().contains("deliveries\""), "no data: " + answer.body());
    }
    RawHttp.Answer api = RawHttp.send("127.0.0.1", port, "GET", "/api/deliveries",
        "evil.example", BEARER);
    assertEquals("application/json", api.header("Content-Type"));
    assertEquals(421, RawHttp.send("127.0.0.1", port, "GET", "/", "127.0.0.1.nip.io").status());
    assertEquals(421, RawHttp.send("127.0.0.1", port, "GET", "/", "localhost.evil.example")
        .status());
    assertEquals(421, RawHttp.send("127.0.0.1", port, "GET", "/", "10.1.2.3:" + port).status(),
        "an address this port was not reached at");
    assertRefused(RawHttp.send("127.0.0.1", port, "GET", "/", "localhost:80x"));
  }

  @Test
  void aRefusedHostIsQuotedUpToAHundredCharacters() {
    String hundred = "h".repeat(95) + ".test";
    assertTrue(RawHttp.send("127.0.0.1", port, "GET", "/", hundred).body()
        .contains("not to Host \"" + hundred + "\": "));
    assertTrue(RawHttp.send("127.0.0.1", port, "GET", "/", "x" + hundred).body()
        .contains("not to Host \"x" + hundred.substring(0, 99) + "…\": "));
  }

  @Test
  void aPageTheConsoleDoesNotHaveIsAnswered404() {
    assertEquals(404, RawHttp.send("127.0.0.1", port, "GET", "/no-such-page", "localhost")
        .status());
  }

  @Test
  void anAbsoluteRequestTargetNamingAnotherHostIsRefused() {
    RawHttp.Answer answer = RawHttp.send("127.0.0.1", port, "GET",
        "http://rebind.attacker.example/api/deliveries", "localhost", BEARER);
    // Jetty refuses a target whose host differs from Host (400) before Hooky would (421).
    assertRefused(answer);
  }

  private static void assertRefused(RawHttp.Answer answer) {
    assertTrue(answer.status() == 400 || answer.status() == 421, answer.head());
    assertTrue(!answer.body().contains("deliveries"), answer.body());
  }

  @Test
  void loopbackNamesAndAddressesWithOrWithoutPortAreAnswered() {
    for (String host : new String[] {"localhost", "localhost:" + port, "LOCALHOST:" + port,
        "localhost.", "127.0.0.1", "127.0.0.1:" + port, "127.8.9.10:" + port, "[::1]",
        "[::1]:" + port}) {
      RawHttp.Answer page = RawHttp.send("127.0.0.1", port, "GET", "/", host);
      assertEquals(200, page.status(), host + ": " + page.body());
      assertEquals(200, RawHttp.send("127.0.0.1", port, "GET", "/api/stats", host, BEARER)
          .status(), host);
    }
  }

  @Test
  void healthAndReadinessAnswerAnyNameForLoadBalancers() {
    assertEquals(200, RawHttp.send("127.0.0.1", port, "GET", "/healthz", "lb.internal").status());
    assertEquals(200, RawHttp.send("127.0.0.1", port, "GET", "/readyz", "lb.internal").status());
  }

  @Test
  void aBurstOfWrongTokensGets429sWhileAnotherClientStillGetsIn() {
    int refused = 0;
    int unauthorized = 0;
    String retryAfter = null;
    for (int i = 0; i < 40; i++) {
      RawHttp.Answer answer = RawHttp.send("127.0.0.1", port, "GET", "/api/deliveries",
          "localhost", "Authorization: Bearer guess-" + i);
      if (answer.status() == 429) {
        refused++;
        retryAfter = answer.header("Retry-After");
      } else {
        assertEquals(401, answer.status(), answer.body());
        unauthorized++;
      }
    }
    assertEquals(TokenAttempts.BURST, unauthorized, "the burst allowance, then refusals");
    assertEquals(40 - TokenAttempts.BURST, refused);
    assertNotNull(retryAfter);
    assertTrue(Long.parseLong(retryAfter) >= 1 && Long.parseLong(retryAfter) <= 6, retryAfter);

    // The guesser is refused even with the right token: its token is not even compared.
    assertEquals(429, RawHttp.send("127.0.0.1", port, "GET", "/metrics", "localhost", BEARER)
        .status());
    // Another client is not.
    assertEquals(200, RawHttp.send("127.0.0.2", port, "GET", "/api/deliveries", "localhost",
        BEARER).status());
    assertEquals(200, RawHttp.send("127.0.0.2", port, "GET", "/metrics", "localhost", BEARER)
        .status());
  }

  @Test
  void aWeakTokenCannotGuardAnAdminPortBeyondLoopback() {
    IllegalStateException refused = assertThrows(IllegalStateException.class,
        () -> TestServers.builder().adminHost("0.0.0.0").adminToken("a").adminPort(0)
            .handlers(new Quiet()).start());
    assertTrue(refused.getMessage().contains("1 characters; at least 32"), refused.getMessage());
    assertTrue(refused.getMessage().contains("openssl rand -hex 32"), refused.getMessage());
    assertThrows(IllegalStateException.class,
        () -> TestServers.builder().adminHost("0.0.0.0").adminPort(0)
            .adminToken("abababababababababababababababababab").handlers(new Quiet()).start(),
        "a long repetition is no secret");

    try (HookyServer exposed = TestServers.builder().adminHost("0.0.0.0").adminPort(0)
        .adminToken(TOKEN).handlers(new Quiet()).start();
        HookyServer local = TestServers.builder().adminToken("a").handlers(new Quiet())
            .start()) {
      assertEquals(200, RawHttp.send("127.0.0.1", exposed.adminPort(), "GET", "/api/stats",
          "localhost", BEARER).status());
      assertEquals(200, RawHttp.send("127.0.0.1", local.adminPort(), "GET", "/api/stats",
          "localhost", "Authorization: Bearer a").status(), "on loopback a weak token warns");
    }
  }

  @Test
  void generatedTokensAreStrong() {
    String previous = "";
    for (int i = 0; i < 200; i++) {
      AdminToken token = AdminToken.generate();
      assertEquals(java.util.Optional.empty(), AdminToken.weakness(token.value()), token.value());
      assertNotEquals(previous, token.value());
      previous = token.value();
    }
  }
}
