package dev.hooky.runtime.inbox;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hooky.customerio.CustomerIoEventType;
import dev.hooky.customerio.event.EmailEvent;
import dev.hooky.customerio.event.SmsEvent;
import dev.hooky.runtime.parse.EventParser;
import dev.hooky.runtime.parse.MalformedEventException;
import dev.hooky.runtime.testing.Payloads;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
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

  /** Whether the inbox stores bodies only, parsing them again when it hands them out. */
  protected boolean parsesStoredBodies() {
    return false;
  }

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
    // Sixteen threads released together by a barrier, thirty times over: often enough that two
    // of them pass the quick "seen before?" look together, so the race's own answer is tested.
    int threadCount = 16;
    ExecutorService threads = Executors.newFixedThreadPool(threadCount);
    CyclicBarrier start = new CyclicBarrier(threadCount);
    try {
      for (int round = 0; round < 30; round++) {
        String eventId = "race-" + round;
        List<Future<AppendResult>> results = new ArrayList<>();
        for (int i = 0; i < threadCount; i++) {
          results.add(threads.submit(() -> {
            start.await(10, TimeUnit.SECONDS);
            return inbox.append(delivery(eventId, "1"));
          }));
        }
        int accepted = 0;
        for (Future<AppendResult> result : results) {
          AppendResult answer = result.get(10, TimeUnit.SECONDS);
          assertTrue(answer == AppendResult.ACCEPTED || answer == AppendResult.DUPLICATE,
              eventId + ": " + answer);
          accepted += answer == AppendResult.ACCEPTED ? 1 : 0;
        }
        assertEquals(1, accepted, eventId);
      }
      Set<String> claimed = new HashSet<>();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (claimed.size() < 30 && System.nanoTime() < deadline) {
        for (Claim claim : inbox.claim(100, Duration.ofMillis(100))) {
          assertTrue(claimed.add(claim.delivery().eventId()), "claimed twice: " + claim);
        }
      }
      assertEquals(30, claimed.size(), "each event stored once: " + claimed);
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void concurrentAppendsOfOneQuarantinedBodyKeepItOnce() throws Exception {
    InboundDelivery quarantined = quarantined("q-race", "unknown", "{", "malformed JSON");
    ExecutorService threads = Executors.newFixedThreadPool(16);
    try {
      List<Future<AppendResult>> results = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        results.add(threads.submit(() -> inbox.append(quarantined)));
      }
      int accepted = 0;
      for (Future<AppendResult> result : results) {
        AppendResult answer = result.get(10, TimeUnit.SECONDS);
        assertTrue(answer == AppendResult.ACCEPTED || answer == AppendResult.DUPLICATE,
            String.valueOf(answer));
        accepted += answer == AppendResult.ACCEPTED ? 1 : 0;
      }
      assertEquals(1, accepted);
      assertEquals(1, inbox.query(DeliveryQuery.latest(10)).size());
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

  @Test
  void aRetryWhoseHandlersAllSucceededBeforeIsHandledNotUnhandled() throws Exception {
    inbox.append(delivery("all-done-before", "7"));
    inbox.fail(inbox.claim(1, Duration.ZERO).get(0),
        List.of(ok("A.a(SmsEvent)"), failed("B.b(SmsEvent)", "boom")));
    clock.advance(Duration.ofSeconds(10));
    Claim retry = inbox.claim(1, Duration.ZERO).get(0);

    // B is gone in this version, say: nothing left to call, and A did its work.
    inbox.complete(retry, List.of());

    assertEquals(DeliveryStatus.HANDLED, inbox.find("all-done-before").orElseThrow().status());
  }

  @Test
  void theLastFailedHandlersErrorIsTheDeliverysLastError() throws Exception {
    inbox.append(delivery("two-failures", "7"));

    inbox.fail(inbox.claim(1, Duration.ZERO).get(0), List.of(failed("A.a(SmsEvent)", "first"),
        ok("B.b(SmsEvent)"), failed("C.c(SmsEvent)", "last")));

    assertEquals("C.c(SmsEvent): last", inbox.find("two-failures").orElseThrow().lastError());

    inbox.append(delivery("then-a-success", "7"));
    inbox.fail(claimOnly("then-a-success"), List.of(failed("A.a(SmsEvent)", "only"),
        ok("B.b(SmsEvent)")));
    assertEquals("A.a(SmsEvent): only", inbox.find("then-a-success").orElseThrow().lastError(),
        "a success after the failure is no error");
  }

  @Test
  void theHistoryTimesEachHandlerCallAndTheHandlerTimeSumsThemOverEveryAttempt()
      throws Exception {
    inbox.append(delivery("timed", "7"));
    Claim first = inbox.claim(1, Duration.ZERO).get(0);
    clock.advance(Duration.ofSeconds(1));
    Instant firstEnded = clock.instant();
    inbox.fail(first, List.of(new HandlerOutcome("A.a(SmsEvent)", Duration.ofMillis(50), null),
        new HandlerOutcome("B.b(SmsEvent)", Duration.ofMillis(20), "boom")));
    clock.advance(Duration.ofSeconds(10));
    Claim second = inbox.claim(1, Duration.ZERO).get(0);
    clock.advance(Duration.ofSeconds(1));
    Instant secondEnded = clock.instant();
    inbox.complete(second, List.of(new HandlerOutcome("B.b(SmsEvent)", Duration.ofMillis(7),
        null)));

    DeliveryRecord record = inbox.find("timed").orElseThrow();
    assertEquals(List.of(
        new AttemptRecord(1, "A.a(SmsEvent)", firstEnded.minusMillis(50), Duration.ofMillis(50),
            null),
        new AttemptRecord(1, "B.b(SmsEvent)", firstEnded.minusMillis(20), Duration.ofMillis(20),
            "boom"),
        new AttemptRecord(2, "B.b(SmsEvent)", secondEnded.minusMillis(7), Duration.ofMillis(7),
            null)), record.history());
    assertEquals(Duration.ofMillis(77), record.handlerTime());
    DeliveryRecord listed = inbox.query(DeliveryQuery.latest(1)).get(0);
    assertEquals(Duration.ofMillis(77), listed.handlerTime(), "lists show it too");
    assertEquals(List.of(), listed.history(), "without the history itself");
  }

  @Test
  void aRetryReplayedAheadOfAnEarlierOneIsDueAtOnce() throws Exception {
    inbox.append(delivery("first-retry", "7"));
    inbox.fail(claimOnly("first-retry"), List.of(failed("H.h(SmsEvent)", "boom"))); // +10 s
    clock.advance(Duration.ofSeconds(5));
    inbox.append(delivery("second-retry", "7"));
    inbox.fail(claimOnly("second-retry"), List.of(failed("H.h(SmsEvent)", "boom"))); // +15 s

    assertTrue(inbox.replay("second-retry"));

    assertEquals(List.of("second-retry"), ids(inbox.claim(10, Duration.ZERO)),
        "due now, though queued behind a retry that is not");
  }

  @Test
  void aRetryingDeliveryReplayedIsDueAtOnceAndClaimedOnce() throws Exception {
    inbox.append(delivery("retrying", "7"));
    inbox.fail(inbox.claim(1, Duration.ZERO).get(0), List.of(failed("H.h(SmsEvent)", "boom")));
    assertEquals(List.of(), inbox.claim(10, Duration.ZERO), "waits for its backoff");

    assertTrue(inbox.replay("retrying"));

    assertEquals(1, inbox.depth(), "one delivery waiting, counted once");
    Claim again = inbox.claim(10, Duration.ZERO).get(0);
    assertEquals("retrying", again.delivery().eventId());
    clock.advance(Duration.ofMinutes(5));
    assertEquals(List.of(), inbox.claim(10, Duration.ZERO), "its old retry is gone");
    inbox.complete(again, List.of(ok("H.h(SmsEvent)")));
    assertEquals(DeliveryStatus.HANDLED, inbox.find("retrying").orElseThrow().status());
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
  void queriesByReceivedTimeIncludeTheirStartAndExcludeTheirEnd() throws Exception {
    inbox.append(delivery("t0", "1"));
    clock.advance(Duration.ofMillis(1));
    inbox.append(delivery("t1", "1"));
    clock.advance(Duration.ofMillis(1));
    inbox.append(delivery("t2", "1"));
    Instant t1 = T0.plusMillis(1);
    Instant t2 = T0.plusMillis(2);

    assertEquals(List.of("t2", "t1"), recordIds(between(t1, null)));
    assertEquals(List.of("t0"), recordIds(between(null, t1)));
    assertEquals(List.of("t1"), recordIds(between(t1, t2)));
    assertEquals(List.of(), recordIds(between(t1, t1)));
  }

  private List<DeliveryRecord> between(Instant since, Instant until) {
    return inbox.query(new DeliveryQuery(null, null, null, since, until, null, 100));
  }

  @Test
  void onlyAFinishedDeliveryHasAHandledTimeAndAReplayClearsIt() throws Exception {
    inbox.append(delivery("when", "1"));
    assertNull(inbox.find("when").orElseThrow().handledAt());
    Claim claim = inbox.claim(1, Duration.ZERO).get(0);
    inbox.fail(claim, List.of(failed("H.h(SmsEvent)", "boom")));
    assertNull(inbox.find("when").orElseThrow().handledAt(), "retrying is not finished");
    clock.advance(Duration.ofSeconds(10));
    inbox.complete(inbox.claim(1, Duration.ZERO).get(0), List.of(ok("H.h(SmsEvent)")));
    assertEquals(T0.plusSeconds(10), inbox.find("when").orElseThrow().handledAt());
    assertEquals(T0.plusSeconds(10), inbox.query(DeliveryQuery.latest(1)).get(0).handledAt());

    inbox.replay("when");

    assertNull(inbox.find("when").orElseThrow().handledAt());
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

  @Test
  void customerEventsAreFoundByTheirEmailAddressTheirOlderCustomerIdAndTheirDeliveryId()
      throws Exception {
    // A subscription change: no identifiers.email nor identifiers.id, the older fields instead.
    String json = Payloads.of(CustomerIoEventType.CUSTOMER_UNSUBSCRIBED, "sub-1",
        T0.getEpochSecond())
        .replace("\"email\":\"test@example.com\",", "")
        .replace("\"id\":\"42\",", "")
        .replace("\"customer_id\":\"42\"", "\"customer_id\":\"legacy-7\"")
        .replace("\"email_address\":\"test@example.com\"",
            "\"email_address\":\"sub@example.com\",\"delivery_id\":\"DLV-from-email\"");
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    var event = PARSER.parse(body);
    inbox.append(new InboundDelivery("sub-1", event.name(), clock.instant(),
        Map.of("X-CIO-Signature", List.of("sig")), body, event));
    inbox.append(delivery("sms-1", "42"));

    assertEquals(List.of("sub-1"), recordIds(query(null, null, "sub@example.com", null)));
    assertEquals(List.of("sub-1"), recordIds(query(null, null, "legacy-7", null)));
    assertEquals("legacy-7", inbox.find("sub-1").orElseThrow().customerId());
    assertEquals(List.of("sub-1"), recordIds(text("DLV-from")));
    assertEquals(List.of("sub-1"), recordIds(query(null, "customer_*", null, null)));
    assertEquals(List.of("sms-1", "sub-1"), recordIds(query(null, "*", null, null)),
        "a lone * matches every name");
    inbox.complete(claimOnly("sub-1"), List.of(ok("h")));
    assertEquals(List.of("sub-1"), recordIds(query(DeliveryStatus.HANDLED, null,
        "sub@example.com", null)), "still found once handled");
    assertEquals(List.of("sub-1"), recordIds(text("DLV-from")));
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

  // --- quarantine ---

  @Test
  void aQuarantinedDeliveryIsKeptRawWithItsReasonAndNeverClaimed() throws Exception {
    byte[] body = "{\"event_id\": \"q-1\", \"object_type\": [".getBytes(StandardCharsets.UTF_8);
    InboundDelivery quarantined = quarantined("q-1", "unknown", body, "malformed JSON: cut short");

    assertEquals(AppendResult.ACCEPTED, inbox.append(quarantined));
    assertEquals(AppendResult.DUPLICATE, inbox.append(quarantined), "de-duplicated by its key");
    assertEquals(0, inbox.depth(), "nothing waits for a handler");
    assertEquals(List.of(), inbox.claim(10, Duration.ZERO));
    clock.advance(Duration.ofDays(1));
    assertEquals(List.of(), inbox.claim(10, Duration.ZERO), "not later either");

    DeliveryRecord record = inbox.find("q-1").orElseThrow();
    assertEquals(DeliveryStatus.QUARANTINED, record.status());
    assertEquals("malformed JSON: cut short", record.lastError());
    assertEquals("unknown", record.eventName());
    assertNull(record.customerId());
    assertArrayEquals(body, record.body());
    assertEquals(List.of("sig"), record.headers().get("X-CIO-Signature"));
  }

  @Test
  void quarantinedDeliveriesAreListedByStatusAndEveryFilterCopesWithThem() throws Exception {
    inbox.append(delivery("parsed", "alice"));
    inbox.append(quarantined("sha256:" + "ab".repeat(32), "unknown", "[]", "body is not a JSON"
        + " object"));
    inbox.append(quarantined("q-named", "email_sent", "{\"event_id\":\"q-named\"}",
        "missing data"));

    assertEquals(List.of("q-named", "sha256:" + "ab".repeat(32)),
        recordIds(query(DeliveryStatus.QUARANTINED, null, null, null)));
    assertEquals(List.of("q-named", "sha256:" + "ab".repeat(32), "parsed"),
        recordIds(inbox.query(DeliveryQuery.latest(10))));
    assertEquals(List.of("parsed"), recordIds(query(null, null, "alice", null)));
    assertEquals(List.of("q-named"), recordIds(query(null, "email_*", null, null)));
    assertEquals(List.of("q-named"), recordIds(text("q-")));
    assertEquals(List.of("sha256:" + "ab".repeat(32)), recordIds(text("sha256:")));
    assertEquals(List.of(), recordIds(text("nul")), "no delivery id is not the text \"null\"");
  }

  @Test
  void quarantinedDeliveriesStayAsDeadLettersDoWhenFinishedOnesArePurged() throws Exception {
    inbox.append(quarantined("q-old", "unknown", "nope", "malformed JSON"));
    inbox.append(delivery("done", "1"));
    inbox.complete(claimOnly("done"), List.of(ok("h")));
    clock.advance(Duration.ofDays(30));

    assertEquals(1, inbox.purge(clock.instant()));

    assertEquals(DeliveryStatus.QUARANTINED, inbox.find("q-old").orElseThrow().status());
  }

  @Test
  void aReplayedQuarantinedBodyThatParsesNowReachesTheHandlersWithItsEvent() throws Exception {
    // As if an older version could not read it: the body is a valid sms_delivered.
    byte[] body = delivery("later", "alice").body();
    inbox.append(quarantined("later", "unknown", body, "a shape this version did not know"));

    assertTrue(inbox.replay("later"));

    DeliveryRecord pending = inbox.find("later").orElseThrow();
    assertEquals(DeliveryStatus.PENDING, pending.status());
    assertNull(pending.lastError());
    assertEquals(1, pending.replays());
    assertEquals("sms_delivered", pending.eventName());
    assertEquals("alice", pending.customerId(), "the columns taken from the event are filled in");
    assertEquals(List.of("later"), recordIds(query(null, null, "alice", null)));
    assertTrue(handlers(pending.history()).contains(AttemptRecord.REPLAY));
    assertEquals(1, inbox.depth());

    Claim claim = inbox.claim(10, Duration.ZERO).get(0);
    assertEquals("later", claim.delivery().eventId());
    assertFalse(claim.delivery().quarantined());
    SmsEvent event = (SmsEvent) claim.delivery().event();
    assertEquals("alice", event.identifiers().id());
    assertEquals("sms_delivered", claim.delivery().eventName());
    inbox.complete(claim, List.of(ok("H.h(SmsEvent)")));
    assertEquals(DeliveryStatus.HANDLED, inbox.find("later").orElseThrow().status());
  }

  @Test
  void aReplayedQuarantinedBodyThatStillDoesNotParseStaysWithTheNewReason() throws Exception {
    inbox.append(quarantined("broken", "unknown", "{\"event_id\":\"broken\",", "old reason"));

    assertTrue(inbox.replay("broken"));

    DeliveryRecord record = inbox.find("broken").orElseThrow();
    assertEquals(DeliveryStatus.QUARANTINED, record.status());
    assertTrue(record.lastError().startsWith("malformed JSON"), record.lastError());
    assertEquals(1, record.replays());
    assertEquals(List.of(AttemptRecord.REPLAY), handlers(record.history()));
    assertEquals(record.lastError(), record.history().get(0).error());
    assertEquals(0, inbox.depth());
    assertEquals(List.of(), inbox.claim(10, Duration.ZERO));
  }

  @Test
  void aBodyCutAtTheSizeLimitIsNeverParsedAgain() throws Exception {
    // Its first bytes happen to be a whole event: still not one to hand to the handlers.
    byte[] firstBytes = delivery("cut", "1").body();
    inbox.append(quarantined("cut", "unknown", firstBytes, "too large: 6291456 bytes"));

    assertTrue(inbox.replay("cut"));

    DeliveryRecord record = inbox.find("cut").orElseThrow();
    assertEquals(DeliveryStatus.QUARANTINED, record.status());
    assertEquals("too large: 6291456 bytes", record.lastError());
    assertEquals(List.of(), inbox.claim(10, Duration.ZERO));
  }

  @Test
  void quarantinedDeliveriesSinceATimeAreParsedAgainTogether() throws Exception {
    inbox.append(quarantined("q-before", "unknown", delivery("q-before", "1").body(), "old"));
    clock.advance(Duration.ofHours(1));
    Instant since = clock.instant();
    inbox.append(quarantined("q-parses", "unknown", delivery("q-parses", "1").body(), "old"));
    inbox.append(quarantined("q-broken", "unknown", "{", "old"));
    deadLetter("dead");

    assertEquals(1, inbox.replayQuarantined(since), "how many parse now");
    assertEquals(0, inbox.replayDeadLetters(Instant.MAX));

    assertEquals("old", inbox.find("q-before").orElseThrow().lastError(), "before since");
    assertEquals(DeliveryStatus.QUARANTINED, inbox.find("q-before").orElseThrow().status());
    assertEquals(DeliveryStatus.PENDING, inbox.find("q-parses").orElseThrow().status());
    DeliveryRecord broken = inbox.find("q-broken").orElseThrow();
    assertEquals(DeliveryStatus.QUARANTINED, broken.status());
    assertTrue(broken.lastError().startsWith("malformed JSON"), broken.lastError());
    assertEquals(DeliveryStatus.DEAD, inbox.find("dead").orElseThrow().status(),
        "dead letters have replays of their own");
    assertEquals(List.of("q-parses"), ids(inbox.claim(10, Duration.ZERO)));
    assertEquals(1, inbox.replayQuarantined(Instant.MIN), "from the start: q-before parses");
    assertEquals(DeliveryStatus.QUARANTINED, inbox.find("q-broken").orElseThrow().status());
  }

  @Test
  void everyQuarantinedDeliveryIsParsedAgainHoweverManyThereAre() throws Exception {
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      String key = String.format("q-%02d", i);
      keys.add(key);
      inbox.append(quarantined(key, "unknown", delivery(key, "1").body(), "old"));
    }
    inbox.append(quarantined("q-broken", "unknown", "{", "old"));

    assertEquals(20, inbox.replayQuarantined(Instant.MIN));

    List<String> claimed = new ArrayList<>(ids(inbox.claim(100, Duration.ZERO)));
    java.util.Collections.sort(claimed);
    assertEquals(keys, claimed);
    assertEquals(DeliveryStatus.QUARANTINED, inbox.find("q-broken").orElseThrow().status());
  }

  @Test
  void replayingDeadLettersLeavesQuarantinedDeliveriesAlone() throws Exception {
    inbox.append(quarantined("q", "unknown", delivery("q", "1").body(), "old"));
    deadLetter("dead");

    assertEquals(1, inbox.replayDeadLetters(T0));

    assertEquals(DeliveryStatus.QUARANTINED, inbox.find("q").orElseThrow().status());
  }

  @Test
  protected void aStoredBodyThisVersionCannotParseIsQuarantinedWhenClaimedNotDeadLettered()
      throws Exception {
    if (!parsesStoredBodies()) {
      return; // it keeps the event it was given
    }
    // Parsed when it was stored, say by another version: now its body is not an event.
    InboundDelivery parsed = delivery("then-ok", "1");
    inbox.append(new InboundDelivery("then-ok", parsed.eventName(), parsed.receivedAt(),
        parsed.headers(), "{\"event_id\":\"then-ok\"}".getBytes(StandardCharsets.UTF_8),
        parsed.event()));
    inbox.append(delivery("fine", "1"));
    readStoredDeliveriesAgain();

    List<Claim> claims = inbox.claim(10, Duration.ZERO);
    assertEquals(List.of("fine"), ids(claims), "the others are still claimed");
    inbox.complete(claims.get(0), List.of());

    DeliveryRecord record = inbox.find("then-ok").orElseThrow();
    assertEquals(DeliveryStatus.QUARANTINED, record.status());
    assertTrue(record.lastError().contains("object_type"), record.lastError());
    assertEquals(0, inbox.depth());
    assertTrue(inbox.replay("then-ok"));
    assertEquals(DeliveryStatus.QUARANTINED, inbox.find("then-ok").orElseThrow().status());
  }

  /**
   * Makes the inbox read what it stored from its storage, not from memory, as after a restart.
   * The SQL inboxes hand a delivery they just stored to the workers from memory, with the event
   * this version parsed; they parse a stored body again only when they read it from the table.
   */
  protected void readStoredDeliveriesAgain() throws Exception {
  }

  // --- content no database refuses ---

  @Test
  void nulAndLoneSurrogatesInTheBodyNeverFailAnAppendAndDeDuplicationStaysExact()
      throws Exception {
    // JSON escapes put these very characters into the parsed strings.
    InboundDelivery nul = odd("e\\u0000nul", "cust\\u0000omer", "del\\u0000ivery",
        "Hi \\u0000 there");
    InboundDelivery high = odd("e\\ud800nul", "cust\\udc00omer", "del\\udfffivery",
        "Hi \\ud83d there");
    InboundDelivery replacement = odd("e\\ufffdnul", "x", "y", "z");
    InboundDelivery pair = odd("e\\ud83d\\ude00nul", "x", "y", "z");
    assertEquals("e\u0000nul", nul.eventId(), "the parser kept the NUL");

    for (InboundDelivery delivery : List.of(nul, high, replacement, pair)) {
      assertEquals(AppendResult.ACCEPTED, inbox.append(delivery), delivery.eventId());
    }
    for (InboundDelivery delivery : List.of(nul, high, replacement, pair)) {
      assertEquals(AppendResult.DUPLICATE, inbox.append(delivery), delivery.eventId());
    }
    assertEquals(4, inbox.depth(), "four different ids, four deliveries");

    DeliveryRecord stored = inbox.find(nul.eventId()).orElseThrow();
    assertEquals(StoredText.key(nul.eventId()), stored.eventId());
    assertTrue(stored.eventId().startsWith("e\ufffdnul~sha256:"), stored.eventId());
    assertEquals("cust\ufffdomer", stored.customerId());
    assertEquals(stored.eventId(), inbox.find(stored.eventId()).orElseThrow().eventId(),
        "the stored key finds it too");
    assertEquals("e\ud83d\ude00nul", inbox.find("e\ud83d\ude00nul").orElseThrow().eventId(),
        "a valid pair is stored as it is");
    // Filters compare cleaned text: NUL and lone surrogates alike stand for U+FFFD.
    List<String> both = List.of(StoredText.key(high.eventId()), stored.eventId());
    assertEquals(both, recordIds(query(null, null, "cust\u0000omer", null)));
    assertEquals(both, recordIds(text("del\u0000iv")), "by delivery id");

    Map<String, InboundDelivery> claimed = new java.util.HashMap<>();
    for (Claim claim : inbox.claim(10, Duration.ZERO)) {
      claimed.put(claim.delivery().eventId(), claim.delivery());
    }
    EmailEvent event = (EmailEvent) claimed.get(stored.eventId()).event();
    assertEquals("e\u0000nul", event.eventId(), "handlers get every character of the body");
    assertEquals("cust\u0000omer", event.identifiers().id());
    assertEquals("del\u0000ivery", event.deliveryId());
    assertEquals("Hi \u0000 there", event.subject());
    EmailEvent surrogates = (EmailEvent) claimed.get(StoredText.key(high.eventId())).event();
    assertEquals("Hi \ud83d there", surrogates.subject());
  }

  @Test
  void anyBodyBytesAndHeaderTextAreKeptExactlyOrCleaned() throws Exception {
    byte[] body = {0x00, (byte) 0xff, (byte) 0xfe, '{', (byte) 0xc3, 0x28, 0x00, (byte) 0xed,
        (byte) 0xa0, (byte) 0x80};
    Map<String, List<String>> headers = Map.of("X-CIO-Signature", List.of("sig"),
        "User-Agent", List.of("agent\u0000\ud800"));

    assertEquals(AppendResult.ACCEPTED, inbox.append(InboundDelivery.quarantined(
        "sha256:" + "cd".repeat(32), "unknown", clock.instant(), headers, body,
        "body is not UTF-8 JSON")));

    DeliveryRecord record = inbox.find("sha256:" + "cd".repeat(32)).orElseThrow();
    assertArrayEquals(body, record.body(), "the raw body, byte for byte");
    List<String> agent = record.headers().get("User-Agent");
    // Stored as JSON, the NUL is an escape and comes back; the lone surrogate is cleaned.
    assertEquals(List.of(parsesStoredBodies() ? "agent\u0000\ufffd" : "agent\u0000\ud800"),
        agent);
  }

  @Test
  void nulAndLoneSurrogatesInErrorsAndReasonsAreStoredToo() throws Exception {
    inbox.append(delivery("err", "1"));
    Claim claim = inbox.claim(1, Duration.ZERO).get(0);
    inbox.fail(claim, List.of(failed("H.h(SmsEvent)", "bad \u0000 byte \ud800")));
    DeliveryRecord record = inbox.find("err").orElseThrow();
    assertEquals(DeliveryStatus.RETRYING, record.status());
    assertTrue(record.lastError().startsWith("H.h(SmsEvent): bad "), record.lastError());

    assertEquals(AppendResult.ACCEPTED, inbox.append(quarantined("q\u0000", "unknown\ud800",
        "{\u0000", "unexpected \u0000 here")));
    DeliveryRecord quarantined = inbox.find("q\u0000").orElseThrow();
    assertEquals("unexpected \ufffd here", quarantined.lastError());
    assertEquals("unknown\ufffd", quarantined.eventName());
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
      var event = PARSER.parse(body);
      return new InboundDelivery(eventId, event.name(), clock.instant(),
          Map.of("X-CIO-Signature", List.of("sig")), body, event);
    } catch (MalformedEventException e) {
      throw new AssertionError(e);
    }
  }

  protected InboundDelivery quarantined(String key, String name, String body, String reason) {
    return quarantined(key, name, body.getBytes(StandardCharsets.UTF_8), reason);
  }

  protected InboundDelivery quarantined(String key, String name, byte[] body, String reason) {
    return InboundDelivery.quarantined(key, name, clock.instant(),
        Map.of("X-CIO-Signature", List.of("sig")), body, reason);
  }

  /**
   * An email_delivered whose fields are these JSON string literals (escapes and all), as the
   * parser reads it.
   */
  private InboundDelivery odd(String eventId, String customerId, String deliveryId,
      String subject) {
    String json = Payloads.of(CustomerIoEventType.EMAIL_DELIVERED, "EVENT", T0.getEpochSecond())
        .replace("\"EVENT\"", "\"" + eventId + "\"")
        .replace("\"id\":\"42\"", "\"id\":\"" + customerId + "\"")
        .replace("RPILAgUBcRhIBqSfeiIwdIYJKxTY", deliveryId)
        .replace("Welcome aboard", subject);
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    try {
      var event = PARSER.parse(body);
      return new InboundDelivery(event.eventId(), event.name(), clock.instant(),
          Map.of("X-CIO-Signature", List.of("sig")), body, event);
    } catch (MalformedEventException e) {
      throw new AssertionError(json, e);
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
