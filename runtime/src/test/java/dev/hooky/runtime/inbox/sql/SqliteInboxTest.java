package dev.hooky.runtime.inbox.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hooky.customerio.CustomerIoEventType;
import dev.hooky.runtime.inbox.AppendResult;
import dev.hooky.runtime.inbox.Claim;
import dev.hooky.runtime.inbox.DeliveryQuery;
import dev.hooky.runtime.inbox.DeliveryStatus;
import dev.hooky.runtime.inbox.HandlerOutcome;
import dev.hooky.runtime.inbox.InboundDelivery;
import dev.hooky.runtime.inbox.ManualClock;
import dev.hooky.runtime.inbox.RetryPolicy;
import dev.hooky.runtime.parse.EventParser;
import dev.hooky.runtime.testing.Payloads;
import dev.hooky.runtime.testing.StandardErrorCapture;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What only a file-backed inbox can show: it survives closing, and guards its file. */
class SqliteInboxTest {
  private static final Instant T0 = Instant.parse("2026-11-30T12:00:00Z");
  private final ManualClock clock = new ManualClock(T0);
  private final EventParser parser = new EventParser();

  @TempDir
  Path directory;

  private SqlInbox open(Path file) {
    return open(file, RetryPolicy.DEFAULT);
  }

  private SqlInbox open(Path file, RetryPolicy policy) {
    return SqlInboxes.sqlite(file,
        new SqlInboxes.Settings(parser, policy, clock, Duration.ofMinutes(5)));
  }

  @Test
  void acceptedDeliveriesAndAttemptsSurviveAReopen() throws Exception {
    Path file = directory.resolve("hooky.db");
    try (SqlInbox inbox = open(file)) {
      assertEquals(AppendResult.ACCEPTED, inbox.append(delivery("kept")));
      assertEquals(AppendResult.ACCEPTED, inbox.append(delivery("in-flight")));
      List<Claim> claimed = inbox.claim(1, Duration.ZERO);
      assertEquals("kept", claimed.get(0).delivery().eventId());
      // Closed (as by a crash) while "kept" was being handled.
    }

    try (SqlInbox inbox = open(file)) {
      assertEquals(AppendResult.DUPLICATE, inbox.append(delivery("kept")));
      List<Claim> claims = inbox.claim(10, Duration.ZERO);
      assertEquals(2, claims.size(), "the interrupted claim is due again at once");
      Claim kept = claims.stream().filter(c -> c.delivery().eventId().equals("kept"))
          .findFirst().orElseThrow();
      assertEquals(2, kept.attempt(), "the attempt before the restart counts");
      inbox.complete(kept, List.of(new HandlerOutcome("h", Duration.ofMillis(1), null)));
      assertEquals(DeliveryStatus.HANDLED, inbox.find("kept").orElseThrow().status());
    }
  }

  @Test
  void deliveriesBeyondThoseHandedOutFromMemoryAreClaimedFromTheTableOnceEachAsFirstAttempts()
      throws Exception {
    int count = SqlInbox.READY_LIMIT + 8;
    try (SqlInbox inbox = open(directory.resolve("backlog.db"))) {
      for (int i = 0; i < count; i++) {
        assertEquals(AppendResult.ACCEPTED, inbox.append(delivery(String.format("b-%03d", i))));
      }

      Map<String, Integer> attempts = new java.util.TreeMap<>();
      for (Claim claim : inbox.claim(count + 10, Duration.ZERO)) {
        assertEquals(null, attempts.put(claim.delivery().eventId(), claim.attempt()));
      }

      assertEquals(count, attempts.size(), "every one, without waiting: " + attempts.keySet());
      assertEquals(Set.of(1), Set.copyOf(attempts.values()), "each its first attempt");
      assertEquals(List.of(), inbox.claim(10, Duration.ZERO));
    }
  }

  @Test
  void deliveriesBeyondWhatMemoryHoldsAreClaimedAtOnceWhileWorkersPoll() throws Exception {
    int count = SqlInbox.READY_LIMIT + 8;
    try (SqlInbox inbox = open(directory.resolve("polled.db"))) {
      assertEquals(List.of(), inbox.claim(10, Duration.ZERO), "a worker polls: a scan, now");
      for (int i = 0; i < count; i++) {
        inbox.append(delivery(String.format("p-%03d", i)));
      }

      Set<String> claimed = new java.util.HashSet<>();
      for (int i = 0; i < 2; i++) {
        inbox.claim(count, Duration.ZERO).forEach(c -> claimed.add(c.delivery().eventId()));
      }

      assertEquals(count, claimed.size(), "the ones past memory too, not at the next safety scan");
    }
  }

