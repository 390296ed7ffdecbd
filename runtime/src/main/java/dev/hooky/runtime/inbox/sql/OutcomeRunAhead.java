package dev.hooky.runtime.inbox.sql;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * How far a worker's handling may run ahead of the commits of its outcomes (SQLite).
 *
 * <p>Outcomes join the next group commit without waiting. A worker that takes more deliveries
 * first waits until at most {@link #limit} of its own outcomes are still uncommitted. That bounds
 * what a crash repeats, per worker, to those outcomes plus the claim batch in hand. Waiting for
 * every earlier outcome instead (a limit of 0) held each worker to one claim batch per group
 * commit, a sync to disk each: the workers fell behind the appends under sustained load.
 *
 * <p>Per thread, because the bound is per worker and a worker's outcomes are its own; threads
 * that record outcomes without taking (a test, a replay run by hand) keep only their uncommitted
 * ones, pruned as they record more.
 */
final class OutcomeRunAhead {
  private final int limit;
  private final ThreadLocal<ArrayDeque<CompletableFuture<?>>> uncommitted =
      ThreadLocal.withInitial(ArrayDeque::new);

  /** @param limit how many of a worker's outcomes may be uncommitted when it takes more */
  OutcomeRunAhead(int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit < 0: " + limit);
    }
    this.limit = limit;
  }

  /** Remembers an outcome the calling thread queued; {@code committed} completes with it. */
  void recorded(CompletableFuture<?> committed) {
    ArrayDeque<CompletableFuture<?>> mine = uncommitted.get();
    pruneDone(mine);
    mine.addLast(committed);
  }

  /**
   * Waits until at most {@link #limit} of the calling thread's outcomes are uncommitted. A failed
   * outcome counts as done: the inbox has released its row to run again.
   */
  void awaitRoom() throws InterruptedException {
    ArrayDeque<CompletableFuture<?>> mine = uncommitted.get();
    pruneDone(mine);
    while (mine.size() > limit) {
      // Outcomes commit in the order they were queued: the oldest is the one to wait for.
      try {
        mine.peekFirst().get();
      } catch (ExecutionException failed) {
        // Logged, and its row released, where it was recorded.
      }
      mine.pollFirst();
      pruneDone(mine);
    }
  }

  /** How many of the calling thread's outcomes are not known to be committed. */
  int uncommitted() {
    ArrayDeque<CompletableFuture<?>> mine = uncommitted.get();
    pruneDone(mine);
    return mine.size();
  }

  private static void pruneDone(ArrayDeque<CompletableFuture<?>> mine) {
    while (!mine.isEmpty() && mine.peekFirst().isDone()) {
      mine.pollFirst();
    }
  }
}
