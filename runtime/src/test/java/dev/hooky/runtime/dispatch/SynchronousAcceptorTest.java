package dev.hooky.runtime.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hooky.customerio.CustomerIoEventType;
import dev.hooky.customerio.event.CustomerIoEvent;
import dev.hooky.runtime.http.Answer;
import dev.hooky.runtime.inbox.InboundDelivery;
import dev.hooky.runtime.inbox.MemoryInbox;
import dev.hooky.runtime.parse.EventParser;
import dev.hooky.runtime.testing.Payloads;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the synchronous mode remembers of failed events between their attempts. */
class SynchronousAcceptorTest {
  /** Few, so that the edge is reached without thousands of failures in the log. */
  private static final int REMEMBERED = 3;

  private final EventParser parser = new EventParser();
  private final AtomicInteger lastAttempt = new AtomicInteger();
  private final HandlerRunner runner = new HandlerRunner(RouterRegistry.of(List.of(
      CallbackRouter.of("always fails", List.of("*"), (event, delivery) -> {
        lastAttempt.set(delivery.attempt());
        return CompletableFuture.failedFuture(new IllegalStateException("down"));
      }))), Duration.ofSeconds(10), HandlerListener.NONE);
  private final MemoryInbox quarantine = new MemoryInbox(10, Duration.ofHours(1), 100, parser,
      Clock.systemUTC());
  private final SynchronousAcceptor acceptor = new SynchronousAcceptor(runner, quarantine,
      Duration.ofHours(1), 100, Clock.systemUTC(), REMEMBERED);

  @AfterEach
  void close() {
    runner.close();
    quarantine.close();
  }

  @Test
  void theLastFailedEventsUpToTheLimitAreRememberedForTheirNextAttempt() {
    for (int i = 0; i < REMEMBERED; i++) {
      assertEquals(500, acceptor.accept(delivery("failed-" + i)).status());
    }

    Answer resent = acceptor.accept(delivery("failed-0"));

    assertEquals(500, resent.status());
    assertEquals(2, lastAttempt.get(), "the oldest of as many failures as the limit was forgotten");
  }

  @Test
  void theOldestFailureIsForgottenOnceTheLimitOfNewerOnesFailed() {
    for (int i = 0; i <= REMEMBERED; i++) {
      acceptor.accept(delivery("failed-" + i));
    }

    acceptor.accept(delivery("failed-0"));

    assertEquals(1, lastAttempt.get(), "a resend of a forgotten failure starts again at 1");
    acceptor.accept(delivery("failed-" + REMEMBERED));
    assertEquals(2, lastAttempt.get(), "the newest failure is still remembered");
  }

  private InboundDelivery delivery(String eventId) {
    byte[] body = Payloads.of(CustomerIoEventType.SMS_DELIVERED, eventId, 1_700_000_000L)
        .getBytes(StandardCharsets.UTF_8);
    try {
      CustomerIoEvent event = parser.parse(body);
      return new InboundDelivery(event.eventId(), event.name(), Instant.now(), Map.of(), body,
          event);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
