package dev.hooky.runtime.inbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hooky.customerio.CustomerIoEventType;
import dev.hooky.customerio.event.SmsEvent;
import dev.hooky.runtime.parse.EventParser;
import dev.hooky.runtime.parse.MalformedEventException;
import dev.hooky.runtime.testing.Payloads;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Inbox} promises: de-duplication, claims, retries with backoff, dead letters,
 * replay, queries and purging. Each implementation runs it with a manual clock: no sleeps.
 */
public abstract class InboxContractTest {
  protected static final Instant T0 = Instant.parse("2026-11-30T12:00:00Z");
  /** Three attempts, 10 s then 20 s apart, no jitter: retries are exactly predictable. */
  protected static final RetryPolicy POLICY =
      new RetryPolicy(3, Duration.ofSeconds(10), 2.0, Duration.ofMinutes(1), 0.0);
  private static final EventParser PARSER = new EventParser();

  protected final ManualClock clock = new ManualClock(T0);
  protected Inbox inbox;

  /** A new, empty inbox of the implementation under test. */
  protected abstract Inbox open(RetryPolicy policy, Clock clock) throws Exception;

  @BeforeEach
  void openInbox() throws Exception {
    inbox = open(POLICY, clock);
  }

  @AfterEach
  void closeInbox() {
    if (inbox != null) {
      inbox.close();
    }
  }

  // --- appending and claiming ---

  @Test
  void anAppendedDeliveryIsClaimedOnceAsAttemptOneWithItsEvent() throws Exception {
    assertEquals(AppendResult.ACCEPTED, inbox.append(delivery("e1", "42")));
    assertEquals(1, inbox.depth());

    List<Claim> claims = inbox.claim(10, Duration.ZERO);

    assertEquals(1, claims.size());
    Claim claim = claims.get(0);
    assertEquals("e1", claim.delivery().eventId());
    assertEquals(1, claim.attempt());
    assertEquals(Set.of(), claim.succeededHandlers());
    SmsEvent event = (SmsEvent) claim.delivery().event();
    assertEquals(CustomerIoEventType.SMS_DELIVERED, event.type());
    assertEquals("+15551234567", event.recipient());
    assertEquals(List.of("sig"), claim.delivery().headers().get("X-CIO-Signature"));
    assertEquals(List.of(), inbox.claim(10, Duration.ZERO), "claimed once");
  }

  @Test
  void anEventIdIsAcceptedOnlyOnceWhateverItsStatus() throws Exception {
    inbox.append(delivery("dup", "1"));
    assertEquals(AppendResult.DUPLICATE, inbox.append(delivery("dup", "1")));
    Claim claim = inbox.claim(1, Duration.ZERO).get(0);
    assertEquals(AppendResult.DUPLICATE, inbox.append(delivery("dup", "1")));
    inbox.complete(claim, List.of(ok("h")));
    assertEquals(AppendResult.DUPLICATE, inbox.append(delivery("dup", "1")));
  }

  @Test
  void concurrentAppendsOfOneEventIdAcceptItOnce() throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(16);
    try {
      List<Future<AppendResult>> results = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        results.add(threads.submit(() -> inbox.append(delivery("race", "1"))));
      }
      int accepted = 0;
      for (Future<AppendResult> result : results) {
        accepted += result.get(10, TimeUnit.SECONDS) == AppendResult.ACCEPTED ? 1 : 0;
      }
      assertEquals(1, accepted);
      assertEquals(1, inbox.claim(10, Duration.ZERO).size());
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void claimsComeOldestFirstUpToMax() throws Exception {
    for (int i = 1; i <= 5; i++) {
      inbox.append(delivery("order-" + i, "1"));
    }
    assertEquals(List.of("order-1", "order-2"), ids(inbox.claim(2, Duration.ZERO)));
    assertEquals(List.of("order-3", "order-4", "order-5"), ids(inbox.claim(10, Duration.ZERO)));
  }

