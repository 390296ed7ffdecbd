package dev.hooky.runtime.inbox.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hooky.customerio.CustomerIoEventType;
import dev.hooky.runtime.inbox.AttemptRecord;
import dev.hooky.runtime.inbox.Claim;
import dev.hooky.runtime.inbox.DeliveryRecord;
import dev.hooky.runtime.inbox.DeliveryStatus;
import dev.hooky.runtime.inbox.HandlerOutcome;
import dev.hooky.runtime.inbox.InboundDelivery;
import dev.hooky.runtime.inbox.ManualClock;
import dev.hooky.runtime.inbox.RetryPolicy;
import dev.hooky.runtime.parse.EventParser;
import dev.hooky.runtime.testing.Payloads;
import dev.hooky.runtime.testing.StandardErrorCapture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SQLite inbox's group commit of outcomes: the outcomes many workers record while a commit
 * runs are written together, in one transaction, each with its history; one voided meanwhile
 * (a replay) changes nothing and leaves its row to run again.
 */
class SqliteGroupCommitTest {
  private static final Instant T0 = Instant.parse("2026-12-07T12:00:00Z");
  private final EventParser parser = new EventParser();
  private final AtomicInteger transactions = new AtomicInteger();
  private volatile CountDownLatch holdNext;
  /** How many next commits fail, after their statements ran, as a storage fault would. */
  private final AtomicInteger failingCommits = new AtomicInteger();
  private final CountDownLatch held = new CountDownLatch(1);

  @TempDir
  Path directory;
  private SqliteFile file;
  private SqlInbox inbox;

  @BeforeEach
  void open() throws Exception {
    file = SqliteFile.open(directory.resolve("hooky.db"));
    WriteBatcher.Transactions counted = new WriteBatcher.Transactions() {
      @Override
      public void inTransaction(WriteBatcher.TransactionBody body) throws SQLException {
        CountDownLatch hold = holdNext;
        if (hold != null) {
          holdNext = null;
          held.countDown();
          try {
            hold.await();
          } catch (InterruptedException e) {
            throw new SQLException(e);
          }
        }
        transactions.incrementAndGet();
        if (failingCommits.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
          file.inTransaction(connection -> {
            body.run(connection);
            throw new SQLTransientConnectionException("disk I/O error", "08006");
          });
        }
        file.inTransaction(body);
      }

      @Override
      public void probe() throws SQLException {
        file.probe();
      }

      @Override
      public void reset() {
        file.reset();
      }
    };
    inbox = new SqlInbox(SqlDialect.SQLITE, counted, file, parser, RetryPolicy.DEFAULT,
        new ManualClock(T0), Duration.ofMinutes(5), "test sqlite", file);
  }

  @AfterEach
  void close() {
    inbox.close();
  }

  @Test
  void outcomesRecordedWhileACommitRunsAreWrittenTogetherEachWithItsHistory() throws Exception {
    int workers = 12;
    for (int i = 0; i < workers; i++) {
      inbox.append(delivery("e-" + i));
    }
    List<Claim> claims = inbox.claim(workers, Duration.ZERO);
    assertEquals(workers, claims.size());
    Claim voided = claims.get(3);
    assertTrue(inbox.replay(voided.delivery().eventId()), "replayed while its handler runs");

    CountDownLatch release = new CountDownLatch(1);
    holdNext = release;
    CompletableFuture<Object> holder = CompletableFuture.supplyAsync(
        () -> inbox.append(delivery("holder")));
    assertTrue(held.await(5, TimeUnit.SECONDS), "the writer is held in a commit");
    for (Claim claim : claims) {
      inbox.complete(claim, List.of(ok("A.a(SmsEvent)"), ok("B.b(SmsEvent)")));
    }
    int before = transactions.get();
    release.countDown();
    holder.get(5, TimeUnit.SECONDS);
    inbox.awaitRecorded();

    // The held append's, the outcomes', and the wait's own (awaitRecorded): not one per outcome.
    assertTrue(transactions.get() - before <= 3,
        "every outcome in one commit: " + (transactions.get() - before) + " transactions");
    for (Claim claim : claims) {
      DeliveryRecord record = inbox.find(claim.delivery().eventId()).orElseThrow();
      List<String> handlers = new ArrayList<>();
      for (AttemptRecord attempt : record.history()) {
        handlers.add(attempt.attempt() + " " + attempt.handler());
      }
      if (claim == voided) {
        assertEquals(DeliveryStatus.PENDING, record.status(), "voided by the replay: runs again");
        assertEquals(List.of("1 (replay)"), handlers, "the replay only: not the voided attempt");
      } else {
        assertEquals(DeliveryStatus.HANDLED, record.status(), claim.delivery().eventId());
        assertEquals(List.of("1 A.a(SmsEvent)", "1 B.b(SmsEvent)"), handlers);
      }
    }
    List<Claim> again = inbox.claim(10, Duration.ZERO);
    assertEquals(List.of(voided.delivery().eventId(), "holder"),
        again.stream().map(claim -> claim.delivery().eventId()).sorted().toList(),
        "the voided one, no longer held by its finished attempt, is claimed again");
  }