  @Test
  void aRetryWaitingInTheFileFromBeforeARestartIsClaimedWhenItFallsDue() throws Exception {
    Path file = directory.resolve("retry.db");
    RetryPolicy tenSeconds = new RetryPolicy(3, Duration.ofSeconds(10), 2.0,
        Duration.ofMinutes(1), 0.0);
    try (SqlInbox inbox = open(file, tenSeconds)) {
      inbox.append(delivery("later"));
      Claim claim = inbox.claim(1, Duration.ZERO).get(0);
      inbox.fail(claim, List.of(new HandlerOutcome("h", Duration.ofMillis(1), "boom")));
    }

    try (SqlInbox inbox = open(file, tenSeconds)) {
      assertEquals(List.of(), inbox.claim(10, Duration.ZERO), "not due yet");
      clock.advance(Duration.ofSeconds(10));

      assertEquals(List.of("later"), inbox.claim(10, Duration.ZERO).stream()
          .map(c -> c.delivery().eventId()).toList(), "due now: claimed at once");
    }
  }

  @Test
  void aWorkerWaitingForDeliveriesSleepsRatherThanSpins() throws Exception {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    Path file = directory.resolve("idle.db");
    try (SqlInbox inbox = open(file)) {
      assertEquals("sqlite " + file.toAbsolutePath(), inbox.describe());
      inbox.claim(10, Duration.ZERO); // the start-up scan

      long cpuBefore = threads.getCurrentThreadCpuTime();
      long started = System.nanoTime();
      assertEquals(List.of(), inbox.claim(10, Duration.ofMillis(500)));
      long waited = System.nanoTime() - started;
      long cpu = threads.getCurrentThreadCpuTime() - cpuBefore;

      assertTrue(waited >= TimeUnit.MILLISECONDS.toNanos(500), "it waited the time asked");
      assertTrue(cpu < waited / 4, "asleep most of the wait: " + cpu / 1_000_000 + " ms of CPU in "
          + waited / 1_000_000 + " ms");
    }
  }

  @Test
  void outcomesRecordedJustBeforeCloseAreCommittedByIt() throws Exception {
    Path file = directory.resolve("closing.db");
    try (SqlInbox inbox = open(file)) {
      for (int i = 0; i < 20; i++) {
        inbox.append(delivery("c-" + i));
      }
      for (Claim claim : inbox.claim(20, Duration.ZERO)) {
        inbox.complete(claim, List.of(new HandlerOutcome("h", Duration.ofMillis(1), null)));
      } // closed at once: the outcomes still queued
    }

    try (SqlInbox inbox = open(file)) {
      assertEquals(List.of(), inbox.claim(20, Duration.ZERO), "none runs again");
      assertEquals(DeliveryStatus.HANDLED, inbox.find("c-19").orElseThrow().status());
    }
  }

  @Test
  void deadLettersReplayedSinceATimeAreThoseReceivedSinceAndAreClaimedAtOnce() throws Exception {
    RetryPolicy once = new RetryPolicy(1, Duration.ofSeconds(10), 2.0, Duration.ofMinutes(1), 0.0);
    try (SqlInbox inbox = open(directory.resolve("replayed.db"), once)) {
      inbox.append(delivery("old", T0.minusSeconds(3_600)));
      inbox.append(delivery("recent", T0));
      for (Claim claim : inbox.claim(2, Duration.ZERO)) {
        inbox.fail(claim, List.of(new HandlerOutcome("h", Duration.ofMillis(1), "boom")));
      }
      inbox.awaitRecorded();
      assertEquals(List.of(), inbox.claim(10, Duration.ZERO), "both dead");

      assertEquals(1, inbox.replayDeadLetters(T0.minusSeconds(60)));

      assertEquals(List.of("recent"), inbox.claim(10, Duration.ZERO).stream()
          .map(c -> c.delivery().eventId()).toList(), "claimed at once, not at a safety scan");
      assertEquals(DeliveryStatus.DEAD, inbox.find("old").orElseThrow().status());
    }
  }

  @Test
  void aDeadLetterIsLoggedOnceWhenRecordedAndNotWhenAReplayVoidedIt() throws Exception {
    RetryPolicy once = new RetryPolicy(1, Duration.ofSeconds(10), 2.0, Duration.ofMinutes(1), 0.0);
    try (StandardErrorCapture log = new StandardErrorCapture();
        SqlInbox inbox = open(directory.resolve("dead.db"), once)) {
      inbox.append(delivery("dies"));
      inbox.append(delivery("voided"));
      List<Claim> claims = inbox.claim(2, Duration.ZERO);
      assertTrue(inbox.replay("voided"));

      for (Claim claim : claims) {
        inbox.fail(claim, List.of(new HandlerOutcome("h", Duration.ofMillis(1), "boom")));
      }
      inbox.awaitRecorded();

      assertEquals(1, log.linesContaining("sms_delivered dies is dead after 1 attempts: h: boom"));
      assertEquals(0, log.linesContaining("voided is dead"));
      assertEquals(1, log.linesContaining("voided was replayed while its handlers ran"));
      assertEquals(DeliveryStatus.DEAD, inbox.find("dies").orElseThrow().status());
      assertEquals(DeliveryStatus.PENDING, inbox.find("voided").orElseThrow().status());
    }
  }

