package dev.hooky.runtime.inbox.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
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
    CountDownLatch firstBegan = new CountDownLatch(1);
    WriteBatcher held = new WriteBatcher(body -> {
      body.run(null);
      if (firstCommitted.getCount() > 0) {
        firstBegan.countDown();
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
    assertTrue(firstBegan.await(5, TimeUnit.SECONDS)); // and waits for its commit
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

  @Test
  void theWriterThreadDoesNotKeepTheJvmAlive() {
    commitMayFinish.countDown();
    String name = "test-writer-" + System.nanoTime();
    WriteBatcher named = new WriteBatcher(body -> body.run(null), name);
    try {
      Thread writer = Thread.getAllStackTraces().keySet().stream()
          .filter(thread -> thread.getName().equals(name)).findFirst().orElseThrow();
      assertTrue(writer.isDaemon(), "an inbox left open must not stop the JVM from exiting");
    } finally {
      named.close();
    }
  }

  @Test
  void aWritesRuntimeFailureReachesItsCallerAsItIs() {
    commitMayFinish.countDown();
    IllegalStateException own = new IllegalStateException("a bug in the write");

    IllegalStateException thrown = assertThrows(IllegalStateException.class,
        () -> batcher.execute(statements -> {
          throw own;
        }));

    assertSame(own, thrown);
    batcher.close();
  }

  @Test
  void anErrorThrownByAWriteFailsItsBatchAndTheWriterGoesOn() throws Exception {
    commitMayFinish.countDown();
    StackOverflowError error = new StackOverflowError("a write recursed");

    CompletableFuture<Integer> failed = batcher.submit(statements -> {
      throw error;
    });

    ExecutionException thrown = assertThrows(ExecutionException.class,
        () -> failed.get(5, TimeUnit.SECONDS));
    assertSame(error, thrown.getCause());
    assertEquals(7, (int) batcher.<Integer>execute(statements -> 7));
    batcher.close();
  }

  @Test
  void anInterruptedCallerStillLearnsItsCommittedResultAndKeepsItsInterrupt() throws Exception {
    CompletableFuture<Integer> result = new CompletableFuture<>();
    Thread caller = new Thread(() -> {
      try {
        int committed = batcher.execute(statements -> 5);
        if (Thread.currentThread().isInterrupted()) {
          result.complete(committed);
        } else {
          result.completeExceptionally(new AssertionError("the interrupt was lost"));
        }
      } catch (SQLException | RuntimeException e) {
        result.completeExceptionally(e);
      }
    });
    caller.start();
    while (batcher.outstanding() == 0) {
      Thread.onSpinWait();
    }

    caller.interrupt(); // while its write waits for the held commit
    Thread.sleep(50);
    commitMayFinish.countDown();

    assertEquals(5, result.get(5, TimeUnit.SECONDS));
    batcher.close();
  }

  @Test
  void closingWhileInterruptedKeepsTheInterrupt() {
    commitMayFinish.countDown();
    Thread.currentThread().interrupt();

    batcher.close();

    assertTrue(Thread.interrupted(), "the interrupt is the caller's to handle");
  }

  @Test
  void awaitingWithNothingQueuedCostsNoTransaction() throws Exception {
    AtomicInteger transactions = new AtomicInteger();
    WriteBatcher counted = new WriteBatcher(body -> {
      transactions.incrementAndGet();
      body.run(null);
    }, "test-counted-writer");
    try {
      counted.execute(statements -> 1);

      counted.awaitSubmitted();
      counted.awaitSubmitted();

      assertEquals(1, transactions.get(), "a read after its writes committed waits for nothing");
    } finally {
      counted.close();
    }
  }

  @Test
  void aStatementIsPreparedOncePerConnectionAndAgainOnceClosed() throws Exception {
    AtomicInteger prepared = new AtomicInteger();
    AtomicBoolean statementClosed = new AtomicBoolean();
    PreparedStatement statement = (PreparedStatement) Proxy.newProxyInstance(
        getClass().getClassLoader(), new Class<?>[] {PreparedStatement.class},
        (proxy, method, arguments) -> method.getName().equals("isClosed")
            ? statementClosed.get() : null);
    Connection connection = (Connection) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {Connection.class}, (proxy, method, arguments) -> {
          if (method.getName().equals("prepareStatement")) {
            prepared.incrementAndGet();
            return statement;
          }
          throw new UnsupportedOperationException(method.getName());
        });
    WriteBatcher oneConnection = new WriteBatcher(body -> body.run(connection),
        "test-one-connection-writer");
    try {
      WriteBatcher.Write<Object> write = statements -> statements.prepare("UPDATE t SET v = 1");

      oneConnection.execute(write);
      oneConnection.execute(write);
      assertEquals(1, prepared.get(), "the second batch reuses the prepared statement");

      statementClosed.set(true); // as a driver does after some failures
      oneConnection.execute(write);
      assertEquals(2, prepared.get(), "a closed statement is prepared again");
    } finally {
      oneConnection.close();
    }
  }

  @Test
  void aStatementPreparedOnOneConnectionIsNeverUsedOnAnother() throws Exception {
    commitMayFinish.countDown();
    Connection first = connectionPreparing();
    Connection second = connectionPreparing();
    AtomicInteger transactions = new AtomicInteger();
    // A pool lends its connections in turn; a statement belongs to the one that prepared it.
    WriteBatcher pooled = new WriteBatcher(
        body -> body.run(transactions.getAndIncrement() % 2 == 0 ? first : second),
        "test-pooled-writer");
    try {
      for (int i = 0; i < 4; i++) {
        int transaction = i;
        Connection expected = i % 2 == 0 ? first : second;
        Connection used = pooled.execute(
            statements -> statements.prepare("UPDATE t SET v = 1").getConnection());
        assertSame(expected, used, "transaction " + transaction);
      }
    } finally {
      pooled.close();
    }
  }

  @Test
  void everyWriteSubmittedWhileTheInboxClosesCompletesOneWayOrTheOther() throws Exception {
    commitMayFinish.countDown();
    batcher.close();
    ExecutorService submitters = Executors.newFixedThreadPool(4);
    try {
      for (int round = 0; round < 50; round++) {
        WriteBatcher closing = new WriteBatcher(body -> body.run(null), "test-closing-writer");
        List<CompletableFuture<Integer>> submitted = new CopyOnWriteArrayList<>();
        CountDownLatch started = new CountDownLatch(4);
        List<Future<?>> loops = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
          loops.add(submitters.submit(() -> {
            started.countDown();
            CompletableFuture<Integer> last;
            do {
              last = closing.submit(statements -> 1);
              submitted.add(last);
            } while (!last.isCompletedExceptionally());
          }));
        }
        assertTrue(started.await(5, TimeUnit.SECONDS));

        closing.close();

        for (Future<?> loop : loops) {
          loop.get(5, TimeUnit.SECONDS);
        }
        for (CompletableFuture<Integer> write : submitted) {
          try {
            write.get(5, TimeUnit.SECONDS); // committed, or failed: never left waiting
          } catch (ExecutionException closed) {
            assertEquals("the inbox is closed", closed.getCause().getMessage());
          }
        }
      }
    } finally {
      submitters.shutdownNow();
    }
  }

  /** A connection whose prepared statements tell it as theirs, open until it is closed. */
  private Connection connectionPreparing() {
    Connection[] self = new Connection[1];
    self[0] = (Connection) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {Connection.class}, (proxy, method, arguments) -> {
          if (method.getName().equals("prepareStatement")) {
            return Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {PreparedStatement.class}, (statement, m, a) -> {
                  switch (m.getName()) {
                    case "getConnection":
                      return self[0];
                    case "isClosed":
                      return false;
                    default:
                      throw new UnsupportedOperationException(m.getName());
                  }
                });
          }
          throw new UnsupportedOperationException(method.getName());
        });
    return self[0];
  }
}
