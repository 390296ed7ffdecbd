package dev.hooky.runtime.inbox.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hooky.runtime.testing.StandardErrorCapture;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One group commit of several writes on a real SQLite file, where one write fails on its own: the
 * others commit, each exactly once, and only the bad one fails; unless the storage itself fails
 * while the bad one is sought. Writes queue behind a first transaction held open, so that they
 * share the next one.
 */
class WriteBatcherIsolationTest {
  private static final String INSERT = "INSERT INTO hooky_attempts (delivery_id, attempt,"
      + " handler, started_at, duration_micros) VALUES (1, 1, ?, 0, 0)";

  @TempDir
  Path directory;

  private SqliteFile file;
  private final CountDownLatch firstHeld = new CountDownLatch(1);
  private final CountDownLatch release = new CountDownLatch(1);
  private final AtomicBoolean first = new AtomicBoolean(true);
  /** While set, every transaction fails as a disk that is gone would. */
  private final AtomicBoolean diskGone = new AtomicBoolean();
  private WriteBatcher batcher;

  @BeforeEach
  void open() throws Exception {
    file = SqliteFile.open(directory.resolve("hooky.db"));
    batcher = new WriteBatcher(new WriteBatcher.Transactions() {
      @Override
      public void inTransaction(WriteBatcher.TransactionBody body) throws SQLException {
        if (first.getAndSet(false)) {
          firstHeld.countDown();
          try {
            release.await();
          } catch (InterruptedException e) {
            throw new SQLException(e);
          }
        }
        if (diskGone.get()) {
          throw new SQLTransientConnectionException("the disk is gone", "08006");
        }
        file.inTransaction(body);
      }

      @Override
      public void reset() {
        file.reset();
      }
    }, "test-writer");
  }

  @AfterEach
  void close() {
    release.countDown();
    batcher.close();
    file.close();
  }

  @Test
  void oneBadWriteInAGroupCommitFailsAloneAndTheOthersCommitOnce() throws Exception {
    List<CompletableFuture<Integer>> writes;
    try (StandardErrorCapture log = new StandardErrorCapture()) {
      writes = queuedBehindAHeldCommit(insert("a"), insert(null), insert("b"), insert("c"));
      batcher.awaitSubmitted();
      assertEquals(0, log.linesContaining("Inbox write batch failed"), "isolating is no failure");
    }

    assertEquals(1, (int) writes.get(0).get(5, TimeUnit.SECONDS));
    ExecutionException bad = assertThrowsExecution(writes.get(1));
    assertTrue(bad.getCause().getMessage().contains("NOT NULL"), bad.getCause().getMessage());
    assertEquals(1, (int) writes.get(2).get(5, TimeUnit.SECONDS));
    assertEquals(1, (int) writes.get(3).get(5, TimeUnit.SECONDS));
    assertEquals(List.of("a", "b", "c"), handlers(), "each good write once, the batch rolled back");
    assertTrue(batcher.health().writable(), "a write's own failure is no fault");
  }

  @Test
  void oneBadWriteAmongGroupedWritesFailsAloneToo() throws Exception {
    List<List<Object>> groupsRun = new CopyOnWriteArrayList<>();
    WriteBatcher.Group inserts = (statements, together) -> {
      List<Object> results = new ArrayList<>();
      for (WriteBatcher.Write<?> write : together) {
        results.add(write.run(statements));
      }
      groupsRun.add(results);
      return results;
    };
    List<CompletableFuture<Integer>> writes = queuedBehindAHeldCommit(
        grouped(inserts, "a"), grouped(inserts, null), grouped(inserts, "b"));

    assertEquals(1, (int) writes.get(0).get(5, TimeUnit.SECONDS));
    assertThrowsExecution(writes.get(1));
    assertEquals(1, (int) writes.get(2).get(5, TimeUnit.SECONDS));
    assertEquals(List.of("a", "b"), handlers());
    assertEquals(List.of(), groupsRun, "the group's only run failed; each then ran alone");
  }

