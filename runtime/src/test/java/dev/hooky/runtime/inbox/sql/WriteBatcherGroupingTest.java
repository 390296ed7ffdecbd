package dev.hooky.runtime.inbox.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Group commit, grouped writes: the writes of one kind in a batch run together in one call (one
 * round trip on PostgreSQL), however the other kinds interleave with them, and never across a
 * write that is not grouped.
 */
class WriteBatcherGroupingTest {
  /** What ran, in order: "A[a1, a2]" for a group's call, "plain" for an ungrouped write. */
  private final List<String> ran = Collections.synchronizedList(new ArrayList<>());
  private final CountDownLatch firstBatchMayFinish = new CountDownLatch(1);
  private final WriteBatcher batcher = new WriteBatcher(body -> body.run(null), "test-writer");

  @AfterEach
  void close() {
    firstBatchMayFinish.countDown();
    batcher.close();
  }

  /** A group that records each call with the names of its writes and answers each its name. */
  private final class Kind implements WriteBatcher.Group {
    private final String name;

    Kind(String name) {
      this.name = name;
    }

    @Override
    public List<Object> runAll(WriteBatcher.Statements statements,
        List<WriteBatcher.Write<?>> writes) {
      List<Object> results = new ArrayList<>();
      for (WriteBatcher.Write<?> write : writes) {
        results.add(((Named) write).name);
      }
      ran.add(name + results);
      return results;
    }

    Named write(String writeName) {
      return new Named(this, writeName);
    }
  }

  private final class Named implements WriteBatcher.Grouped<String> {
    private final Kind kind;
    private final String name;

    Named(Kind kind, String name) {
      this.kind = kind;
      this.name = name;
    }

    @Override
    public WriteBatcher.Group group() {
      return kind;
    }

    @Override
    public String run(WriteBatcher.Statements statements) {
      ran.add(kind.name + "[" + name + "]");
      return name;
    }
  }

  /** Holds the writer in a first batch, so that everything submitted meanwhile forms the next. */
  private void holdTheWriter() throws InterruptedException {
    CountDownLatch holding = new CountDownLatch(1);
    batcher.submit(statements -> {
      holding.countDown();
      try {
        firstBatchMayFinish.await();
      } catch (InterruptedException e) {
        throw new SQLException(e);
      }
      return null;
    });
    holding.await(5, TimeUnit.SECONDS);
  }

  @Test
  void interleavedWritesOfTwoKindsRunAsOneCallPerKindAndEachGetsItsOwnResult()
      throws Exception {
    Kind a = new Kind("A");
    Kind b = new Kind("B");
    holdTheWriter();
    List<CompletableFuture<String>> results = new ArrayList<>();
    for (Named write : List.of(a.write("a1"), b.write("b1"), a.write("a2"), b.write("b2"),
        a.write("a3"))) {
      results.add(batcher.submit(write));
    }
    firstBatchMayFinish.countDown();

    List<String> answers = new ArrayList<>();
    for (CompletableFuture<String> result : results) {
      answers.add(result.get(5, TimeUnit.SECONDS));
    }
    assertEquals(List.of("a1", "b1", "a2", "b2", "a3"), answers);
    assertEquals(List.of("A[a1, a2, a3]", "B[b1, b2]"), ran);
  }

  @Test
  void aWriteThatIsNotGroupedKeepsItsPlaceBetweenTheGroupedOnes() throws Exception {
    Kind a = new Kind("A");
    holdTheWriter();
    CompletableFuture<String> first = batcher.submit(a.write("a1"));
    CompletableFuture<String> second = batcher.submit(a.write("a2"));
    CompletableFuture<String> plain = batcher.submit(statements -> {
      ran.add("plain");
      return "plain";
    });
    CompletableFuture<String> third = batcher.submit(a.write("a3"));
    firstBatchMayFinish.countDown();

    assertEquals("a1", first.get(5, TimeUnit.SECONDS));
    assertEquals("a2", second.get(5, TimeUnit.SECONDS));
    assertEquals("plain", plain.get(5, TimeUnit.SECONDS));
    assertEquals("a3", third.get(5, TimeUnit.SECONDS));
    assertEquals(List.of("A[a1, a2]", "plain", "A[a3]"), ran);
  }
}
