package dev.hooky.runtime.inbox.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;

import java.util.concurrent.CompletableFuture;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Group commit: queued writes, waiting or not, over a transaction source the test controls. */
class WriteBatcherTest {
  private final CountDownLatch commitMayFinish = new CountDownLatch(1);
  private final WriteBatcher batcher = new WriteBatcher(body -> {
    // No real connection: the writes under test do not touch it.
    body.run(null);
    try {
      commitMayFinish.await();
    } catch (InterruptedException e) {
      throw new SQLException(e);
    }
  }, "test-writer");

  @Test
  void submitDoesNotWaitForTheCommit() throws Exception {
    CompletableFuture<String> submitted = batcher.submit(statements -> "done");

    assertFalse(submitted.isDone());
    commitMayFinish.countDown();
    assertEquals("done", submitted.get(5, TimeUnit.SECONDS));
    batcher.close();
  }

  @Test
  void awaitSubmittedWaitsForEverySubmittedWrite() throws Exception {
    CompletableFuture<Integer> first = batcher.submit(statements -> 1);
    CompletableFuture<Integer> second = batcher.submit(statements -> 2);
    CompletableFuture<Void> awaited = CompletableFuture.runAsync(() -> {
      try {
        batcher.awaitSubmitted();
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    });

    assertThrows(TimeoutException.class,
        () -> awaited.get(200, TimeUnit.MILLISECONDS));
    commitMayFinish.countDown();
    awaited.get(5, TimeUnit.SECONDS);
    assertTrue(first.isDone() && second.isDone());
    batcher.close();
  }

  @Test
  void aFailedWriteFailsItsFutureOnly() throws Exception {
    commitMayFinish.countDown();
    CompletableFuture<Integer> bad = batcher.submit(statements -> {
      throw new SQLException("constraint violated");
    });
    ExecutionException failure = assertThrows(ExecutionException.class,
        () -> bad.get(5, TimeUnit.SECONDS));
    assertInstanceOf(SQLException.class, failure.getCause());
    int result = batcher.execute(statements -> 7);
    assertEquals(7, result);
    batcher.close();
  }

  @Test
  void anAppendThatWaitedPastTheBudgetIsRefusedAndNeverWritten() throws Exception {
    // A 100 ms budget; the first batch's commit is held for 300 ms, so the append queued behind
    // it has waited past the budget when its batch begins: it is answered "overloaded" (a 503
    // the sender retries) and must not be stored as well.
    CountDownLatch firstCommitted = new CountDownLatch(1);
    WriteBatcher held = new WriteBatcher(body -> {
      body.run(null);
      if (firstCommitted.getCount() > 0) {
        try {
          commitMayFinish.await();
        } catch (InterruptedException e) {
          throw new SQLException(e);
        }
        firstCommitted.countDown();
      }
    }, "test-held-writer", new WriteHealth("(test)"), TimeUnit.MILLISECONDS.toNanos(100));
    AtomicBoolean written = new AtomicBoolean();
    CompletableFuture<Integer> first = held.submit(statements -> 1);
    Thread.sleep(50); // the first batch has begun and waits for its commit
    CompletableFuture<Integer> late = held.submitSheddable(statements -> {
      written.set(true);
      return 2;
    });

    Thread.sleep(300);
    commitMayFinish.countDown();

    assertEquals(1, first.get(5, TimeUnit.SECONDS));
    ExecutionException refused = assertThrows(ExecutionException.class,
        () -> late.get(5, TimeUnit.SECONDS));
    assertInstanceOf(WriteBatcher.Overloaded.class, refused.getCause());
    held.awaitSubmitted();
    assertFalse(written.get(), "refused with a 503 and stored all the same");
    held.close();
  }

  @Test
  void afterCloseQueuedWritesHaveCommittedAndNewOnesFail() throws Exception {
    CompletableFuture<Integer> queued = batcher.submit(statements -> 3);
    commitMayFinish.countDown();
    batcher.close();

    assertEquals(Integer.valueOf(3), queued.get(0, TimeUnit.SECONDS));
    ExecutionException refused = assertThrows(ExecutionException.class,
        () -> batcher.submit(statements -> 4).get(0, TimeUnit.SECONDS));
    assertEquals("the inbox is closed", refused.getCause().getMessage());
  }
}
