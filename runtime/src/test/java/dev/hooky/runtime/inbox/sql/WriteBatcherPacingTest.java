package dev.hooky.runtime.inbox.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
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