  @Test
  void aBacklogLargerThanOneClaimIsTakenOverSuccessiveClaimsOldestFirst() throws Exception {
    Path file = directory.resolve("restarted.db");
    try (SqlInbox inbox = open(file)) {
      for (int i = 0; i < 25; i++) {
        inbox.append(delivery(String.format("r-%03d", i)));
      }
    }
    try (SqlInbox inbox = open(file)) {
      List<String> claimed = new java.util.ArrayList<>();
      for (int i = 0; i < 3; i++) {
        List<Claim> claims = inbox.claim(10, Duration.ZERO);
        claims.forEach(claim -> claimed.add(claim.delivery().eventId()));
      }
      assertEquals(25, claimed.size(), "no claim waited for a later scan: " + claimed);
      assertEquals(claimed.stream().sorted().toList(), claimed, "oldest first");
      assertEquals(List.of(), inbox.claim(10, Duration.ZERO));
    }
  }

  @Test
  void aDeliveryReplayedWhileItsHandlersRunIsDueAgainAsSoonAsTheirOutcomeIsVoided()
      throws Exception {
    try (SqlInbox inbox = open(directory.resolve("replayed.db"))) {
      inbox.append(delivery("replayed"));
      Claim running = inbox.claim(1, Duration.ZERO).get(0);
      assertTrue(inbox.replay("replayed"));
      assertEquals(List.of(), inbox.claim(10, Duration.ZERO), "not twice at once");

      inbox.complete(running, List.of(new HandlerOutcome("h", Duration.ofMillis(1), null)));

      assertEquals(DeliveryStatus.PENDING, inbox.find("replayed").orElseThrow().status(),
          "the replay made it due afresh: the earlier run's outcome does not count");
      List<Claim> again = inbox.claim(10, Duration.ZERO);
      assertEquals(List.of("replayed"), again.stream().map(c -> c.delivery().eventId()).toList(),
          "due at once, not after a later scan");
      assertEquals(2, again.get(0).attempt());
      inbox.complete(again.get(0), List.of(new HandlerOutcome("h", Duration.ofMillis(1), null)));
      assertEquals(DeliveryStatus.HANDLED, inbox.find("replayed").orElseThrow().status());
    }
  }

  @Test
  void anOutcomeTheDiskCouldNotRecordRunsAgainAtOnceWhenTheDiskWorks() throws Exception {
    SqliteFile file = SqliteFile.open(directory.resolve("faulty.db"));
    java.util.concurrent.atomic.AtomicBoolean diskFails =
        new java.util.concurrent.atomic.AtomicBoolean();
    WriteBatcher.Transactions faulty = new WriteBatcher.Transactions() {
      @Override
      public void inTransaction(WriteBatcher.TransactionBody body) throws java.sql.SQLException {
        if (diskFails.get()) {
          throw new java.sql.SQLNonTransientConnectionException("disk I/O error");
        }
        file.inTransaction(body);
      }

      @Override
      public void reset() {
        file.reset();
      }
    };
    try (SqlInbox inbox = new SqlInbox(SqlDialect.SQLITE, faulty, file, parser,
        RetryPolicy.DEFAULT, clock, Duration.ofMinutes(5), "faulty sqlite", file)) {
      inbox.append(delivery("unrecorded"));
      Claim first = inbox.claim(1, Duration.ZERO).get(0);
      diskFails.set(true);

      inbox.complete(first, List.of(new HandlerOutcome("h", Duration.ofMillis(1), null)));
      inbox.awaitRecorded();
      assertTrue(!inbox.health().writable(), "the outcome met the fault");
      assertThrows(InboxStorageException.class, () -> inbox.claim(1, Duration.ZERO),
          "a worker's claim meanwhile fails too");
      diskFails.set(false);
      long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
      while (!inbox.health().writable() && System.nanoTime() < deadline) {
        Thread.sleep(10); // the writer's probe finds the disk working again within a second
      }

      List<Claim> again = inbox.claim(1, Duration.ZERO);
      assertEquals(List.of("unrecorded"), again.stream().map(c -> c.delivery().eventId())
          .toList(), "at least once: it runs again, at once");
      assertEquals(2, again.get(0).attempt());
    }
  }

