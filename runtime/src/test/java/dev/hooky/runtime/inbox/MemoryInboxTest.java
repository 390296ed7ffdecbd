package dev.hooky.runtime.inbox;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hooky.customerio.event.UnknownEvent;
import dev.hooky.runtime.parse.EventParser;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class MemoryInboxTest {
  private static final Duration WINDOW = Duration.ofHours(1);
  private static final EventParser PARSER = new EventParser();
  private static final long HISTORY_BODY_BYTES = MemoryInbox.HISTORY_BODY_BYTES;

  private final ManualClock clock = new ManualClock(Instant.parse("2024-04-19T00:00:00Z"));

  private MemoryInbox inbox(int capacity) {
    return new MemoryInbox(capacity, WINDOW, 1_000, PARSER, clock);
  }

  private InboundDelivery delivery(String eventId) {
    String body = "{\"event_id\":\"" + eventId + "\",\"object_type\":\"fax\",\"metric\":\"sent\"}";
    return new InboundDelivery(eventId, "fax_sent", clock.instant(),
        Map.of("X-CIO-Timestamp", List.of("1713484800")), body.getBytes(StandardCharsets.UTF_8),
        new UnknownEvent(eventId, "fax", "sent",
            Optional.of(Instant.parse("2024-04-19T00:00:00Z")), null, null, null));
  }

  private static List<String> ids(List<Claim> claims) {
    return claims.stream().map(c -> c.delivery().eventId()).collect(Collectors.toList());
  }

  // --- append ---

  @Test
  void aNewEventIsAcceptedAndTheSameEventIdAgainIsADuplicate() {
    MemoryInbox inbox = inbox(10);
    assertEquals(AppendResult.ACCEPTED, inbox.append(delivery("a")));
    assertEquals(AppendResult.DUPLICATE, inbox.append(delivery("a")));
    assertEquals(AppendResult.ACCEPTED, inbox.append(delivery("b")));
    assertEquals(2, inbox.depth(), "a duplicate is not queued");
  }

  @Test
  void anEventIsStillADuplicateAfterItWasClaimed() throws Exception {
    MemoryInbox inbox = inbox(10);
    inbox.append(delivery("a"));
    assertEquals(List.of("a"), ids(inbox.claim(10, Duration.ZERO)));
    assertEquals(AppendResult.DUPLICATE, inbox.append(delivery("a")));
    assertEquals(0, inbox.depth());
  }

  @Test
  void beyondCapacityAppendAnswersFull() {
    MemoryInbox inbox = inbox(2);
    assertEquals(AppendResult.ACCEPTED, inbox.append(delivery("a")));
    assertEquals(AppendResult.ACCEPTED, inbox.append(delivery("b")));
    assertEquals(AppendResult.FULL, inbox.append(delivery("c")));
    assertEquals(AppendResult.FULL, inbox.append(delivery("d")));
    assertEquals(2, inbox.depth());
    assertEquals(AppendResult.DUPLICATE, inbox.append(delivery("a")),
        "an event already stored is a duplicate even when the inbox is full");
  }

  @Test
  void anEventRefusedAsFullIsAcceptedWhenSentAgainLater() throws Exception {
    MemoryInbox inbox = inbox(1);
    inbox.append(delivery("a"));
    assertEquals(AppendResult.FULL, inbox.append(delivery("b")));

    assertEquals(List.of("a"), ids(inbox.claim(1, Duration.ZERO)));
    assertEquals(AppendResult.ACCEPTED, inbox.append(delivery("b")),
        "FULL must not mark the event id as seen");
    assertEquals(List.of("b"), ids(inbox.claim(1, Duration.ZERO)));
  }

  @Test
  void anEventIdIsForgottenAfterTheDedupWindow() throws Exception {
    MemoryInbox inbox = inbox(10);
    inbox.append(delivery("a"));
    inbox.claim(10, Duration.ZERO);

    clock.advance(WINDOW.minusMinutes(1));
    assertEquals(AppendResult.DUPLICATE, inbox.append(delivery("a")));

    clock.advance(Duration.ofMinutes(2));
    assertEquals(AppendResult.ACCEPTED, inbox.append(delivery("a")));
    assertEquals(1, inbox.depth());
  }

  @Test
  void anEventIdIsADuplicateUntilTheLastMillisecondOfTheWindow() throws Exception {
    MemoryInbox inbox = inbox(10);
    inbox.append(delivery("edge"));
    inbox.complete(inbox.claim(1, Duration.ZERO).get(0), List.of());

    clock.advance(WINDOW);
    assertEquals(AppendResult.DUPLICATE, inbox.append(delivery("edge")));
    clock.advance(Duration.ofMillis(1));
    assertEquals(AppendResult.ACCEPTED, inbox.append(delivery("edge")));
    assertEquals(List.of("edge"), ids(inbox.claim(10, Duration.ZERO)));
  }

  @Test
  void beyondDedupMaxEntriesTheOldestEventIdIsForgotten() throws Exception {
    MemoryInbox inbox = new MemoryInbox(10, WINDOW, 2, PARSER, clock);
    inbox.append(delivery("a"));
    inbox.append(delivery("b"));
    inbox.append(delivery("c"));
    inbox.claim(10, Duration.ZERO);

    assertEquals(AppendResult.DUPLICATE, inbox.append(delivery("c")));
    assertEquals(AppendResult.DUPLICATE, inbox.append(delivery("b")));
    assertEquals(AppendResult.ACCEPTED, inbox.append(delivery("a")));
  }

  @Test
  void quarantinedDeliveriesTakeNoRoomFromThoseWaitingForHandlers() throws Exception {
    MemoryInbox inbox = inbox(1);
    for (String key : List.of("q1", "q2", "q3")) {
      assertEquals(AppendResult.ACCEPTED, inbox.append(InboundDelivery.quarantined(key,
          "unknown", clock.instant(), Map.of(), new byte[] {'{'}, "malformed JSON")));
    }
    assertEquals(0, inbox.depth());
    assertEquals(AppendResult.ACCEPTED, inbox.append(delivery("a")));
    assertEquals(List.of("a"), ids(inbox.claim(10, Duration.ZERO)));
  }

  @Test
  void aClaimOfAQuarantinedDeliveryCannotBeMade() {
    InboundDelivery quarantined = InboundDelivery.quarantined("q", "unknown", clock.instant(),
        Map.of(), new byte[] {'{'}, "malformed JSON");
    assertThrows(IllegalArgumentException.class, () -> new Claim(1, quarantined, 1, Set.of()));
  }

  @Test
  void rememberedSinceFollowsTheWindowThenTheNewestIdForgottenForRoom() throws Exception {
    MemoryInbox inbox = new MemoryInbox(10, WINDOW, 2, PARSER, clock);
    Instant a = clock.instant();
    inbox.append(delivery("a"));
    assertEquals(a.minus(WINDOW), inbox.rememberedSince());
    clock.advance(Duration.ofSeconds(1));
    inbox.append(delivery("b"));
    clock.advance(Duration.ofSeconds(1));
    inbox.append(delivery("c")); // "a" is forgotten to make room

    assertEquals(a.plusMillis(1), inbox.rememberedSince());
    assertEquals(AppendResult.DUPLICATE, inbox.append(delivery("b")),
        "b, appended after rememberedSince, is remembered");
    assertEquals(AppendResult.ACCEPTED, inbox.append(delivery("a")),
        "a, appended before it, was forgotten: as promised, rememberedSince excluded it");
  }

  // --- claim ---

  @Test
  void claimTakesUpToMaxInArrivalOrder() throws Exception {
    MemoryInbox inbox = inbox(10);
    for (String id : List.of("1", "2", "3", "4", "5")) {
      inbox.append(delivery(id));
    }

    assertEquals(List.of("1", "2", "3"), ids(inbox.claim(3, Duration.ZERO)));
    assertEquals(2, inbox.depth());
    assertEquals(List.of("4", "5"), ids(inbox.claim(10, Duration.ZERO)));
    assertEquals(0, inbox.depth());
  }

  @Test
  void aClaimIsTheFirstAttemptOfTheDeliveryAsAppended() throws Exception {
    MemoryInbox inbox = inbox(10);
    InboundDelivery delivery = delivery("a");
    inbox.append(delivery);

    Claim claim = inbox.claim(1, Duration.ZERO).get(0);
    assertSame(delivery, claim.delivery());
    assertEquals(1, claim.attempt());
    assertTrue(claim.succeededHandlers().isEmpty());
  }

  @Test
  void dueDeliveriesAreClaimedByDueTimeRetriesAndNewOnesAlike() throws Exception {
    MemoryInbox inbox = new MemoryInbox(10, WINDOW, 1_000,
        new RetryPolicy(3, Duration.ofSeconds(10), 2.0, Duration.ofMinutes(1), 0.0), PARSER,
        clock);
    inbox.append(delivery("retried"));
    inbox.fail(inbox.claim(1, Duration.ZERO).get(0),
        List.of(new HandlerOutcome("h", Duration.ZERO, "boom"))); // due again 10 s from now
    clock.advance(Duration.ofSeconds(5));
    inbox.append(delivery("earlier"));
    clock.advance(Duration.ofSeconds(5));
    inbox.append(delivery("as-due"));
    inbox.append(delivery("later")); // due now too, but appended after

    assertEquals(List.of("earlier", "retried", "as-due"), ids(inbox.claim(3, Duration.ZERO)),
        "by due time; the retry, older, before a new one due at the same time");
    assertEquals(List.of("later"), ids(inbox.claim(3, Duration.ZERO)));
  }

  @Test
  void aDeliveryReplayedWhileItsHandlersRunIsNotHandedOutTwiceAndItsOutcomeCounts()
      throws Exception {
    MemoryInbox inbox = inbox(10);
    inbox.append(delivery("running"));
    Claim running = inbox.claim(1, Duration.ZERO).get(0);

    assertTrue(inbox.replay("running"));

    assertEquals(List.of(), inbox.claim(10, Duration.ZERO), "not twice at once");
    assertEquals(0, inbox.depth());
    inbox.complete(running, List.of(new HandlerOutcome("h", Duration.ZERO, null)));
    DeliveryRecord record = inbox.find("running").orElseThrow();
    assertEquals(DeliveryStatus.HANDLED, record.status());
    assertEquals(1, record.replays());
  }

  @Test
  void aDeliveryReplayedBeforeItsFirstClaimIsClaimedOnce() throws Exception {
    MemoryInbox inbox = inbox(10);
    inbox.append(delivery("early"));

    assertTrue(inbox.replay("early"));

    assertEquals(1, inbox.depth());
    assertEquals(List.of("early"), ids(inbox.claim(10, Duration.ZERO)));
    assertEquals(List.of(), inbox.claim(10, Duration.ZERO));
    assertEquals(0, inbox.depth());
  }

  @Test
  void claimReturnsEmptyWhenNothingArrivesInTime() throws Exception {
    MemoryInbox inbox = inbox(10);
    long start = System.nanoTime();
    assertEquals(List.of(), inbox.claim(10, Duration.ofMillis(50)));
    assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(50),
        "claim waited for the time given");
    assertEquals(List.of(), inbox.claim(10, Duration.ZERO));
  }

  @Test
  void aWaitingClaimTakesADeliveryAppendedMeanwhile() throws Exception {
    MemoryInbox inbox = inbox(10);
    CountDownLatch claiming = new CountDownLatch(1);
    CompletableFuture<List<Claim>> claimed = CompletableFuture.supplyAsync(() -> {
      claiming.countDown();
      try {
        return inbox.claim(10, Duration.ofSeconds(5));
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    assertTrue(claiming.await(5, TimeUnit.SECONDS));

    inbox.append(delivery("late"));
    assertEquals(List.of("late"), ids(claimed.get(5, TimeUnit.SECONDS)));
  }

  // --- outcomes ---

  @Test
  void aCompletedDeliveryLeavesNothingToClaim() throws Exception {
    MemoryInbox inbox = inbox(10);
    inbox.append(delivery("ok"));
    List<Claim> claims = inbox.claim(10, Duration.ZERO);

    inbox.complete(claims.get(0), List.of(new HandlerOutcome("h", Duration.ofMillis(1), null)));

    assertEquals(0, inbox.depth());
    assertEquals(List.of(), inbox.claim(10, Duration.ZERO));
    assertEquals(AppendResult.DUPLICATE, inbox.append(delivery("ok")));
  }

  @Test
  void finishedDeliveriesAreKeptUpToTheBytesOfTheirBodiesOldestDroppedFirst() throws Exception {
    // Each test body is about 60 bytes: room for three finished ones.
    long bodyBytes = delivery("done-0").body().length;
    MemoryInbox inbox = new MemoryInbox(10, WINDOW, 1_000, RetryPolicy.DEFAULT, PARSER, clock,
        1_000, 3 * bodyBytes + bodyBytes / 2, 10, HISTORY_BODY_BYTES);
    for (int i = 0; i < 5; i++) {
      inbox.append(delivery("done-" + i));
      Claim claim = inbox.claim(1, Duration.ZERO).get(0);
      inbox.complete(claim, List.of(new HandlerOutcome("h", Duration.ofMillis(1), null)));
    }

    assertTrue(inbox.find("done-0").isEmpty(), "the oldest went first");
    assertTrue(inbox.find("done-1").isEmpty());
    for (int i = 2; i < 5; i++) {
      assertEquals(DeliveryStatus.HANDLED, inbox.find("done-" + i).orElseThrow().status());
    }
    assertEquals(AppendResult.DUPLICATE, inbox.append(delivery("done-0")),
        "dropped from Live Logs, still remembered as seen");
  }

  @Test
  void aHandledDeliveryKeepsItsWholeHistoryAndHeadersAndAReplayAddsToThem() throws Exception {
    MemoryInbox inbox = inbox(10);
    inbox.append(delivery("kept"));
    Claim first = inbox.claim(1, Duration.ZERO).get(0);
    inbox.fail(first, List.of(new HandlerOutcome("h", Duration.ofMillis(3), "IOException: down")));
    clock.advance(Duration.ofHours(1));
    Instant retriedAt = clock.instant();
    Claim second = inbox.claim(1, Duration.ZERO).get(0);
    inbox.complete(second, List.of(new HandlerOutcome("h", Duration.ofMillis(5), null)));

    DeliveryRecord handled = inbox.find("kept").orElseThrow();
    assertEquals(DeliveryStatus.HANDLED, handled.status());
    assertEquals(2, handled.attempts());
    assertEquals(Map.of("X-CIO-Timestamp", List.of("1713484800")), handled.headers());
    assertEquals(List.of(
        new AttemptRecord(1, "h", handled.history().get(0).startedAt(), Duration.ofMillis(3),
            "IOException: down"),
        new AttemptRecord(2, "h", retriedAt.minusMillis(5), Duration.ofMillis(5), null)),
        handled.history());
    assertEquals(Duration.ofMillis(8), handled.handlerTime());
    assertEquals(1, inbox.query(new DeliveryQuery(null, "fax_sent", null, null, null, null, 10))
        .size());

    assertTrue(inbox.replay("kept"));
    Claim replayed = inbox.claim(1, Duration.ZERO).get(0);
    assertEquals("kept", replayed.delivery().eventId());
    assertEquals(handled.headers(), replayed.delivery().headers());
    assertEquals(3, inbox.find("kept").orElseThrow().history().size(), "the replay is recorded");
  }

  @Test
  void finishedDeliveriesExactlyFillingTheBytesKeptAreAllKept() throws Exception {
    long bodyBytes = delivery("full-0").body().length;
    MemoryInbox inbox = new MemoryInbox(10, WINDOW, 1_000, RetryPolicy.DEFAULT, PARSER, clock,
        1_000, 3 * bodyBytes, 10, HISTORY_BODY_BYTES);
    for (int i = 0; i < 3; i++) {
      handle(inbox, "full-" + i);
    }

    for (int i = 0; i < 3; i++) {
      assertEquals(DeliveryStatus.HANDLED, inbox.find("full-" + i).orElseThrow().status());
    }
  }

  @Test
  void theNewestFinishedDeliveryStaysEvenWhenItsBodyAloneIsOverTheBytesKept() throws Exception {
    MemoryInbox inbox = new MemoryInbox(10, WINDOW, 1_000, RetryPolicy.DEFAULT, PARSER, clock,
        1_000, 1, 10, HISTORY_BODY_BYTES);
    inbox.append(delivery("big"));
    Claim claim = inbox.claim(1, Duration.ZERO).get(0);
    inbox.complete(claim, List.of(new HandlerOutcome("h", Duration.ofMillis(1), null)));

    assertEquals(DeliveryStatus.HANDLED, inbox.find("big").orElseThrow().status());
  }

  @Test
  void finishedDeliveriesAreKeptUpToTheirNumberOldestDroppedFirst() throws Exception {
    MemoryInbox inbox = keepingFinished(3);
    for (int i = 0; i < 5; i++) {
      handle(inbox, "done-" + i);
    }

    assertTrue(inbox.find("done-0").isEmpty(), "the oldest went first");
    assertTrue(inbox.find("done-1").isEmpty());
    for (int i = 2; i < 5; i++) {
      assertEquals(DeliveryStatus.HANDLED, inbox.find("done-" + i).orElseThrow().status());
    }
    assertEquals(AppendResult.DUPLICATE, inbox.append(delivery("done-0")),
        "dropped from Live Logs, still remembered as seen");
  }

  @Test
  void deliveriesWaitingOrBeingHandledAreNeverDroppedToMakeRoomForFinishedOnes()
      throws Exception {
    MemoryInbox inbox = keepingFinished(1);
    inbox.append(delivery("waiting"));
    inbox.append(delivery("retrying"));
    inbox.append(delivery("in-flight"));
    inbox.append(delivery("done-0"));
    inbox.append(delivery("done-1"));
    List<Claim> claims = inbox.claim(10, Duration.ZERO);
    assertEquals(List.of("waiting", "retrying", "in-flight", "done-0", "done-1"), ids(claims));
    inbox.fail(claims.get(0), List.of());
    inbox.replay("waiting"); // pending again, due now
    inbox.fail(claims.get(1), List.of(new HandlerOutcome("h", Duration.ZERO, "boom")));

    inbox.complete(claims.get(3), List.of());
    inbox.complete(claims.get(4), List.of());

    assertTrue(inbox.find("done-0").isEmpty(), "the older finished one made room");
    assertEquals(DeliveryStatus.UNHANDLED, inbox.find("done-1").orElseThrow().status());
    assertEquals(DeliveryStatus.PENDING, inbox.find("waiting").orElseThrow().status());
    assertEquals(DeliveryStatus.RETRYING, inbox.find("retrying").orElseThrow().status());
    assertEquals(1, inbox.find("in-flight").orElseThrow().attempts());
    inbox.complete(claims.get(2), List.of(new HandlerOutcome("h", Duration.ZERO, null)));
    assertEquals(DeliveryStatus.HANDLED, inbox.find("in-flight").orElseThrow().status(),
        "its outcome was recorded: it had been kept while it ran");
  }

  @Test
  void deadAndQuarantinedDeliveriesAreKeptApartFromTheHandledOnes() throws Exception {
    MemoryInbox inbox = keepingFailures(2, 10, HISTORY_BODY_BYTES);
    quarantine(inbox, "q");
    handle(inbox, "done-0");
    kill(inbox, "dead");

    for (int i = 1; i < 5; i++) {
      handle(inbox, "done-" + i);
    }

    assertEquals(DeliveryStatus.QUARANTINED, inbox.find("q").orElseThrow().status(),
        "a stream of handled events does not push out what needs attention");
    assertEquals(DeliveryStatus.DEAD, inbox.find("dead").orElseThrow().status());
    assertTrue(inbox.find("done-2").isEmpty(), "five handled, two kept");
    assertEquals(DeliveryStatus.HANDLED, inbox.find("done-3").orElseThrow().status());
    assertEquals(DeliveryStatus.HANDLED, inbox.find("done-4").orElseThrow().status());
  }

  @Test
  void deadAndQuarantinedDeliveriesAreKeptUpToTheirOwnNumberOldestDroppedFirst()
      throws Exception {
    MemoryInbox inbox = keepingFailures(10, 2, HISTORY_BODY_BYTES);
    quarantine(inbox, "q");
    kill(inbox, "dead-1");
    handle(inbox, "done");
    kill(inbox, "dead-2");

    assertTrue(inbox.find("q").isEmpty(), "three failed, two kept: the oldest went");
    assertEquals(DeliveryStatus.DEAD, inbox.find("dead-1").orElseThrow().status());
    assertEquals(DeliveryStatus.DEAD, inbox.find("dead-2").orElseThrow().status());
    assertEquals(DeliveryStatus.HANDLED, inbox.find("done").orElseThrow().status());
  }

  @Test
  void deadAndQuarantinedDeliveriesAreKeptUpToTheBytesOfTheirBodies() throws Exception {
    long bodyBytes = delivery("dead-0").body().length;
    MemoryInbox inbox = keepingFailures(10, 10, 2 * bodyBytes);
    for (int i = 0; i < 3; i++) {
      kill(inbox, "dead-" + i);
    }

    assertTrue(inbox.find("dead-0").isEmpty(), "room for two bodies: the oldest went");
    assertEquals(DeliveryStatus.DEAD, inbox.find("dead-1").orElseThrow().status());
    assertEquals(DeliveryStatus.DEAD, inbox.find("dead-2").orElseThrow().status());
  }

  @Test
  void aDeadLetterReplayedAndDeadAgainIsKeptOnceAsTheNewest() throws Exception {
    MemoryInbox inbox = keepingFailures(10, 2, HISTORY_BODY_BYTES);
    kill(inbox, "a");
    kill(inbox, "b");
    assertTrue(inbox.replay("a"));
    inbox.fail(inbox.claim(1, Duration.ZERO).get(0), List.of());

    kill(inbox, "c");

    assertTrue(inbox.find("b").isEmpty(), "b died before a died again: b went");
    assertEquals(DeliveryStatus.DEAD, inbox.find("a").orElseThrow().status());
    assertEquals(DeliveryStatus.DEAD, inbox.find("c").orElseThrow().status());
  }

  @Test
  void aPurgedDeliveryIsCountedOnceSoTheOldestKeptStillMakesRoom() throws Exception {
    MemoryInbox inbox = keepingFinished(3);
    handle(inbox, "purged");
    clock.advance(Duration.ofMinutes(1));
    handle(inbox, "b");
    handle(inbox, "c");
    assertEquals(1, inbox.purge(clock.instant()));
    handle(inbox, "d");

    handle(inbox, "e");

    assertTrue(inbox.find("b").isEmpty(), "four handled since the purge, three kept: b went");
    assertEquals(3, inbox.query(DeliveryQuery.latest(10)).size());
  }

  @Test
  void deadLettersReplayedTogetherAreKeptInTheOrderTheyDieAgain() throws Exception {
    MemoryInbox inbox = keepingFailures(10, 2, HISTORY_BODY_BYTES);
    kill(inbox, "a");
    kill(inbox, "b");
    assertEquals(2, inbox.replayDeadLetters(Instant.EPOCH));
    List<Claim> again = inbox.claim(2, Duration.ZERO);
    assertEquals(List.of("a", "b"), ids(again));
    inbox.fail(again.get(1), List.of()); // b dies again first
    inbox.fail(again.get(0), List.of());

    kill(inbox, "c");

    assertTrue(inbox.find("b").isEmpty(), "b died again before a: b went");
    assertEquals(DeliveryStatus.DEAD, inbox.find("a").orElseThrow().status());
    assertEquals(DeliveryStatus.DEAD, inbox.find("c").orElseThrow().status());
  }

  @Test
  void aQuarantinedDeliveryThatParsesOnReplayLeavesTheFailuresKept() throws Exception {
    MemoryInbox inbox = keepingFailures(10, 2, HISTORY_BODY_BYTES);
    InboundDelivery parsable = delivery("q");
    assertEquals(AppendResult.ACCEPTED, inbox.append(InboundDelivery.quarantined("q", "fax_sent",
        clock.instant(), parsable.headers(), parsable.body(), "unknown at the time")));
    kill(inbox, "x");
    assertEquals(1, inbox.replayQuarantined(Instant.EPOCH));
    Claim replayed = inbox.claim(1, Duration.ZERO).get(0);
    inbox.complete(replayed, List.of(new HandlerOutcome("h", Duration.ZERO, null)));
    kill(inbox, "y");

    kill(inbox, "z");

    assertTrue(inbox.find("x").isEmpty(), "x, y and z dead, two kept: x went");
    assertEquals(DeliveryStatus.HANDLED, inbox.find("q").orElseThrow().status(),
        "handled now, it is no longer among the failures");
  }

  @Test
  void theHistoryMustBePositive() {
    assertThrows(IllegalArgumentException.class, () -> new MemoryInbox(10, 0, WINDOW, 10,
        RetryPolicy.DEFAULT, PARSER, clock));
    assertDoesNotThrow(() -> new MemoryInbox(10, 1, WINDOW, 10, RetryPolicy.DEFAULT, PARSER,
        clock));
  }

  @Test
  void theHistoryKeptIsTheOneGiven() throws Exception {
    MemoryInbox inbox = new MemoryInbox(10, 2, WINDOW, 1_000, RetryPolicy.DEFAULT, PARSER, clock);
    for (int i = 0; i < 3; i++) {
      handle(inbox, "done-" + i);
    }

    assertTrue(inbox.find("done-0").isEmpty());
    assertEquals(DeliveryStatus.HANDLED, inbox.find("done-1").orElseThrow().status());
  }

  @Test
  void byDefaultAThousandHandledDeliveriesAreKept() throws Exception {
    MemoryInbox inbox = inbox(10);
    for (int i = 0; i <= MemoryInbox.DEFAULT_HISTORY; i++) {
      handle(inbox, "done-" + i);
    }

    assertTrue(inbox.find("done-0").isEmpty());
    assertEquals(DeliveryStatus.HANDLED, inbox.find("done-1").orElseThrow().status());
    assertEquals(1_000, MemoryInbox.DEFAULT_HISTORY);
  }

  @Test
  void aReplayedDeliveryNoLongerCountsAsFinished() throws Exception {
    MemoryInbox inbox = keepingFinished(2);
    handle(inbox, "a");
    handle(inbox, "b");
    assertTrue(inbox.replay("a")); // due again: one finished delivery left
    assertEquals(List.of("a"), ids(inbox.claim(1, Duration.ZERO)));

    handle(inbox, "c");

    assertEquals(DeliveryStatus.HANDLED, inbox.find("b").orElseThrow().status(),
        "two finished, two kept: nothing dropped");
    assertEquals(DeliveryStatus.HANDLED, inbox.find("c").orElseThrow().status());
    assertEquals(DeliveryStatus.PENDING, inbox.find("a").orElseThrow().status());
  }

  @Test
  void purgedDeliveriesAreGoneAndNoLongerTakeRoomFromTheFinishedOnesKept() throws Exception {
    MemoryInbox inbox = keepingFinished(3);
    handle(inbox, "old-1");
    handle(inbox, "old-2");
    clock.advance(Duration.ofMinutes(1));
    handle(inbox, "kept");

    assertEquals(2, inbox.purge(clock.instant()), "handled before the cutoff");

    assertTrue(inbox.find("old-1").isEmpty());
    assertTrue(inbox.find("old-2").isEmpty());
    assertEquals(List.of("kept"), inbox.query(DeliveryQuery.latest(10)).stream()
        .map(DeliveryRecord::eventId).collect(Collectors.toList()));
    assertEquals(0, inbox.purge(clock.instant()), "handled at the cutoff stays");
    handle(inbox, "new-1");
    handle(inbox, "new-2");
    assertEquals(DeliveryStatus.HANDLED, inbox.find("kept").orElseThrow().status(),
        "three finished, three kept: the purged ones freed their room");
  }

  @Test
  void everyOperationLeavesTheInboxFreeForTheNextThread() throws Exception {
    // Each call runs on a thread of its own: one that kept the lock would block all the others.
    MemoryInbox inbox = new MemoryInbox(10, WINDOW, 1_000,
        new RetryPolicy(2, Duration.ZERO, 1.0, Duration.ZERO, 0.0), PARSER, clock);
    onAnotherThread(() -> inbox.append(delivery("a")));
    onAnotherThread(() -> inbox.append(InboundDelivery.quarantined("q", "unknown",
        clock.instant(), Map.of(), delivery("q").body(), "old reason")));
    Claim first = onAnotherThread(() -> inbox.claim(1, Duration.ZERO).get(0));
    onAnotherThread(() -> {
      inbox.fail(first, List.of(new HandlerOutcome("h", Duration.ZERO, "boom")));
      return null;
    });
    Claim second = onAnotherThread(() -> inbox.claim(1, Duration.ZERO).get(0));
    onAnotherThread(() -> {
      inbox.fail(second, List.of()); // the last attempt: dead
      return null;
    });
    assertEquals(DeliveryStatus.DEAD, onAnotherThread(() -> inbox.find("a")).orElseThrow()
        .status());
    assertEquals(1, (int) onAnotherThread(() -> inbox.replayDeadLetters(Instant.MIN)));
    assertTrue(onAnotherThread(() -> inbox.replay("a")));
    Claim third = onAnotherThread(() -> inbox.claim(1, Duration.ZERO).get(0));
    onAnotherThread(() -> {
      inbox.complete(third, List.of());
      return null;
    });
    assertEquals(1, (int) onAnotherThread(() -> inbox.replayQuarantined(Instant.MIN)));
    assertEquals(List.of("q"), ids(onAnotherThread(() -> inbox.claim(1, Duration.ZERO))));
    assertEquals(2, onAnotherThread(() -> inbox.query(DeliveryQuery.latest(10))).size());
    clock.advance(Duration.ofSeconds(1));
    assertEquals(1, (int) onAnotherThread(() -> inbox.purge(clock.instant())));
    assertEquals(List.of(), onAnotherThread(() -> inbox.claim(1, Duration.ofMillis(1))));
    assertEquals(0, (int) onAnotherThread(inbox::depth));
  }

  /** Runs {@code call} on a new daemon thread, failing if it takes more than 5 s. */
  private static <T> T onAnotherThread(Callable<T> call) throws Exception {
    FutureTask<T> task = new FutureTask<>(call);
    Thread thread = new Thread(task, "another-thread");
    thread.setDaemon(true); // left blocked, should the test fail
    thread.start();
    return task.get(5, TimeUnit.SECONDS);
  }

  private MemoryInbox keepingFinished(int finishedKept) {
    return new MemoryInbox(10, WINDOW, 1_000, RetryPolicy.DEFAULT, PARSER, clock, finishedKept,
        HISTORY_BODY_BYTES, 10, HISTORY_BODY_BYTES);
  }

  private MemoryInbox keepingFailures(int historyKept, int failuresKept, long failureBodyBytes) {
    return new MemoryInbox(10, WINDOW, 1_000, new RetryPolicy(1, Duration.ZERO, 1.0,
        Duration.ZERO, 0.0), PARSER, clock, historyKept, HISTORY_BODY_BYTES, failuresKept,
        failureBodyBytes);
  }

  private void quarantine(MemoryInbox inbox, String eventId) {
    assertEquals(AppendResult.ACCEPTED, inbox.append(InboundDelivery.quarantined(eventId,
        "unknown", clock.instant(), Map.of(), new byte[] {'{'}, "malformed JSON")));
  }

  /** Appends and claims {@code eventId}, and fails its only attempt: a dead letter. */
  private void kill(MemoryInbox inbox, String eventId) throws Exception {
    assertEquals(AppendResult.ACCEPTED, inbox.append(delivery(eventId)));
    Claim claim = inbox.claim(1, Duration.ZERO).get(0);
    assertEquals(eventId, claim.delivery().eventId());
    inbox.fail(claim, List.of(new HandlerOutcome("h", Duration.ZERO, "boom")));
  }

  /** Appends, claims and completes {@code eventId}. */
  private void handle(MemoryInbox inbox, String eventId) throws Exception {
    assertEquals(AppendResult.ACCEPTED, inbox.append(delivery(eventId)));
    Claim claim = inbox.claim(1, Duration.ZERO).get(0);
    assertEquals(eventId, claim.delivery().eventId());
    inbox.complete(claim, List.of(new HandlerOutcome("h", Duration.ofMillis(1), null)));
  }

  @Test
  void aFailedDeliveryWaitsForItsRetry() throws Exception {
    MemoryInbox inbox = inbox(10);
    inbox.append(delivery("failed"));
    Claim first = inbox.claim(10, Duration.ZERO).get(0);

    inbox.fail(first, List.of(new HandlerOutcome("h", Duration.ofMillis(1), "boom")));

    assertEquals(1, inbox.depth(), "it waits for its retry");
    assertEquals(List.of(), inbox.claim(10, Duration.ZERO), "not before the backoff");
    assertEquals(AppendResult.DUPLICATE, inbox.append(delivery("failed")));
  }

  // --- the rest ---

  @Test
  void capacityMustBePositive() {
    assertThrows(IllegalArgumentException.class, () -> new MemoryInbox(0, WINDOW, 10, PARSER, clock));
  }

  @Test
  void theDescriptionTellsTheCapacityAndThatItIsNotDurable() {
    String description = inbox(42).describe();
    assertTrue(description.contains("memory") && description.contains("42"), description);
    assertTrue(description.contains("not durable"), description);
  }

  @Test
  void concurrentAppendsOfTheSameEventsAcceptEachExactlyOnce() throws Exception {
    MemoryInbox inbox = inbox(1_000);
    Map<String, AtomicInteger> accepted = new ConcurrentHashMap<>();
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService threads = Executors.newFixedThreadPool(8);
    try {
      List<Callable<Void>> senders = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        senders.add(() -> {
          go.await();
          for (int i = 0; i < 200; i++) {
            String id = "e" + i;
            if (inbox.append(delivery(id)) == AppendResult.ACCEPTED) {
              accepted.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
            }
          }
          return null;
        });
      }
      List<Future<Void>> running = new ArrayList<>();
      for (Callable<Void> sender : senders) {
        running.add(threads.submit(sender));
      }
      go.countDown();
      for (Future<Void> sender : running) {
        sender.get(10, TimeUnit.SECONDS);
      }
    } finally {
      threads.shutdownNow();
    }
    assertEquals(200, accepted.size());
    assertTrue(accepted.values().stream().allMatch(n -> n.get() == 1), accepted.toString());
    assertEquals(200, inbox.depth());
  }

  @Test
  void workersClaimingWhileRequestsAppendTakeEveryDeliveryExactlyOnce() throws Exception {
    MemoryInbox inbox = inbox(100);
    int events = 20_000;
    Map<String, AtomicInteger> claimed = new ConcurrentHashMap<>();
    AtomicInteger full = new AtomicInteger();
    ExecutorService threads = Executors.newFixedThreadPool(6);
    try {
      List<Future<?>> appenders = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int first = t;
        appenders.add(threads.submit(() -> {
          for (int i = first; i < events; i += 4) {
            // A full inbox answers 503 and Customer.io sends the event again: so does this.
            while (inbox.append(delivery("e" + i)) == AppendResult.FULL) {
              full.incrementAndGet();
              Thread.onSpinWait();
            }
          }
          return null;
        }));
      }
      List<Future<?>> workers = new ArrayList<>();
      for (int w = 0; w < 2; w++) {
        workers.add(threads.submit(() -> {
          while (claimed.size() < events) {
            for (Claim claim : inbox.claim(16, Duration.ofMillis(20))) {
              claimed.computeIfAbsent(claim.delivery().eventId(), id -> new AtomicInteger())
                  .incrementAndGet();
              inbox.complete(claim, List.of(new HandlerOutcome("h", Duration.ZERO, null)));
            }
          }
          return null;
        }));
      }
      for (Future<?> appender : appenders) {
        appender.get(30, TimeUnit.SECONDS);
      }
      for (Future<?> worker : workers) {
        worker.get(30, TimeUnit.SECONDS);
      }
    } finally {
      threads.shutdownNow();
    }
    assertEquals(events, claimed.size());
    assertTrue(claimed.values().stream().allMatch(n -> n.get() == 1), "claimed twice");
    assertEquals(0, inbox.depth());
    assertEquals(List.of(), inbox.claim(16, Duration.ZERO));
    assertTrue(full.get() > 0, "the capacity of 100 was never reached: the test tests little");
  }
}