  @Test
  void aWaitingClaimReturnsWhenADeliveryArrives() throws Exception {
    CompletableFuture<List<Claim>> waiting = CompletableFuture.supplyAsync(() -> {
      try {
        return inbox.claim(1, Duration.ofSeconds(10));
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    inbox.append(delivery("late", "1"));

    assertEquals(List.of("late"), ids(waiting.get(10, TimeUnit.SECONDS)));
  }

  // --- outcomes ---

  @Test
  void aCompletedDeliveryIsHandledWithItsHistory() throws Exception {
    inbox.append(delivery("done", "7"));
    Claim claim = inbox.claim(1, Duration.ZERO).get(0);
    clock.advance(Duration.ofSeconds(1));

    inbox.complete(claim, List.of(ok("A.a(SmsEvent)"), ok("B.b(SmsEvent)")));

    DeliveryRecord record = inbox.find("done").orElseThrow();
    assertEquals(DeliveryStatus.HANDLED, record.status());
    assertEquals(1, record.attempts());
    assertEquals(T0.plusSeconds(1), record.handledAt());
    assertNull(record.lastError());
    assertEquals(List.of("A.a(SmsEvent)", "B.b(SmsEvent)"), handlers(record.history()));
    assertEquals(0, inbox.depth());
    assertTrue(new String(record.body(), StandardCharsets.UTF_8).contains("\"done\""));
  }

  @Test
  void aDeliveryNoHandlerWantedIsUnhandled() throws Exception {
    inbox.append(delivery("nobody", "7"));
    inbox.complete(inbox.claim(1, Duration.ZERO).get(0), List.of());

    assertEquals(DeliveryStatus.UNHANDLED, inbox.find("nobody").orElseThrow().status());
  }

  @Test
  void failuresAreRetriedWithBackoffThenDeadLettered() throws Exception {
    inbox.append(delivery("flaky", "7"));

    Claim first = inbox.claim(1, Duration.ZERO).get(0);
    inbox.fail(first, List.of(failed("H.h(SmsEvent)", "IllegalStateException: db down")));
    DeliveryRecord retrying = inbox.find("flaky").orElseThrow();
    assertEquals(DeliveryStatus.RETRYING, retrying.status());
    assertEquals(T0.plusSeconds(10), retrying.nextAttemptAt());
    assertEquals("H.h(SmsEvent): IllegalStateException: db down", retrying.lastError());
    assertEquals(1, inbox.depth());

    clock.advance(Duration.ofSeconds(9));
    assertEquals(List.of(), inbox.claim(1, Duration.ZERO), "not before the first backoff");
    clock.advance(Duration.ofSeconds(1));
    Claim second = inbox.claim(1, Duration.ZERO).get(0);
    assertEquals(2, second.attempt());
    inbox.fail(second, List.of(failed("H.h(SmsEvent)", "still down")));
    assertEquals(T0.plusSeconds(30), inbox.find("flaky").orElseThrow().nextAttemptAt(),
        "the second wait is twice the first");

    clock.advance(Duration.ofSeconds(20));
    Claim third = inbox.claim(1, Duration.ZERO).get(0);
    assertEquals(3, third.attempt());
    inbox.fail(third, List.of(failed("H.h(SmsEvent)", "gave up")));

    DeliveryRecord dead = inbox.find("flaky").orElseThrow();
    assertEquals(DeliveryStatus.DEAD, dead.status());
    assertEquals(3, dead.attempts());
    assertEquals("H.h(SmsEvent): gave up", dead.lastError());
    assertEquals(0, inbox.depth());
    clock.advance(Duration.ofDays(1));
    assertEquals(List.of(), inbox.claim(1, Duration.ZERO), "a dead letter waits for a replay");
  }

  @Test
  void handlersThatSucceededAreNotCalledOnTheRetry() throws Exception {
    inbox.append(delivery("partial", "7"));
    Claim first = inbox.claim(1, Duration.ZERO).get(0);
    inbox.fail(first, List.of(ok("A.a(SmsEvent)"), failed("B.b(SmsEvent)", "boom")));

    clock.advance(Duration.ofSeconds(10));
    Claim second = inbox.claim(1, Duration.ZERO).get(0);

    assertEquals(Set.of("A.a(SmsEvent)"), second.succeededHandlers());
    inbox.complete(second, List.of(ok("B.b(SmsEvent)")));
    DeliveryRecord record = inbox.find("partial").orElseThrow();
    assertEquals(DeliveryStatus.HANDLED, record.status());
    assertEquals(List.of("A.a(SmsEvent)", "B.b(SmsEvent)", "B.b(SmsEvent)"),
        handlers(record.history()));
  }

  // --- replay ---

  @Test
  void aReplayedDeadLetterRunsEveryHandlerAgainAndIsRecorded() throws Exception {
    Claim claim = deadLetter("revived");

    assertTrue(inbox.replay("revived"));

    DeliveryRecord pending = inbox.find("revived").orElseThrow();
    assertEquals(DeliveryStatus.PENDING, pending.status());
    assertEquals(1, pending.replays());
    assertTrue(handlers(pending.history()).contains(AttemptRecord.REPLAY));
    Claim again = inbox.claim(1, Duration.ZERO).get(0);
    assertEquals(Set.of(), again.succeededHandlers());
    assertEquals(claim.delivery().eventId(), again.delivery().eventId());
    assertEquals(POLICY.maxAttempts() + 1, again.attempt(), "attempts keep counting");
  }

  @Test
  void aHandledDeliveryCanBeReplayedToo() throws Exception {
    inbox.append(delivery("again", "7"));
    inbox.complete(inbox.claim(1, Duration.ZERO).get(0), List.of(ok("A.a(SmsEvent)")));

    assertTrue(inbox.replay("again"));

    assertEquals(List.of("again"), ids(inbox.claim(1, Duration.ZERO)));
  }

  @Test
  void replayingAnUnknownEventIdChangesNothing() {
    assertFalse(inbox.replay("no-such-event"));
  }

  @Test
  void deadLettersSinceATimeAreReplayedTogether() throws Exception {
    deadLetter("old");
    clock.advance(Duration.ofHours(1));
    Instant since = clock.instant();
    deadLetter("new-1");
    deadLetter("new-2");

    assertEquals(2, inbox.replayDeadLetters(since));

    assertEquals(DeliveryStatus.DEAD, inbox.find("old").orElseThrow().status());
    assertEquals(DeliveryStatus.PENDING, inbox.find("new-1").orElseThrow().status());
    assertEquals(DeliveryStatus.PENDING, inbox.find("new-2").orElseThrow().status());
  }

  // --- queries and retention ---

  @Test
  void queriesFilterAndPageNewestFirst() throws Exception {
    inbox.append(delivery("q1", "alice"));
    clock.advance(Duration.ofMinutes(1));
    inbox.append(delivery(CustomerIoEventType.EMAIL_OPENED, "q2", "bob"));
    clock.advance(Duration.ofMinutes(1));
    inbox.append(delivery("q3", "bob"));
    inbox.complete(inbox.claim(1, Duration.ZERO).get(0), List.of(ok("h")));

    assertEquals(List.of("q3", "q2", "q1"), recordIds(inbox.query(DeliveryQuery.latest(10))));
    assertEquals(List.of("q3", "q1"), recordIds(query(null, "sms_delivered", null, null)));
    assertEquals(List.of("q2"), recordIds(query(null, "email_*", null, null)));
    assertEquals(List.of("q3", "q2"), recordIds(query(null, null, "bob", null)));
    assertEquals(List.of("q1"), recordIds(query(DeliveryStatus.HANDLED, null, null, null)));
    assertEquals(List.of("q3", "q2"),
        recordIds(query(null, null, null, T0.plus(Duration.ofSeconds(30)))));

    List<DeliveryRecord> firstPage = inbox.query(DeliveryQuery.latest(2));
    assertEquals(List.of("q3", "q2"), recordIds(firstPage));
    DeliveryQuery nextPage =
        new DeliveryQuery(null, null, null, null, null, firstPage.get(1).id(), 2);
    assertEquals(List.of("q1"), recordIds(inbox.query(nextPage)));
  }

  @Test
  void queriesFindDeliveriesByEventIdOrDeliveryIdPrefixAndByEmail() throws Exception {
    inbox.append(delivery("search-abc", "alice"));
    inbox.append(delivery("other-1", "bob"));

    assertEquals(List.of("search-abc"), recordIds(text("search-")));
    // Payloads give every message the delivery id RPILAgUBcRhIBqSfeiIwdIYJKxTY.
    assertEquals(List.of("other-1", "search-abc"), recordIds(text("RPILAgUB")));
    assertEquals(List.of(), recordIds(text("nothing")));
    assertEquals(List.of("other-1", "search-abc"),
        recordIds(query(null, null, "test@example.com", null)), "by email address");
  }

  private List<DeliveryRecord> text(String text) {
    return inbox.query(new DeliveryQuery(null, null, null, null, null, null, 100, text));
  }

  @Test
  void purgeDeletesFinishedDeliveriesBeforeTheCutoffAndForgetsTheirIds() throws Exception {
    inbox.append(delivery("old-done", "1"));
    inbox.complete(inbox.claim(1, Duration.ZERO).get(0), List.of(ok("h")));
    deadLetter("old-dead");
    inbox.append(delivery("old-waiting", "1"));
    clock.advance(Duration.ofDays(9));
    inbox.append(delivery("new-done", "1"));
    inbox.complete(claimOnly("new-done"), List.of(ok("h")));

    assertEquals(1, inbox.purge(clock.instant().minus(Duration.ofDays(8))));

    assertTrue(inbox.find("old-done").isEmpty());
    assertTrue(inbox.find("old-dead").isPresent(), "dead letters wait for a replay");
    assertTrue(inbox.find("old-waiting").isPresent(), "unfinished deliveries stay");
    assertTrue(inbox.find("new-done").isPresent());
    assertEquals(AppendResult.ACCEPTED, inbox.append(delivery("old-done", "1")),
        "a purged event id is forgotten");
  }

  // --- helpers ---

  /** Appends, claims and fails a delivery until it is dead. */
  protected Claim deadLetter(String eventId) throws Exception {
    inbox.append(delivery(eventId, "1"));
    Claim claim = null;
    for (int attempt = 1; attempt <= POLICY.maxAttempts(); attempt++) {
      claim = claimOnly(eventId);
      inbox.fail(claim, List.of(failed("H.h(SmsEvent)", "boom " + attempt)));
    }
    return claim;
  }

  /** Claims until {@code eventId} comes, moving the clock past any backoff. */
  protected Claim claimOnly(String eventId) throws Exception {
    for (int tries = 0; tries < 10; tries++) {
      for (Claim claim : inbox.claim(100, Duration.ZERO)) {
        if (claim.delivery().eventId().equals(eventId)) {
          return claim;
        }
        inbox.complete(claim, List.of());
      }
      clock.advance(Duration.ofMinutes(1));
    }
    throw new AssertionError(eventId + " never became due");
  }

  private List<DeliveryRecord> query(
      DeliveryStatus status, String name, String customer, Instant since) {
    return inbox.query(new DeliveryQuery(status, name, customer, since, null, null, 100));
  }

  protected InboundDelivery delivery(String eventId, String customerId) {
    return delivery(CustomerIoEventType.SMS_DELIVERED, eventId, customerId);
  }

  protected InboundDelivery delivery(
      CustomerIoEventType type, String eventId, String customerId) {
    String json = Payloads.of(type, eventId, T0.getEpochSecond())
        .replace("\"id\":\"42\"", "\"id\":\"" + customerId + "\"");
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    try {
      var event = PARSER.parse(body, clock.instant());
      return new InboundDelivery(eventId, event.name(), clock.instant(),
          Map.of("X-CIO-Signature", List.of("sig")), body, event);
    } catch (MalformedEventException e) {
      throw new AssertionError(e);
    }
  }

  protected static HandlerOutcome ok(String handler) {
    return new HandlerOutcome(handler, Duration.ofMillis(3), null);
  }

  protected static HandlerOutcome failed(String handler, String error) {
    return new HandlerOutcome(handler, Duration.ofMillis(3), error);
  }

  protected static List<String> ids(List<Claim> claims) {
    return claims.stream().map(c -> c.delivery().eventId()).collect(Collectors.toList());
  }

  private static List<String> recordIds(List<DeliveryRecord> records) {
    return records.stream().map(DeliveryRecord::eventId).collect(Collectors.toList());
  }

  private static List<String> handlers(List<AttemptRecord> history) {
    return history.stream().map(AttemptRecord::handler).collect(Collectors.toList());
  }
}