  @Test
  void consecutiveWritesOfOneGroupRunInOneCallAndOthersRunAlone() throws Exception {
    List<Integer> groupSizes = new CopyOnWriteArrayList<>();
    WriteBatcher.Group inserts = (statements, together) -> {
      groupSizes.add(together.size());
      List<Object> results = new ArrayList<>();
      for (WriteBatcher.Write<?> write : together) {
        results.add(write.run(statements));
      }
      return results;
    };
    List<CompletableFuture<Integer>> writes = queuedBehindAHeldCommit(
        grouped(inserts, "a"), grouped(inserts, "b"), insert("c"), grouped(inserts, "d"),
        grouped(null, "e"), grouped(inserts, "f"), grouped(inserts, "g"), grouped(inserts, "h"));

    for (CompletableFuture<Integer> write : writes) {
      assertEquals(1, (int) write.get(5, TimeUnit.SECONDS));
    }
    assertEquals(List.of("a", "b", "c", "d", "e", "f", "g", "h"), handlers());
    assertEquals(List.of(2, 3), groupSizes,
        "a and b together, f to h together; d alone between others, e has no group");
  }

  @Test
  void aStorageFaultWhileTheBadWriteIsSoughtFailsTheRestWithoutTryingThem() throws Exception {
    WriteBatcher.Write<Integer> badThenDiskGone = statements -> {
      diskGone.set(true);
      return insert(null).run(statements);
    };
    List<CompletableFuture<Integer>> writes = queuedBehindAHeldCommit(
        insert("a"), badThenDiskGone, insert("b"));

    ExecutionException first = assertThrowsExecution(writes.get(0));
    assertEquals("the disk is gone", first.getCause().getMessage());
    for (CompletableFuture<Integer> rest : writes.subList(1, 3)) {
      ExecutionException failed = assertThrowsExecution(rest);
      assertInstanceOf(SQLTransientConnectionException.class, failed.getCause());
      assertEquals("the inbox cannot write: the disk is gone", failed.getCause().getMessage());
    }
    assertFalse(batcher.health().writable());
    assertTrue(batcher.health().current().problem().endsWith("the disk is gone"),
        batcher.health().current().problem());
    diskGone.set(false);
    assertEquals(List.of(), handlers(), "nothing was stored");
  }

  /**
   * Holds the first transaction open while {@code writes} queue, so that they run in the next
   * group commit together; returns their results.
   */
  @SafeVarargs
  private List<CompletableFuture<Integer>> queuedBehindAHeldCommit(
      WriteBatcher.Write<Integer>... writes) throws Exception {
    CompletableFuture<Object> holder = batcher.submit(statements -> null);
    assertTrue(firstHeld.await(5, TimeUnit.SECONDS));
    List<CompletableFuture<Integer>> results = new ArrayList<>();
    for (WriteBatcher.Write<Integer> write : writes) {
      results.add(batcher.submit(write));
    }
    release.countDown();
    holder.get(5, TimeUnit.SECONDS);
    return results;
  }

  /** Inserts a history row with this handler; null breaks a NOT NULL constraint. */
  private static WriteBatcher.Write<Integer> insert(String handler) {
    return statements -> {
      PreparedStatement insert = statements.prepare(INSERT);
      insert.setString(1, handler);
      return insert.executeUpdate();
    };
  }

  private static WriteBatcher.Grouped<Integer> grouped(WriteBatcher.Group group, String handler) {
    WriteBatcher.Write<Integer> insert = insert(handler);
    return new WriteBatcher.Grouped<>() {
      @Override
      public WriteBatcher.Group group() {
        return group;
      }

      @Override
      public Integer run(WriteBatcher.Statements statements) throws SQLException {
        return insert.run(statements);
      }
    };
  }

  private List<String> handlers() throws SQLException {
    return file.read(connection -> {
      List<String> handlers = new ArrayList<>();
      try (PreparedStatement select = connection.prepareStatement(
          "SELECT handler FROM hooky_attempts ORDER BY rowid");
          ResultSet result = select.executeQuery()) {
        while (result.next()) {
          handlers.add(result.getString(1));
        }
      }
      return handlers;
    });
  }

  private static ExecutionException assertThrowsExecution(CompletableFuture<?> write) {
    try {
      write.get(5, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      return e;
    } catch (Exception e) {
      throw new AssertionError("not failed in time", e);
    }
    throw new AssertionError("succeeded: expected it to fail");
  }
}
