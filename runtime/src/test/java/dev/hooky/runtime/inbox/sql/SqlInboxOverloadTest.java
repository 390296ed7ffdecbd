package dev.hooky.runtime.inbox.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hooky.customerio.CustomerIoEventType;
import dev.hooky.runtime.inbox.AppendResult;
import dev.hooky.runtime.inbox.InboundDelivery;
import dev.hooky.runtime.inbox.RetryPolicy;
import dev.hooky.runtime.parse.EventParser;
import dev.hooky.runtime.testing.Payloads;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Appends at twice what a slow database can take: they are answered within 3 s, stored or refused
 * as overloaded, rather than queue without end; and every one answered stored is stored.
 */
class SqlInboxOverloadTest {
  /** The slow database's cost per changed row: a ceiling of 500 rows/s. */
  private static final long MICROS_PER_ROW = 2_000;
  private static final int OFFERED_PER_SECOND = 1_000;
  private static final long LOAD_NANOS = TimeUnit.SECONDS.toNanos(7);

  private final EventParser parser = new EventParser();

  @TempDir
  Path directory;

  @Test
  void appendsAtTwiceTheCeilingAreAnsweredWithinThreeSecondsStoredOrRefused() throws Exception {
    SqliteFile file = SqliteFile.open(directory.resolve("hooky.db"));
    WriteBatcher.Transactions slow = new WriteBatcher.Transactions() {
      @Override
      public void inTransaction(WriteBatcher.TransactionBody body) throws SQLException {
        file.inTransaction(connection -> {
          long before = totalChanges(connection);
          body.run(connection);
          long rows = totalChanges(connection) - before;
          try {
            TimeUnit.MICROSECONDS.sleep(rows * MICROS_PER_ROW);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException(e);
          }
        });
      }

      @Override
      public void reset() {
        file.reset();
      }
    };
    try (SqlInbox inbox = new SqlInbox(SqlDialect.SQLITE, slow, file, parser, RetryPolicy.DEFAULT,
        Clock.systemUTC(), Duration.ofMinutes(5), "slow sqlite", file)) {
      List<CompletableFuture<Long>> answers = new ArrayList<>();
      List<String> ids = new ArrayList<>();
      long start = System.nanoTime();
      for (int i = 0; System.nanoTime() - start < LOAD_NANOS; i++) {
        // Open loop, at the offered rate: no sender waits for its answer.
        long due = start + TimeUnit.SECONDS.toNanos(1) * i / OFFERED_PER_SECOND;
        long early = due - System.nanoTime();
        if (early > 0) {
          TimeUnit.NANOSECONDS.sleep(early);
        }
        String id = "overload-" + i;
        ids.add(id);
        long sent = System.nanoTime();
        AtomicLong answered = new AtomicLong();
        answers.add(inbox.appendAsync(delivery(id)).handle((result, failure) -> {
          answered.set(System.nanoTime());
          return failure;
        }).thenApply(failure -> {
          if (failure != null && !(unwrap(failure) instanceof InboxOverloadedException)) {
            throw new AssertionError("not an overload: " + failure, failure);
          }
          return failure == null ? answered.get() - sent : -(answered.get() - sent);
        }));
      }
      int stored = 0;
      int refused = 0;
      long slowest = 0;
      List<String> storedIds = new ArrayList<>();
      for (int i = 0; i < answers.size(); i++) {
        long signedNanos = answers.get(i).get(10, TimeUnit.SECONDS);
        slowest = Math.max(slowest, Math.abs(signedNanos));
        if (signedNanos >= 0) {
          stored++;
          storedIds.add(ids.get(i));
        } else {
          refused++;
        }
      }
      String summary = stored + " stored, " + refused + " refused of " + answers.size()
          + ", slowest answer " + TimeUnit.NANOSECONDS.toMillis(slowest) + " ms";
      assertTrue(slowest < TimeUnit.SECONDS.toNanos(3), summary);
      assertTrue(refused > answers.size() / 5, "the overload was refused: " + summary);
      assertTrue(stored > answers.size() / 5, "the database's pace was kept: " + summary);
      for (String id : storedIds) {
        assertTrue(inbox.find(id).isPresent(), "acknowledged and stored: " + id);
      }
      assertEquals(stored, inbox.depth(), summary);
      // Once the writer caught up, appends are taken again.
      assertEquals(AppendResult.ACCEPTED, inbox.append(delivery("after-the-load")));
    }
  }

  private static Throwable unwrap(Throwable failure) {
    return failure instanceof CompletionException && failure.getCause() != null
        ? failure.getCause() : failure;
  }

  private static long totalChanges(java.sql.Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery("SELECT total_changes()")) {
      result.next();
      return result.getLong(1);
    }
  }

  private InboundDelivery delivery(String eventId) {
    byte[] body = Payloads.of(CustomerIoEventType.SMS_DELIVERED, eventId,
        Instant.now().getEpochSecond()).getBytes(StandardCharsets.UTF_8);
    try {
      return new InboundDelivery(eventId, "sms_delivered", Instant.now(),
          Map.of("X-CIO-Signature", List.of("sig")), body, parser.parse(body));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