  @Test
  void aSecondServerOnTheSameFileIsRefused() {
    Path file = directory.resolve("shared.db");
    try (SqlInbox first = open(file)) {
      IllegalStateException refused = assertThrows(IllegalStateException.class, () -> open(file));
      assertTrue(refused.getMessage().contains("another Hooky server uses the SQLite inbox"),
          refused.getMessage());
      assertTrue(refused.getMessage().contains("PostgreSQL"), refused.getMessage());
      first.depth();
    }
    open(file).close();
  }

  @Test
  void aMissingDirectoryFailsWithAClearMessage() {
    Path file = directory.resolve("no-such-directory").resolve("hooky.db");

    IllegalStateException e = assertThrows(IllegalStateException.class, () -> open(file));

    assertTrue(e.getMessage().startsWith("cannot open the SQLite inbox at " + file),
        e.getMessage());
    assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    assertTrue(e.getMessage().contains("HOOKY_INBOX=sqlite:<path>"), e.getMessage());
  }

  @Test
  void aPlaceNoOneMayWriteFailsWithAClearMessage() {
    // /proc takes no new files, not even from root (tests run as root in CI).
    Path file = Path.of("/proc/hooky.db");

    IllegalStateException e = assertThrows(IllegalStateException.class, () -> open(file));

    assertTrue(e.getMessage().startsWith("cannot open the SQLite inbox at /proc/hooky.db: "),
        e.getMessage());
    assertTrue(e.getMessage().endsWith("at a writable file"), e.getMessage());
  }

  @Test
  void aDirectoryInPlaceOfTheFileFailsWithAClearMessage() throws Exception {
    Path file = Files.createDirectory(directory.resolve("actually-a-directory.db"));

    IllegalStateException e = assertThrows(IllegalStateException.class, () -> open(file));

    assertTrue(e.getMessage().startsWith("cannot open the SQLite inbox at " + file),
        e.getMessage());
  }

  @Test
  void theSchemaMigrationRunsTwiceWithoutHarm() throws Exception {
    Path file = directory.resolve("migrated.db");
    try (SqlInbox inbox = open(file)) {
      inbox.append(delivery("before"));
    }
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file)) {
      Schema.migrate(connection, SqlDialect.SQLITE);
      Schema.migrate(connection, SqlDialect.SQLITE);
      try (Statement statement = connection.createStatement();
          ResultSet versions = statement.executeQuery("SELECT version FROM hooky_schema")) {
        assertTrue(versions.next());
        assertEquals(Schema.VERSION, versions.getInt(1));
        assertTrue(!versions.next(), "one version row");
      }
    }
    try (SqlInbox inbox = open(file)) {
      assertEquals(List.of("before"),
          inbox.claim(10, Duration.ZERO).stream().map(c -> c.delivery().eventId()).toList());
    }
  }

  @Test
  void aVersionOneDatabaseIsMigratedKeepingItsDeliveries() throws Exception {
    Path file = directory.resolve("old.db");
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE hooky_schema (version INTEGER NOT NULL)");
      for (String sql : SqlDialect.SQLITE.schemaVersion1()) {
        statement.execute(sql);
      }
      statement.execute("INSERT INTO hooky_schema (version) VALUES (1)");
      statement.execute("INSERT INTO hooky_deliveries (event_id, event_name, received_at,"
          + " headers, body, status, next_attempt_at) VALUES ('old-1', 'sms_delivered', 0, '{}',"
          + " X'7B7D', 'dead', 0)");
    }

    try (SqlInbox inbox = open(file)) {
      assertEquals(DeliveryStatus.DEAD, inbox.find("old-1").orElseThrow().status());
      inbox.append(delivery("new-1"));
      assertEquals("new-1", inbox.query(new DeliveryQuery(
          null, null, null, null, null, null, 10, "RPIL")).get(0).eventId(),
          "version 2's delivery_id column is filled and searchable");
    }
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement statement = connection.createStatement();
        ResultSet version = statement.executeQuery("SELECT version FROM hooky_schema")) {
      version.next();
      assertEquals(Schema.VERSION, version.getInt(1));
    }
  }

  @Test
  void theDatabaseIsInWalModeAndSyncsEveryCommit() throws Exception {
    Path file = directory.resolve("pragmas.db");
    open(file).close();
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement statement = connection.createStatement();
        ResultSet mode = statement.executeQuery("PRAGMA journal_mode")) {
      mode.next();
      assertEquals("wal", mode.getString(1));
    }
  }

  private InboundDelivery delivery(String eventId) throws Exception {
    return delivery(eventId, T0);
  }

  private InboundDelivery delivery(String eventId, Instant receivedAt) throws Exception {
    byte[] body = Payloads.of(CustomerIoEventType.SMS_DELIVERED, eventId, T0.getEpochSecond())
        .getBytes(StandardCharsets.UTF_8);
    var event = parser.parse(body);
    return new InboundDelivery(eventId, event.name(), receivedAt, Map.of(), body, event);
  }
}