  @Test
  void aLoneOutcomeVoidedByAReplayWritesNoHistoryAndSaysWhy() throws Exception {
    inbox.append(delivery("replayed"));
    inbox.append(delivery("kept"));
    List<Claim> claims = inbox.claim(2, Duration.ZERO);
    assertTrue(inbox.replay("replayed"));

    try (StandardErrorCapture log = new StandardErrorCapture()) {
      for (Claim claim : claims) {
        inbox.complete(claim, List.of(ok("A.a(SmsEvent)")));
        inbox.awaitRecorded(); // each alone in its commit
      }

      assertEquals(1, log.linesContaining("sms_delivered replayed was replayed while its handlers"
          + " ran: this attempt's outcome is dropped and the replay runs it again"));
      assertEquals(0, log.linesContaining("kept was replayed"));
      assertEquals(0, log.linesContaining("lease"), "SQLite has no leases to speak of");
    }
    DeliveryRecord replayed = inbox.find("replayed").orElseThrow();
    assertEquals(DeliveryStatus.PENDING, replayed.status());
    assertEquals(List.of("(replay)"), replayed.history().stream().map(AttemptRecord::handler)
        .toList());
    DeliveryRecord kept = inbox.find("kept").orElseThrow();
    assertEquals(DeliveryStatus.HANDLED, kept.status());
    assertEquals(List.of("A.a(SmsEvent)"), kept.history().stream().map(AttemptRecord::handler)
        .toList());
  }

  @Test
  void aFailedAttemptAfterAHandledOneKeepsNoHandledTime() throws Exception {
    inbox.append(delivery("handled"));
    inbox.append(delivery("failed"));
    List<Claim> claims = inbox.claim(2, Duration.ZERO);

    inbox.complete(claims.get(0), List.of(ok("A.a(SmsEvent)")));
    inbox.awaitRecorded();
    inbox.fail(claims.get(1), List.of(new HandlerOutcome("A.a(SmsEvent)", Duration.ofMillis(1),
        "IllegalStateException: down")));
    inbox.awaitRecorded();

    assertEquals(T0, inbox.find("handled").orElseThrow().handledAt());
    DeliveryRecord failed = inbox.find("failed").orElseThrow();
    assertEquals(DeliveryStatus.RETRYING, failed.status());
    assertEquals(null, failed.handledAt(), "a statement reused for it kept no earlier value");
  }

  @Test
  void rowsAScanTookInATransactionThatFailedAreClaimedWhenItIsTriedAgain() throws Exception {
    for (int i = 0; i < SqlInbox.READY_LIMIT + 4; i++) {
      inbox.append(delivery(String.format("s-%02d", i))); // the last four wait in the table only
    }
    failingCommits.set(1); // the claim's scan: rolled back, then tried again at once

    List<String> claimed = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      inbox.claim(100, Duration.ZERO).forEach(claim -> claimed.add(claim.delivery().eventId()));
    }

    assertEquals(SqlInbox.READY_LIMIT + 4, claimed.size(), "every one, once: " + claimed);
    assertEquals(claimed.size(), Set.copyOf(claimed).size());
  }

  @Test
  void rowsAScanTookInATransactionThatKeptFailingAreClaimedOnceTheStorageWorks()
      throws Exception {
    int count = SqlInbox.READY_LIMIT + 4;
    for (int i = 0; i < count; i++) {
      inbox.append(delivery(String.format("f-%02d", i))); // the last four in the table only
    }
    failingCommits.set(4); // more than the writer's quick retries: a fault

    assertThrows(InboxStorageException.class, () -> inbox.claim(100, Duration.ZERO));
    List<String> claimed = new ArrayList<>();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (claimed.size() < count && System.nanoTime() < deadline) {
      try {
        inbox.claim(100, Duration.ofMillis(100)).forEach(c -> claimed.add(c.delivery().eventId()));
      } catch (InboxStorageException refusedUntilTheNextAttempt) {
        Thread.sleep(50);
      }
    }

    assertEquals(count, Set.copyOf(claimed).size(), "none left held by the failed scan");
    assertEquals(count, claimed.size(), "each once");
  }

  @Test
  void aDeliveryWhoseOutcomeCouldNotBeWrittenRunsAgainOnceTheStorageWorks() throws Exception {
    inbox.append(delivery("unrecorded"));
    Claim claim = inbox.claim(1, Duration.ZERO).get(0);
    failingCommits.set(4); // more than the writer's quick retries: a fault
    assertThrows(RuntimeException.class, () -> inbox.append(delivery("during-the-fault")));

    try (StandardErrorCapture log = new StandardErrorCapture()) {
      // Refused without being tried, until the writer tries the storage again a second later.
      inbox.complete(claim, List.of(ok("A.a(SmsEvent)")));
      inbox.awaitRecorded();
      assertEquals(1, log.linesContaining("Could not record the outcome of sms_delivered"
          + " unrecorded: the inbox cannot write; it runs again at a worker's next claim"));
    }

    List<String> again = new ArrayList<>();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (again.isEmpty() && System.nanoTime() < deadline) {
      try {
        inbox.claim(1, Duration.ofMillis(100)).forEach(c -> again.add(c.delivery().eventId()));
      } catch (InboxStorageException refusedUntilTheNextAttempt) {
        Thread.sleep(50);
      }
    }
    assertEquals(List.of("unrecorded"), again, "released, not held for ever");
  }

  private static HandlerOutcome ok(String handler) {
    return new HandlerOutcome(handler, Duration.ofMillis(2), null);
  }

  private InboundDelivery delivery(String eventId) {
    byte[] body = Payloads.of(CustomerIoEventType.SMS_DELIVERED, eventId, T0.getEpochSecond())
        .getBytes(StandardCharsets.UTF_8);
    try {
      var event = parser.parse(body);
      return new InboundDelivery(eventId, event.name(), T0, Map.of(), body, event);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
