package dev.hooky.benchmarks.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hooky.benchmarks.FixedRateLoad;
import dev.hooky.benchmarks.SignedEvents;
import dev.hooky.benchmarks.WebhookClient;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.server.Server;
import org.junit.jupiter.api.Test;

/** Server (a) answers every request, and a short fixed-rate load against it adds up. */
class PlainJettyServerTest {
  @Test
  void aShortFixedRateLoadSendsEveryDueRequestAndEachIsAnswered() throws Exception {
    PlainJettyServer.Plain handler = new PlainJettyServer.Plain();
    Server server = JettyOnLoopback.start(handler, 0);
    try (WebhookClient client = WebhookClient.Kind.SOCKET.connect(URI.create(
        "http://127.0.0.1:" + JettyOnLoopback.port(server) + ServerTrial.PATH))) {
      AtomicLong sequence = new AtomicLong();
      FixedRateLoad.Result result = FixedRateLoad.run(client,
          () -> new SignedEvents(SignedEvents.SIGNING_KEY, "abcdefp01-", sequence), 4, 500,
          Duration.ofMillis(100), Duration.ofMillis(300));
      assertEquals(150, result.dueInWindow());
      assertEquals(150, result.ackedInWindow());
      assertEquals(0, result.notSent());
      assertEquals(200, result.acked(), "lead-in and window");
      assertEquals(150, result.latencyNanos().getTotalCount());
      assertTrue(result.ackedPerSecond() > 400, "kept about the rate: " + result.ackedPerSecond());
      assertEquals(result.acked(), handler.requests());
    } finally {
      JettyOnLoopback.stop(server);
    }
  }
}
