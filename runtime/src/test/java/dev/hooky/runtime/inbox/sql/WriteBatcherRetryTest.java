package dev.hooky.runtime.inbox.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A batch whose connection died (a server restart) is tried again at once on new connections, a
 * few times while each failure is quick, before it counts as a fault; and appends wait for the
 * writer no longer than their budget, while outcomes are never shed.
 */
class WriteBatcherRetryTest {
  /** How many transactions fail, quickly, before they work again. */
  private final AtomicInteger failuresLeft = new AtomicInteger();
  private volatile long failureMillis;
  private final AtomicInteger transactions = new AtomicInteger();
  private final AtomicInteger resets = new AtomicInteger();
  private final RecordingLogger log = new RecordingLogger();
  private WriteBatcher batcher = new WriteBatcher(new WriteBatcher.Transactions() {
    @Override
    public void inTransaction(WriteBatcher.TransactionBody body) throws SQLException {
      transactions.incrementAndGet();
      if (failuresLeft.getAndDecrement() > 0) {
        pause(failureMillis);
        throw new SQLTransientConnectionException("connection reset", "08006");
      }
      body.run(null);
    }

    @Override
    public void reset() {
      resets.incrementAndGet();
    }
  }, "test-writer", new WriteHealth("test inbox", log, Clock.systemUTC()));

  @AfterEach
  void close() {
    batcher.close();
  }

  @Test
  void aBatchWhoseConnectionsDiedIsTriedAgainAtOnceWithoutAFault() throws Exception {
    failuresLeft.set(3);

    assertEquals(7, (int) batcher.<Integer>execute(statements -> 7));

    assertEquals(4, transactions.get(), "three quick failures, then the fourth try worked");
    assertEquals(3, resets.get(), "each time on new connections");
    assertTrue(batcher.health().writable());
    assertEquals(List.of(), log.lines, "no fault to report");
  }

  @Test
  void aBatchStillFailingAfterItsQuickRetriesIsAFault() throws Exception {
    failuresLeft.set(4);

    SQLException failed = assertThrows(SQLException.class,
        () -> batcher.execute(statements -> 7));

    assertEquals("connection reset", failed.getMessage());
    assertEquals(4, transactions.get(), "tried four times in all");
    assertFalse(batcher.health().writable());
  }

  @Test
  void aSlowFailureIsNotTriedAgainAtOnce() throws Exception {
    // A pool's connection time-out: its callers have waited long enough already.
    failuresLeft.set(1);
    failureMillis = 600;

    assertThrows(SQLException.class, () -> batcher.execute(statements -> 7));

    assertEquals(1, transactions.get());
    assertEquals(1, resets.get(), "the fault drops the connections all the same");
    assertFalse(batcher.health().writable());
  }

  @Test
  void appendsThatWouldWaitPastTheBudgetAreRefusedWhileOutcomesStillCommit() throws Exception {
    batcher.close();
    CountDownLatch held = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger committed = new AtomicInteger();
    batcher = new WriteBatcher(body -> {
      if (committed.getAndIncrement() == 0) {
        held.countDown();
        try {
          release.await();
        } catch (InterruptedException e) {
          throw new SQLException(e);
        }
      }
      body.run(null);
    }, "test-writer", new WriteHealth("test inbox", log, Clock.systemUTC()),
        TimeUnit.MILLISECONDS.toNanos(100));
    try {
      CompletableFuture<Integer> holder = batcher.submit(statements -> 0);
      assertTrue(held.await(5, TimeUnit.SECONDS));
      CompletableFuture<Integer> queuedAppend = batcher.submitSheddable(statements -> 1);
      CompletableFuture<Integer> outcome = batcher.submit(statements -> 2);
      pause(150); // the queued append waits past its budget of 100 ms

      CompletableFuture<Integer> lateAppend = batcher.submitSheddable(statements -> 3);
      assertTrue(lateAppend.isDone(), "refused at once: the writer is further behind");
      assertInstanceOf(WriteBatcher.Overloaded.class, failure(lateAppend));
      CompletableFuture<Integer> lateOutcome = batcher.submit(statements -> 4);
      release.countDown();

      assertEquals(0, (int) holder.get(5, TimeUnit.SECONDS));
      assertInstanceOf(WriteBatcher.Overloaded.class, failure(queuedAppend),
          "it waited past the budget before its batch began");
      assertEquals(2, (int) outcome.get(5, TimeUnit.SECONDS));
      assertEquals(4, (int) lateOutcome.get(5, TimeUnit.SECONDS));
      assertTrue(batcher.health().writable(), "overload is no fault");
      assertEquals(1, log.lines.stream().filter(line -> line.contains("ms behind with its writes"))
          .count(), "the refusals are logged, once in ten seconds: " + log.lines);
      assertEquals(5, (int) batcher.submitSheddable(statements -> 5).get(5, TimeUnit.SECONDS),
          "once caught up, appends are taken again");
    } finally {
      release.countDown();
    }
  }

  private static Throwable failure(CompletableFuture<?> future) throws Exception {
    try {
      future.get(5, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      return e.getCause();
    }
    throw new AssertionError("did not fail");
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
