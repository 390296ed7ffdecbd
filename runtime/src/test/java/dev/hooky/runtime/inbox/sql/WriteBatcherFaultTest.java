package dev.hooky.runtime.inbox.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

/**
 * The group commit under a storage fault the test turns on and off: writes fail fast, the
 * connections are dropped, the fault is logged once and its end once, and a probe heals the
 * batcher when no write comes.
 */
class WriteBatcherFaultTest {
  private final AtomicBoolean broken = new AtomicBoolean();
  /** The probe fails with its own problem while this is set, whatever writes do. */
  private final AtomicBoolean probeBroken = new AtomicBoolean();
  private final AtomicInteger transactions = new AtomicInteger();
  private final AtomicInteger probes = new AtomicInteger();
  private final AtomicInteger resets = new AtomicInteger();
  private final RecordingLogger log = new RecordingLogger();
  private final WriteBatcher batcher = new WriteBatcher(new WriteBatcher.Transactions() {
    @Override
    public void inTransaction(WriteBatcher.TransactionBody body) throws SQLException {
      transactions.incrementAndGet();
      if (broken.get()) {
        throw new SQLTransientConnectionException("the disk is on fire", "08006");
      }
      body.run(null);
    }

    @Override
    public void probe() throws SQLException {
      probes.incrementAndGet();
      if (probeBroken.get()) {
        throw new SQLTransientConnectionException("the probe found the disk on fire", "08006");
      }
      inTransaction(connection -> { });
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
  void aFaultFailsFastIsLoggedOnceAndHealsByAProbeWithoutWrites() throws Exception {
    assertEquals(1, (int) batcher.<Integer>execute(statements -> 1));
    broken.set(true);

    SQLException first = assertThrows(SQLException.class, () -> batcher.execute(s -> 2));
    assertTrue(first.getMessage().contains("on fire"), first.getMessage());
    assertEquals("08006", first.getSQLState(), "the storage's own failure, not a wrapper");
    assertFalse(batcher.health().writable());
    assertEquals("the disk is on fire", batcher.health().current().problem());
    assertTrue(resets.get() >= 1, "the connections were dropped");
    int tried = transactions.get();
    long started = System.nanoTime();
    for (int i = 0; i < 20; i++) {
      assertThrows(SQLException.class, () -> batcher.execute(s -> 3));
    }
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    assertTrue(transactions.get() - tried <= 2, "between attempts, writes fail without trying: "
        + (transactions.get() - tried) + " transactions for 20 writes in " + millis + " ms");
    batcher.awaitSubmitted(); // A barrier waits, but does not fail for the fault.

    broken.set(false);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
    // The recovery is logged just after the health turns writable: wait for both.
    while ((!batcher.health().writable() || log.levels().size() < 2)
        && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertTrue(batcher.health().writable(), "a probe found the storage mended, no write needed");
    assertTrue(probes.get() >= 1);
    assertEquals(List.of(Level.ERROR, Level.WARN), log.levels(), log.lines.toString());
    assertTrue(log.lines.get(0).contains("the disk is on fire"), log.lines.get(0));
    assertTrue(log.lines.get(1).contains("; 21 write(s) failed"), log.lines.get(1));
    assertEquals(4, (int) batcher.<Integer>execute(statements -> 4));
  }

  @Test
  void aWritesOwnFailureLeavesTheStorageWritable() throws Exception {
    SQLException own = assertThrows(SQLException.class, () -> batcher.execute(statements -> {
      throw new SQLException("duplicate key", "23505");
    }));
    assertEquals("23505", own.getSQLState());
    assertTrue(batcher.health().writable());
    assertEquals(0, resets.get());
    assertTrue(log.lines.isEmpty(), log.lines.toString());
  }

  @Test
  void theFirstWriteToCommitAfterAFaultEndsIt() throws Exception {
    probeBroken.set(true); // only a write can tell the storage works again
    broken.set(true);
    assertThrows(SQLException.class, () -> batcher.execute(s -> 1));
    broken.set(false);

    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (true) {
      try {
        assertEquals(2, (int) batcher.<Integer>execute(s -> 2));
        break;
      } catch (SQLException refusedBetweenAttempts) {
        assertTrue(System.nanoTime() < deadline, "never tried again");
        Thread.sleep(50);
      }
    }

    assertTrue(batcher.health().writable(), "healed as the write committed");
  }

  @Test
  void aProbeThatFailsKeepsTheFaultWithTheProbesProblem() throws Exception {
    probeBroken.set(true);
    broken.set(true);
    assertThrows(SQLException.class, () -> batcher.execute(s -> 1));

    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (probes.get() == 0 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    Thread.sleep(50);

    assertTrue(probes.get() >= 1, "a probe ran while no write came");
    assertFalse(batcher.health().writable());
    assertEquals("the probe found the disk on fire", batcher.health().current().problem());
  }

  @Test
  void noProbeRunsWhileTheStorageWorks() throws Exception {
    assertEquals(1, (int) batcher.<Integer>execute(s -> 1));

    Thread.sleep(1_300); // past the retry interval, several idle polls

    assertEquals(0, probes.get());
    assertEquals(1, transactions.get());
  }

  @Test
  void theDefaultProbeTriesATransactionAndSoFindsTheStorageStillFailing() throws Exception {
    AtomicInteger tried = new AtomicInteger();
    WriteBatcher plain = new WriteBatcher(body -> {
      tried.incrementAndGet();
      throw new SQLTransientConnectionException("the disk is on fire", "08006");
    }, "test-plain-writer");
    try {
      assertThrows(SQLException.class, () -> plain.execute(s -> 1));
      int afterWrite = tried.get();

      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (tried.get() == afterWrite && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      Thread.sleep(50);

      assertTrue(tried.get() > afterWrite, "the probe opened a transaction");
      assertFalse(plain.health().writable(), "and did not call a failing storage mended");
    } finally {
      plain.close();
    }
  }

  @Test
  void duringAFaultWithoutWritesTheProbeRunsOnceASecond() throws Exception {
    probeBroken.set(true);
    broken.set(true);
    assertThrows(SQLException.class, () -> batcher.execute(s -> 1));

    Thread.sleep(1_500);

    assertTrue(probes.get() >= 1 && probes.get() <= 2, "probes in 1.5 s: " + probes.get());
  }
}
