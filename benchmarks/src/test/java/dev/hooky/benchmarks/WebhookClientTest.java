package dev.hooky.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hooky.benchmarks.SignedEvents.SignedEvent;
import dev.hooky.benchmarks.WebhookClient.Reply;
import dev.hooky.runtime.Hooky;
import dev.hooky.runtime.HookyServer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Both clients get events acknowledged and handled by a real server: a few requests, no load. */
class WebhookClientTest {
  private final CountingHandler handler = new CountingHandler();
  private HookyServer server;

  @BeforeEach
  void start() {
    server = Hooky.server().host("127.0.0.1").port(0).signingKeys(SignedEvents.SIGNING_KEY)
        .handlers(handler).inbox("memory").start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @ParameterizedTest
  @EnumSource(WebhookClient.Kind.class)
  void eventsAreAcknowledgedHandledAndDeDuplicated(WebhookClient.Kind kind) throws Exception {
    SignedEvents events = new SignedEvents(SignedEvents.SIGNING_KEY, "abcdefm01-", new AtomicLong());
    try (WebhookClient client = kind.connect(server.url());
        WebhookClient.Sender sender = client.open()) {
      SignedEvent last = null;
      for (int i = 0; i < 5; i++) {
        last = events.next();
        assertEquals(new Reply(200, "ok"), sender.post(last));
      }
      assertEquals(new Reply(200, "duplicate"), sender.post(last));
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (handler.handled() < 5 && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertEquals(5, handler.handled());
  }
}
