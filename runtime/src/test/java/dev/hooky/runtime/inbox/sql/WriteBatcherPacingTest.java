package dev.hooky.runtime.inbox.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Group commit at a slow database's pace: a batch is cut to about half a second of work, by the
 * recent cost of a write, so that the last write of a batch does not wait for a thousand before
 * it; and the cut follows the pace measured, not a fixed count.
 */
class WriteBatcherPacingTest {
  /** Each write takes at least this long; so a batch holds at most 500 / 100 = 5 writes. */
  private static final long WRITE_MILLIS = 100;

  private final AtomicInteger inTransaction = new AtomicInteger();
  private final List<Integer> batchSizes = new CopyOnWriteArrayList<>();
  private final WriteBatcher batcher = new WriteBatcher(body -> {
    inTransaction.set(0);
    body.run(null);
    batchSizes.add(inTransaction.get());
  }, "test-paced-writer");

  @AfterEach
  void close() {
    batcher.close();
  }

  @Test
  void aBatchHoldsAboutHalfASecondOfWorkAtTheRecentPace() throws Exception {
    batcher.execute(this::slowWrite); // the writer learns the pace: 100 ms a write
    batchSizes.clear();

    List<CompletableFuture<Integer>> queued = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      queued.add(batcher.submit(this::slowWrite));
    }
    for (CompletableFuture<Integer> write : queued) {
      write.get(30, TimeUnit.SECONDS);
    }

    assertEquals(20, batchSizes.stream().mapToInt(Integer::intValue).sum());
    int largest = batchSizes.stream().mapToInt(Integer::intValue).max().orElseThrow();
    assertTrue(largest <= 5, "at most half a second of work per batch: " + batchSizes);
    assertTrue(batchSizes.size() <= 8, "yet batches, not one write at a time: " + batchSizes);
  }

  @Test
  void anAppendIsRefusedAtOnceWhenTheQueueAtTheRecentPaceWouldOutlastTheBudget()
      throws Exception {
    CountDownLatch held = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    WriteBatcher budgeted = new WriteBatcher(body -> body.run(null), "test-budgeted-writer",
        new WriteHealth("(test)"), TimeUnit.MILLISECONDS.toNanos(300));
    try {
      budgeted.execute(this::slowWrite); // the pace: 100 ms a write
      budgeted.submit(statements -> hold(held, release));
      assertTrue(held.await(5, TimeUnit.SECONDS));
      for (int i = 0; i < 5; i++) {
        budgeted.submit(this::slowWrite); // five queued: about 500 ms of work, none old yet
      }

      CompletableFuture<Integer> append = budgeted.submitSheddable(statements -> 1);

      assertTrue(append.isCompletedExceptionally(), "refused before it waits past 300 ms");
    } finally {
      release.countDown();
      budgeted.close();
    }
  }

  @Test
  void anAppendBehindAShortYoungQueueIsTaken() throws Exception {
    CountDownLatch held = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    batcher.submit(statements -> hold(held, release));
    assertTrue(held.await(5, TimeUnit.SECONDS));
    batcher.submit(statements -> 0);

    CompletableFuture<Integer> append = batcher.submitSheddable(statements -> 1);

    assertFalse(append.isDone(), "queued, within the budget of 2 s");
    release.countDown();
    assertEquals(1, (int) append.get(5, TimeUnit.SECONDS));
  }

  private static Integer hold(CountDownLatch held, CountDownLatch release) {
    held.countDown();
    try {
      release.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }

  private Integer slowWrite(WriteBatcher.Statements statements) {
    inTransaction.incrementAndGet();
    try {
      Thread.sleep(WRITE_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 1;
  }
}
