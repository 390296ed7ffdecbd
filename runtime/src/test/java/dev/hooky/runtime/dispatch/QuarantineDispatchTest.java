package dev.hooky.runtime.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hooky.customerio.CustomerIoEventType;
import dev.hooky.customerio.OnCustomerIoEvent;
import dev.hooky.customerio.event.CustomerIoEvent;
import dev.hooky.runtime.http.Answer;
import dev.hooky.runtime.inbox.DeliveryStatus;
import dev.hooky.runtime.inbox.InboundDelivery;
import dev.hooky.runtime.inbox.MemoryInbox;
import dev.hooky.runtime.inbox.RetryPolicy;
import dev.hooky.runtime.parse.EventParser;
import dev.hooky.runtime.testing.Payloads;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Quarantined deliveries in both delivery modes: answered, kept, never handed to a handler. */
class QuarantineDispatchTest {
  private static final EventParser PARSER = new EventParser();

  /** Wants every event there is. */
  static final class Everything {
    final BlockingQueue<String> seen = new LinkedBlockingQueue<>();

    @OnCustomerIoEvent("*")
    void any(CustomerIoEvent event) {
      seen.add(event.eventId());
    }
  }

  private final Everything everything = new Everything();
  private final MemoryInbox inbox = new MemoryInbox(100, Duration.ofDays(1), 1_000,
      RetryPolicy.DEFAULT, PARSER, Clock.systemUTC());
  private final HandlerRunner runner = new HandlerRunner(RouterRegistry.of(List.of(everything)),
      Duration.ofSeconds(10), HandlerListener.NONE);
  private Dispatcher dispatcher;

  @AfterEach
  void close() {
    if (dispatcher != null) {
      dispatcher.close();
    }
    runner.close();
    inbox.close();
  }

  @Test
  void inTheInboxModeNotEvenAStarHandlerGetsOneUntilAReplayParsesIt() throws Exception {
    dispatcher = new Dispatcher(inbox, runner, 1, (eventId, succeeded) -> { });
    dispatcher.start();
    InboxAcceptor acceptor = new InboxAcceptor(inbox);

    // A body this version parses, quarantined as an older version might have done.
    assertEquals(Answer.QUARANTINED, acceptor.accept(quarantined("q")));
    assertEquals(Answer.DUPLICATE, acceptor.accept(quarantined("q")));
    assertEquals(Answer.OK, acceptor.accept(parsed("after")));

    // One worker, oldest first: had "q" been claimable, it would have come first.
    assertEquals("after", everything.seen.poll(10, TimeUnit.SECONDS));
    assertEquals(DeliveryStatus.QUARANTINED, inbox.find("q").orElseThrow().status());
    assertTrue(everything.seen.isEmpty());

    assertTrue(inbox.replay("q"));
    assertEquals("q", everything.seen.poll(10, TimeUnit.SECONDS));
  }

  @Test
  void inTheSynchronousModeItIsKeptAndAnsweredWithoutRunningAHandler() {
    SynchronousAcceptor acceptor = new SynchronousAcceptor(runner, inbox, Duration.ofDays(1),
        1_000, Clock.systemUTC());

    assertEquals(Answer.QUARANTINED, acceptor.accept(quarantined("q")));
    assertEquals(Answer.DUPLICATE, acceptor.accept(quarantined("q")));

    assertTrue(everything.seen.isEmpty(), "handlers run inside accept in this mode");
    assertEquals(DeliveryStatus.QUARANTINED, inbox.find("q").orElseThrow().status());
    assertEquals(Answer.OK, acceptor.accept(parsed("ok")));
    assertEquals(List.of("ok"), List.copyOf(everything.seen));
  }

  private static byte[] body(String eventId) {
    return Payloads.of(CustomerIoEventType.SMS_DELIVERED, eventId, 1_700_000_000L)
        .getBytes(StandardCharsets.UTF_8);
  }

  private static InboundDelivery quarantined(String eventId) {
    return InboundDelivery.quarantined(eventId, "unknown", Instant.now(), Map.of(),
        body(eventId), "a shape this version did not know");
  }

  private static InboundDelivery parsed(String eventId) {
    try {
      CustomerIoEvent event = PARSER.parse(body(eventId));
      return new InboundDelivery(eventId, event.name(), Instant.now(), Map.of(), body(eventId),
          event);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
