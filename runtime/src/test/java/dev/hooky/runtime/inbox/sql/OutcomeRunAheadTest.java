package dev.hooky.runtime.inbox.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A worker may run ahead of its outcomes' commits by the limit, and no further. */
class OutcomeRunAheadTest {
  private final ExecutorService worker = Executors.newSingleThreadExecutor();

  @AfterEach
  void stopWorker() {
    worker.shutdownNow();
  }

  @Test
  void takingMoreDoesNotWaitWhileUncommittedOutcomesAreWithinTheLimit() throws Exception {
    OutcomeRunAhead runAhead = new OutcomeRunAhead(3);
    List<CompletableFuture<Integer>> outcomes = uncommitted(3);

    worker.submit(() -> {
      outcomes.forEach(runAhead::recorded);
      runAhead.awaitRoom();
      return null;
    }).get(5, TimeUnit.SECONDS);
  }

  @Test
  void takingMoreWaitsForTheOldestOutcomeOnceBeyondTheLimit() throws Exception {
    OutcomeRunAhead runAhead = new OutcomeRunAhead(3);
    List<CompletableFuture<Integer>> outcomes = uncommitted(5);
    CountDownLatch recorded = new CountDownLatch(1);

    Future<Integer> left = worker.submit(() -> {
      outcomes.forEach(runAhead::recorded);
      recorded.countDown();
      runAhead.awaitRoom();
      return runAhead.uncommitted();
    });
    assertTrue(recorded.await(5, TimeUnit.SECONDS));

    outcomes.get(0).complete(1);
    // Four still uncommitted: one more than the limit, so the worker still waits.
    assertThrows(java.util.concurrent.TimeoutException.class,
        () -> left.get(200, TimeUnit.MILLISECONDS));
    assertFalse(left.isDone());
    outcomes.get(1).completeExceptionally(new IllegalStateException("disk full"));
    assertEquals(3, left.get(5, TimeUnit.SECONDS),
        "a failed outcome is done too: its row was released to run again");
  }

  @Test
  void eachWorkerIsBoundByItsOwnOutcomes() throws Exception {
    OutcomeRunAhead runAhead = new OutcomeRunAhead(1);
    uncommitted(4).forEach(runAhead::recorded); // This thread's, not the worker's.

    assertEquals(0, worker.submit(() -> {
      runAhead.awaitRoom();
      return runAhead.uncommitted();
    }).get(5, TimeUnit.SECONDS));
    assertEquals(4, runAhead.uncommitted());
  }

  @Test
  void aLimitOfZeroWaitsForEveryOutcome() throws Exception {
    OutcomeRunAhead runAhead = new OutcomeRunAhead(0);
    CompletableFuture<Integer> outcome = new CompletableFuture<>();
    CountDownLatch recorded = new CountDownLatch(1);

    Future<Integer> left = worker.submit(() -> {
      runAhead.recorded(outcome);
      recorded.countDown();
      runAhead.awaitRoom();
      return runAhead.uncommitted();
    });
    assertTrue(recorded.await(5, TimeUnit.SECONDS));
    assertThrows(java.util.concurrent.TimeoutException.class,
        () -> left.get(200, TimeUnit.MILLISECONDS));
    outcome.complete(1);
    assertEquals(0, left.get(5, TimeUnit.SECONDS));
  }

  @Test
  void outcomesCountAsUncommittedOnlyUntilTheirCommit() {
    OutcomeRunAhead runAhead = new OutcomeRunAhead(8);
    List<CompletableFuture<Integer>> outcomes = uncommitted(3);
    outcomes.forEach(runAhead::recorded);
    assertEquals(3, runAhead.uncommitted());

    outcomes.get(0).complete(1);
    outcomes.get(1).complete(1);
    assertEquals(1, runAhead.uncommitted());
  }

  @Test
  void aNegativeLimitIsRefused() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new OutcomeRunAhead(-1));
    assertEquals("limit < 0: -1", e.getMessage());
  }

  private static List<CompletableFuture<Integer>> uncommitted(int count) {
    List<CompletableFuture<Integer>> outcomes = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      outcomes.add(new CompletableFuture<>());
    }
    return outcomes;
  }
}
