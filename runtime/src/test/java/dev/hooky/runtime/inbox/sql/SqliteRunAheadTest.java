package dev.hooky.runtime.inbox.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hooky.customerio.CustomerIoEventType;
import dev.hooky.runtime.inbox.AppendResult;
import dev.hooky.runtime.inbox.Claim;
import dev.hooky.runtime.inbox.DeliveryStatus;
import dev.hooky.runtime.inbox.HandlerOutcome;
import dev.hooky.runtime.inbox.InboundDelivery;
import dev.hooky.runtime.inbox.ManualClock;
import dev.hooky.runtime.inbox.RetryPolicy;
import dev.hooky.runtime.parse.EventParser;
import dev.hooky.runtime.testing.Payloads;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A SQLite worker keeps taking deliveries while its last outcomes wait for their commit: a
 * worker held to one claim batch per sync to disk fell behind the appends under load.
 */
class SqliteRunAheadTest {
  private static final Instant T0 = Instant.parse("2026-11-30T12:00:00Z");
  private final EventParser parser = new EventParser();
  private final ExecutorService worker = Executors.newSingleThreadExecutor();
  private final SlowDisk disk = new SlowDisk();

  @TempDir
  Path directory;

  @AfterEach
  void stop() {
    disk.resume();
    worker.shutdownNow();
  }

  @Test
  void aWorkerTakesItsNextBatchWhileItsLastOutcomesAwaitTheirCommit() throws Exception {
    SqliteFile file = SqliteFile.open(directory.resolve("hooky.db"));
    disk.delegate = file;
    try (SqlInbox inbox = new SqlInbox(SqlDialect.SQLITE, disk, file, parser,
        RetryPolicy.DEFAULT, new ManualClock(T0), Duration.ofMinutes(5), "sqlite test", file)) {
      inbox.claim(1, Duration.ZERO); // The start-up scan, which finds nothing.
      for (int i = 0; i < 2 * 16; i++) {
        assertEquals(AppendResult.ACCEPTED, inbox.append(delivery(String.format("r-%02d", i))));
      }

      List<Claim> second = worker.submit(() -> {
        List<Claim> first = inbox.claim(16, Duration.ZERO);
        assertEquals(16, first.size());
        disk.pause(); // The next commit, these outcomes', hangs.
        for (Claim claim : first) {
          inbox.complete(claim, List.of(new HandlerOutcome("h", Duration.ofMillis(1), null)));
        }
        disk.awaitPaused();
        return inbox.claim(16, Duration.ZERO);
      }).get(10, TimeUnit.SECONDS);

      assertEquals(16, second.size(), "the second batch, handed out from memory");
      disk.resume();
      inbox.awaitRecorded();
      assertEquals(DeliveryStatus.HANDLED, inbox.find("r-00").orElseThrow().status());
    }
  }

  @Test
  void aWorkerWhoseUncommittedOutcomesPassTheLimitWaitsForThemAtItsNextClaim() throws Exception {
    SqliteFile file = SqliteFile.open(directory.resolve("bounded.db"));
    disk.delegate = file;
    int outcomes = SqlInbox.RUN_AHEAD + 16;
    try (SqlInbox inbox = new SqlInbox(SqlDialect.SQLITE, disk, file, parser,
        RetryPolicy.DEFAULT, new ManualClock(T0), Duration.ofMinutes(5), "sqlite test", file)) {
      for (int i = 0; i < outcomes; i++) {
        inbox.append(delivery(String.format("b-%02d", i)));
      }
      CountDownLatch completed = new CountDownLatch(1);

      Future<List<Claim>> next = worker.submit(() -> {
        List<Claim> taken = new ArrayList<>();
        while (taken.size() < outcomes) {
          taken.addAll(inbox.claim(16, Duration.ZERO));
        }
        disk.pause(); // Their commit hangs, as a slow disk's would.
        for (Claim claim : taken) {
          inbox.complete(claim, List.of(new HandlerOutcome("h", Duration.ofMillis(1), null)));
        }
        completed.countDown();
        return inbox.claim(16, Duration.ZERO);
      });
      assertTrue(completed.await(10, TimeUnit.SECONDS));

      assertThrows(TimeoutException.class, () -> next.get(300, TimeUnit.MILLISECONDS),
          "more than " + SqlInbox.RUN_AHEAD + " outcomes uncommitted: the worker waits");
      disk.resume();
      assertEquals(List.of(), next.get(10, TimeUnit.SECONDS), "then goes on");
      inbox.awaitRecorded();
      assertEquals(DeliveryStatus.HANDLED, inbox.find("b-63").orElseThrow().status());
    }
  }

  private InboundDelivery delivery(String eventId) throws Exception {
    byte[] body = Payloads.of(CustomerIoEventType.SMS_DELIVERED, eventId, T0.getEpochSecond())
        .getBytes(StandardCharsets.UTF_8);
    var event = parser.parse(body);
    return new InboundDelivery(eventId, event.name(), T0, Map.of(), body, event);
  }

  /** The file's transactions, which can be made to hang until resumed, as a slow sync would. */
  private static final class SlowDisk implements WriteBatcher.Transactions {
    volatile SqliteFile delegate;
    private volatile CountDownLatch gate = new CountDownLatch(0);
    private final CountDownLatch paused = new CountDownLatch(1);

    void pause() {
      gate = new CountDownLatch(1);
    }

    void resume() {
      gate.countDown();
    }

    void awaitPaused() throws InterruptedException {
      paused.await(5, TimeUnit.SECONDS);
    }

    @Override
    public void inTransaction(WriteBatcher.TransactionBody body) throws SQLException {
      CountDownLatch current = gate;
      if (current.getCount() > 0) {
        paused.countDown();
        try {
          current.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new SQLException("interrupted", e);
        }
      }
      delegate.inTransaction(body);
    }
  }
}
