package dev.hooky.runtime.inbox.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit: one thread runs the writes that callers hand it, as many as are waiting, in one
 * transaction, so that one commit (one fsync) serves many requests. A caller waits for the commit
 * of its own write. If a batch fails, each of its writes is run again in a transaction of its own,
 * so that one bad write fails alone.
 *
 * <p>A storage fault (disk full, I/O error, file gone, server down; see {@link StorageFaults})
 * fails the whole batch and makes the batcher unwritable ({@link #health}): it drops its
 * connections, and from then on fails writes at once, without touching the database, except for
 * one attempt at most every {@link #RETRY_NANOS}, made by the next batch or, when none comes, by
 * a probe. The first commit that works ends the fault. So a caller waits at most for one attempt
 * (a pool's connection time-out) during a fault, and the inbox heals within about a second of
 * the fault going away, whether requests come or not.
 */
final class WriteBatcher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WriteBatcher.class);
  private static final int MAX_BATCH = 512;
  /** How often a faulty database is tried again. */
  static final long RETRY_NANOS = TimeUnit.SECONDS.toNanos(1);
  /**
   * A batch that fails faster than this is tried again at once, on new connections; a slower
   * failure (a pool's time-out) is not, so that its callers wait at most about this plus one
   * connection time-out.
   */
  private static final long QUICK_FAILURE_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
  /** How many times a quickly failing batch is tried again at once before it counts as a fault. */
  private static final int QUICK_RETRIES = 3;

  /** One unit of work in a batch's transaction. */
  @FunctionalInterface
  interface Write<T> {
    T run(Statements statements) throws SQLException;
  }

  /**
   * Prepared statements of the batch's connection, kept while the connection is (SQLite's one
   * writer connection: for good), since preparing costs more than running. Callers do not close
   * them.
   */
  interface Statements {
    PreparedStatement prepare(String sql) throws SQLException;
  }

  /** Lends a connection for one transaction. */
  @FunctionalInterface
  interface Transactions {
    void inTransaction(TransactionBody body) throws SQLException;

    /**
     * During a fault, when no write comes: a transaction that writes nothing that matters but
     * fails as long as real writes would.
     */
    default void probe() throws SQLException {
      inTransaction(connection -> { });
    }

    /**
     * After a storage fault: drops the connections (and so their prepared statements), so that
     * the next transaction opens new ones.
     */
    default void reset() {
    }
  }

  @FunctionalInterface
  interface TransactionBody {
    void run(Connection connection) throws SQLException;
  }

  /** A queued write; a barrier only waits for the writes before it (see awaitSubmitted). */
  private record Pending<T>(Write<T> write, CompletableFuture<T> result, boolean barrier) {}

  private final Transactions transactions;
  private final WriteHealth health;
  /** When the last attempt during a fault was made; writer thread only. */
  private long lastAttempt;
  /** Used by the writer thread only. */
  private Connection cachedFor;
  private final Map<String, PreparedStatement> cache = new HashMap<>();
  private final BlockingQueue<Pending<?>> queue = new LinkedBlockingQueue<>();
  private final AtomicInteger outstanding = new AtomicInteger();
  private final Thread thread;
  private volatile boolean closed;

  WriteBatcher(Transactions transactions, String name) {
    this(transactions, name, new WriteHealth("(" + name + ")"));
  }

  WriteBatcher(Transactions transactions, String name, WriteHealth health) {
    this.transactions = transactions;
    this.health = health;
    this.thread = new Thread(this::loop, name);
    this.thread.setDaemon(true);
    this.thread.start();
  }

  /** Runs {@code write} in the next batch and returns its result once committed. */
  <T> T execute(Write<T> write) throws SQLException {
    CompletableFuture<T> result = submit(write);
    try {
      // Uninterruptibly: once queued, the write commits anyway, and its caller must learn the
      // result (a claim it abandoned would stay leased). Commits take milliseconds.
      return getUninterruptibly(result);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof SQLException) {
        throw (SQLException) cause;
      }
      if (cause instanceof RuntimeException) {
        throw (RuntimeException) cause;
      }
      throw new SQLException(cause);
    }
  }

  /**
   * Queues {@code write} for the next batch without waiting: the future completes once it has
   * committed (or failed). Until then {@link #awaitSubmitted} waits for it.
   */
  <T> CompletableFuture<T> submit(Write<T> write) {
    return submit(write, false);
  }

  private <T> CompletableFuture<T> submit(Write<T> write, boolean barrier) {
    if (closed) {
      return CompletableFuture.failedFuture(new SQLException("the inbox is closed"));
    }
    Pending<T> pending = new Pending<>(write, new CompletableFuture<>(), barrier);
    outstanding.incrementAndGet();
    pending.result().whenComplete((result, error) -> outstanding.decrementAndGet());
    queue.add(pending);
    return pending.result();
  }

  /**
   * Waits until every write queued so far has committed or failed, so that a read on another
   * connection sees them. Returns at once when nothing is queued.
   */
  void awaitSubmitted() throws SQLException {
    if (outstanding.get() > 0) {
      // The queue is first in, first out: once this no-op is done, so is everything before it.
      // (A barrier never fails for a fault: it writes nothing, and reads may still work.)
      try {
        getUninterruptibly(submit(statements -> null, true));
      } catch (ExecutionException e) {
        throw new SQLException(e.getCause());
      }
    }
  }

  /** Whether writes work, after the last one tried. */
  WriteHealth health() {
    return health;
  }

  private static <T> T getUninterruptibly(CompletableFuture<T> result)
      throws ExecutionException {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return result.get();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void loop() {
    List<Pending<?>> batch = new ArrayList<>();
    while (!closed || !queue.isEmpty()) {
      try {
        Pending<?> first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          if (!health.writable() && retryDue()) {
            probe();
          }
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, MAX_BATCH - 1);
        if (!health.writable() && !retryDue()) {
          refuse(batch);
        } else {
          runBatch(batch);
        }
      } catch (InterruptedException e) {
        if (closed) {
          break;
        }
      } catch (Throwable e) {
        log.error("Inbox write batch failed", e);
        batch.forEach(pending -> pending.result().completeExceptionally(e));
      } finally {
        batch.clear();
      }
    }
    SQLException closedError = new SQLException("the inbox is closed");
    queue.forEach(pending -> pending.result().completeExceptionally(closedError));
  }

  private boolean retryDue() {
    return System.nanoTime() - lastAttempt >= RETRY_NANOS;
  }

  private void runBatch(List<Pending<?>> batch) {
    long started = System.nanoTime();
    try {
      commitBatch(batch);
    } catch (SQLException fault) {
      // Failed at once: most likely a connection that died with its server (a restart), or a
      // SQLite connection a fault left broken. Again, at once, on new connections: a pool may
      // hold several dead ones, so a few times while each failure stays quick.
      for (int retry = 0; retry < QUICK_RETRIES
          && System.nanoTime() - started < QUICK_FAILURE_NANOS; retry++) {
        transactions.reset();
        started = System.nanoTime();
        try {
          commitBatch(batch);
          return;
        } catch (SQLException again) {
          fault = again;
        }
      }
      fault(batch, fault);
    }
  }

  /**
   * Runs {@code batch} in one transaction and completes its writes; a write's own failure fails
   * that write alone, a fault while finding it the rest.
   *
   * @throws SQLException a storage fault in the batch's transaction: every write still waits
   */
  private void commitBatch(List<Pending<?>> batch) throws SQLException {
    List<Object> results = new ArrayList<>(batch.size());
    try {
      transactions.inTransaction(connection -> {
        results.clear();
        Statements statements = statementsOf(connection);
        for (Pending<?> pending : batch) {
          results.add(pending.write().run(statements));
        }
      });
      health.succeeded();
      for (int i = 0; i < batch.size(); i++) {
        complete(batch.get(i), results.get(i));
      }
    } catch (SQLException | RuntimeException batchFailure) {
      if (StorageFaults.isFault(batchFailure)) {
        throw asSqlException(batchFailure);
      }
      if (batch.size() == 1) {
        batch.get(0).result().completeExceptionally(batchFailure);
        return;
      }
      // Find the bad write(s): each alone in its own transaction.
      for (int i = 0; i < batch.size(); i++) {
        if (!runAlone(batch.get(i))) {
          // The storage failed, not the write: the rest shares the fault.
          List<Pending<?>> rest = batch.subList(i + 1, batch.size());
          fault(rest, new SQLTransientConnectionException("the inbox cannot write: "
              + health.current().problem()));
          return;
        }
      }
    }
  }

  /**
   * Runs one write in a transaction of its own.
   *
   * @return false when a storage fault failed it (and was recorded)
   */
  private <T> boolean runAlone(Pending<T> pending) {
    List<T> result = new ArrayList<>(1);
    try {
      transactions.inTransaction(
          connection -> result.add(pending.write().run(statementsOf(connection))));
      health.succeeded();
      pending.result().complete(result.get(0));
    } catch (SQLException | RuntimeException e) {
      if (StorageFaults.isFault(e)) {
        fault(List.of(pending), e);
        return false;
      }
      pending.result().completeExceptionally(e);
    }
    return true;
  }

  private static SQLException asSqlException(Exception e) {
    return e instanceof SQLException ? (SQLException) e : new SQLException(e.getMessage(), e);
  }

  /** The storage failed {@code batch}: fail it, drop the connections, try again later. */
  private void fault(List<Pending<?>> batch, Exception cause) {
    lastAttempt = System.nanoTime();
    transactions.reset();
    health.failed(cause, countWrites(batch));
    for (Pending<?> pending : batch) {
      if (pending.barrier()) {
        pending.result().complete(null);
      } else {
        pending.result().completeExceptionally(cause);
      }
    }
  }

  /** During a fault, between attempts: fails {@code batch} without touching the database. */
  private void refuse(List<Pending<?>> batch) {
    health.refused(countWrites(batch));
    SQLException refused = new SQLTransientConnectionException("the inbox cannot write: "
        + health.current().problem());
    for (Pending<?> pending : batch) {
      if (pending.barrier()) {
        pending.result().complete(null);
      } else {
        pending.result().completeExceptionally(refused);
      }
    }
  }

  /** No write waits, but the database is at fault: see whether it works again. */
  private void probe() {
    try {
      transactions.probe();
      health.succeeded();
    } catch (SQLException | RuntimeException e) {
      if (StorageFaults.isFault(e)) {
        fault(List.of(), e);
      } else {
        // The probe failed, not the storage (a bug): the next batch of real writes will tell.
        lastAttempt = System.nanoTime();
        log.warn("The inbox's write probe failed; trying again", e);
      }
    }
  }

  private static int countWrites(List<Pending<?>> batch) {
    int writes = 0;
    for (Pending<?> pending : batch) {
      if (!pending.barrier()) {
        writes++;
      }
    }
    return writes;
  }

  private Statements statementsOf(Connection connection) {
    if (connection != cachedFor) {
      // A new connection (a pool's): statements of the old one went with it.
      cache.clear();
      cachedFor = connection;
    }
    return sql -> {
      PreparedStatement statement = cache.get(sql);
      if (statement == null || statement.isClosed()) {
        statement = connection.prepareStatement(sql);
        cache.put(sql, statement);
      }
      return statement;
    };
  }

  @SuppressWarnings("unchecked") // The result came from this pending's own write.
  private static <T> void complete(Pending<T> pending, Object result) {
    pending.result().complete((T) result);
  }

  @Override
  public void close() {
    closed = true;
    try {
      thread.join(TimeUnit.SECONDS.toMillis(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
