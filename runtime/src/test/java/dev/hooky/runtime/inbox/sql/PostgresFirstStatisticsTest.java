package dev.hooky.runtime.inbox.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hooky.runtime.inbox.AppendResult;
import dev.hooky.runtime.inbox.Claim;
import dev.hooky.runtime.inbox.HandlerOutcome;
import dev.hooky.runtime.inbox.InboundDelivery;
import dev.hooky.runtime.inbox.RetryPolicy;
import dev.hooky.runtime.parse.EventParser;
import dev.hooky.runtime.testing.Deliveries;
import dev.hooky.runtime.testing.PostgresServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The PostgreSQL inbox on a new database: its hot statements, prepared while the table is nearly
 * empty, must not go on scanning the whole table once it has grown (see {@link FirstStatistics}).
 * Autovacuum is turned off for the tables here, as it is in effect during a new database's first
 * minute under load.
 */
class PostgresFirstStatisticsTest {
  private static final Instant T0 = Instant.parse("2026-12-07T12:00:00Z");
  private static final EventParser PARSER = new EventParser();
  private static final SqlInboxes.Settings SETTINGS = new SqlInboxes.Settings(PARSER,
      RetryPolicy.DEFAULT, Clock.systemUTC(), Duration.ofMinutes(5));

  private String url;

  @BeforeEach
  void newDatabase() {
    url = PostgresServer.shared().createDatabase();
  }

  @Test
  void aNewTableIsAnalysedOnceItHoldsEnoughRowsSoThatOutcomesStopScanningIt() throws Exception {
    int events = 3 * FirstStatistics.ROWS;
    try (SqlInbox inbox = SqlInboxes.postgres(url, SETTINGS)) {
      withoutAutovacuum();
      // One at a time: each group commit records the last outcome and inserts the next event,
      // so its statement is prepared, and planned for good, while the table is nearly empty.
      for (int i = 0; i < events; i++) {
        handleOne(inbox, "stats-" + i);
      }
    } // Closing ends the inbox's sessions, which report their table statistics.
    long scans = awaitStable(this::sequentialScans);
    // Before the analysis each outcome scans the table; after it, none does. Without it every
    // one of the 3,000 would.
    assertTrue(scans < FirstStatistics.ROWS + FirstStatistics.ROWS / 2,
        "outcomes stopped scanning the table once it was analysed: " + scans + " scans for "
            + events + " outcomes");
    assertNotNull(lastAnalyze(), "the new table was analysed");
  }

  @Test
  void aTableWithStatisticsOfEnoughRowsIsLeftToAutovacuum() throws Exception {
    try (Connection connection = DriverManager.getConnection(url);
        Statement statement = connection.createStatement()) {
      try (SqlInbox inbox = SqlInboxes.postgres(url, SETTINGS)) {
        withoutAutovacuum();
        for (int i = 0; i < FirstStatistics.ROWS; i++) {
          assertEquals(AppendResult.ACCEPTED, inbox.append(delivery("old-" + i)));
        }
        assertNotNull(awaitAnalysis(), "1,000 rows: analysed");
      }
      statement.execute("ANALYZE hooky_deliveries"); // statistics of exactly 1,000 rows
      statement.execute("SELECT pg_stat_reset()");
      assertNull(awaitStable(this::lastAnalyze), "reset");

      try (SqlInbox inbox = SqlInboxes.postgres(url, SETTINGS)) {
        for (int i = 0; i < FirstStatistics.ROWS; i++) {
          assertEquals(AppendResult.ACCEPTED, inbox.append(delivery("new-" + i)));
        }
        TimeUnit.MILLISECONDS.sleep(500); // time enough for an analysis it should not run
      }
      assertNull(awaitStable(this::lastAnalyze), "statistics of 1,000 rows are enough");
    }
  }

  @Test
  void aSmallTableIsNotAnalysedBeforeItHoldsEnoughRows() throws Exception {
    try (SqlInbox inbox = SqlInboxes.postgres(url, SETTINGS)) {
      withoutAutovacuum();
      for (int i = 0; i < FirstStatistics.ROWS - 1; i++) {
        assertEquals(AppendResult.ACCEPTED, inbox.append(delivery("few-" + i)));
      }
      TimeUnit.MILLISECONDS.sleep(500);
    }
    assertNull(awaitStable(this::lastAnalyze), "999 rows: not yet");
  }

  private static void handleOne(SqlInbox inbox, String eventId) throws Exception {
    assertEquals(AppendResult.ACCEPTED, inbox.append(delivery(eventId)));
    List<Claim> claims = inbox.claim(1, Duration.ofSeconds(5));
    assertEquals(1, claims.size(), eventId);
    inbox.complete(claims.get(0), List.of(new HandlerOutcome("Handlers.sms(SmsEvent)",
        Duration.ofMillis(1), null)));
  }

  private void withoutAutovacuum() throws SQLException {
    try (Connection connection = DriverManager.getConnection(url);
        Statement statement = connection.createStatement()) {
      statement.execute("ALTER TABLE hooky_deliveries SET (autovacuum_enabled = false)");
      statement.execute("ALTER TABLE hooky_attempts SET (autovacuum_enabled = false)");
    }
  }

  /** The analysis's time, once it has run (it reports at once), or null after 10 s. */
  private Instant awaitAnalysis() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    Instant analysed = lastAnalyze();
    while (analysed == null && System.nanoTime() < deadline) {
      TimeUnit.MILLISECONDS.sleep(50);
      analysed = lastAnalyze();
    }
    return analysed;
  }

  private Instant lastAnalyze() throws SQLException {
    Timestamp at = statistic("last_analyze", Timestamp.class);
    return at == null ? null : at.toInstant();
  }

  private long sequentialScans() throws SQLException {
    return statistic("seq_scan", Long.class);
  }

  private <T> T statistic(String column, Class<T> type) throws SQLException {
    try (Connection connection = DriverManager.getConnection(url);
        Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery("SELECT " + column
            + " FROM pg_stat_user_tables WHERE relname = 'hooky_deliveries'")) {
      assertTrue(row.next(), "hooky_deliveries has statistics");
      return row.getObject(1, type);
    }
  }

  @FunctionalInterface
  private interface Reading<T> {
    T read() throws SQLException;
  }

  /**
   * A statistic once the sessions that ended have reported theirs (they do as they exit,
   * asynchronously) and the analysis thread is done: the same value twice, a while apart.
   */
  private static <T> T awaitStable(Reading<T> reading) throws Exception {
    T last = reading.read();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      TimeUnit.MILLISECONDS.sleep(700);
      T now = reading.read();
      if (Objects.equals(now, last)) {
        return now;
      }
      last = now;
    }
    return last;
  }

  private static InboundDelivery delivery(String eventId) {
    return Deliveries.sms(eventId, T0);
  }
}
