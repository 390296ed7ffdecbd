package dev.hooky.runtime.inbox.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
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
 *
 * <p>Overload: appends ({@link #submitSheddable}) may wait in the queue for a budget (2 s by
 * default) at most. An append that would wait longer, by the age of the oldest queued write or by
 * the queue's length times the recent cost of a write, fails at once with {@link Overloaded}, as
 * does a queued append found older than the budget when its batch begins; a batch is cut to
 * about half a second of work. So an append is answered (stored, or 503) within about the budget
 * plus half a second, however far the load exceeds what the database can take. Outcomes, claims
 * and barriers are never shed.
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
  /** How long queued appends may wait for the writer by default. */
  static final long DEFAULT_BUDGET_NANOS = TimeUnit.SECONDS.toNanos(2);
  /** A batch is cut to about this much work, so that its last write does not wait too long. */
  private static final long BATCH_WORK_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

  /**
   * An append refused because the writer is behind by more than the budget: not a fault (the
   * storage works, only too slowly for the load), answered 503 with Retry-After all the same.
   */
  static final class Overloaded extends java.sql.SQLTransientException {
    private static final long serialVersionUID = 1L;

    Overloaded(String message) {
      super(message);
    }
  }

  /**
   * A write that can run together with the other writes of the same {@link #group} in its batch
   * (up to the next write that is not grouped), in one call: one round trip for many rows.
   */
  interface Grouped<T> extends Write<T> {
    /** Runs {@code writes} (all of this write's group, this one among them), in order. */
    Group group();
  }

  /** Runs the consecutive writes of one kind together. */
  @FunctionalInterface
  interface Group {
    /**
     * Runs {@code writes} in the batch's transaction, returning their results in order.
     */
    List<Object> runAll(Statements statements, List<Write<?>> writes) throws SQLException;
  }

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
  private record Pending<T>(Write<T> write, CompletableFuture<T> result, boolean barrier,
      boolean sheddable, long queuedAt) {}

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
  private final long budgetNanos;
  /** Recent writer time per write, in nanoseconds (an average of the last batches). */
  private volatile double costNanos;
  private volatile boolean closed;

  WriteBatcher(Transactions transactions, String name) {
    this(transactions, name, new WriteHealth("(" + name + ")"));
  }

  WriteBatcher(Transactions transactions, String name, WriteHealth health) {
    this(transactions, name, health, DEFAULT_BUDGET_NANOS);
  }

  WriteBatcher(Transactions transactions, String name, WriteHealth health, long budgetNanos) {
    this.transactions = transactions;
    this.health = health;
    this.budgetNanos = budgetNanos;
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
    return submit(write, false, false);
  }

  /**
   * As {@link #submit}, for an append that a caller waits for: fails at once with {@link
   * Overloaded} when the writer is further behind than the budget, and fails so later too when
   * it waited past the budget before its batch began.
   */
  <T> CompletableFuture<T> submitSheddable(Write<T> write) {
    long behind = behindNanos();
    if (behind > budgetNanos) {
      return CompletableFuture.failedFuture(overloaded(behind));
    }
    return submit(write, false, true);
  }

  /** How long a write queued now would likely wait for its batch to begin. */
  private long behindNanos() {
    Pending<?> oldest = queue.peek();
    long age = oldest == null ? 0 : System.nanoTime() - oldest.queuedAt();
    return Math.max(age, (long) (queue.size() * costNanos));
  }

  private Overloaded overloaded(long behind) {
    health.overloaded(behind, budgetNanos);
    return new Overloaded("the inbox is overloaded: its writer is "
        + TimeUnit.NANOSECONDS.toMillis(behind) + " ms behind; send the event again later");
  }

  private <T> CompletableFuture<T> submit(Write<T> write, boolean barrier, boolean sheddable) {
    if (closed) {
      return CompletableFuture.failedFuture(new SQLException("the inbox is closed"));
    }
    Pending<T> pending = new Pending<>(write, new CompletableFuture<>(), barrier, sheddable,
        System.nanoTime());
    outstanding.incrementAndGet();
    pending.result().whenComplete((result, error) -> outstanding.decrementAndGet());
    queue.add(pending);
    // Closed meanwhile: the writer may have left already, having seen the queue empty. Then no one
    // would complete this write; unless the writer took it after all, fail it here.
    if (closed && queue.remove(pending)) {
      pending.result().completeExceptionally(new SQLException("the inbox is closed"));
    }
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
        getUninterruptibly(submit(statements -> null, true, false));
      } catch (ExecutionException e) {
        throw new SQLException(e.getCause());
      }
    }
  }

  /** How many writes are queued or running (for tests). */
  int outstanding() {
    return outstanding.get();
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
        queue.drainTo(batch, batchLimit() - 1);
        shedStale(batch);
        if (batch.isEmpty()) {
          continue;
        }
        if (!health.writable() && !retryDue()) {
          refuse(batch);
        } else {
          long started = System.nanoTime();
          runBatch(batch);
          if (health.writable()) {
            // Per write, smoothed over the last few batches; not from a fault's time-outs, which
            // say nothing of the pace once it heals.
            double cost = (double) (System.nanoTime() - started) / batch.size();
            costNanos = costNanos == 0 ? cost : costNanos * 0.75 + cost * 0.25;
          }
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
    // Left early (interrupted while closing): what is still queued fails rather than waits.
    SQLException closedError = new SQLException("the inbox is closed");
    queue.forEach(pending -> pending.result().completeExceptionally(closedError));
  }

  /** At most about {@link #BATCH_WORK_NANOS} of work, by the recent cost of a write. */
  private int batchLimit() {
    double cost = costNanos;
    if (cost <= 0) {
      return MAX_BATCH;
    }
    return (int) Math.max(1, Math.min(MAX_BATCH, BATCH_WORK_NANOS / cost));
  }

  /** Fails the appends of {@code batch} that waited past the budget, and drops them from it. */
  private void shedStale(List<Pending<?>> batch) {
    long now = System.nanoTime();
    Overloaded refused = null;
    for (Iterator<Pending<?>> i = batch.iterator(); i.hasNext(); ) {
      Pending<?> pending = i.next();
      long waited = now - pending.queuedAt();
      if (pending.sheddable() && waited > budgetNanos) {
        if (refused == null) {
          refused = overloaded(waited);
        }
        pending.result().completeExceptionally(refused);
        i.remove();
      }
    }
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
    Object[] results = new Object[batch.size()];
    try {
      commit(connection -> {
        Statements statements = statementsOf(connection);
        int start = 0;
        while (start < batch.size()) {
          int end = start;
          while (end < batch.size() && groupOf(batch.get(end).write()) != null) {
            end++;
          }
          runGroups(statements, batch, start, end, results);
          if (end < batch.size()) {
            results[end] = batch.get(end).write().run(statements);
          }
          start = end + 1;
        }
      });
      for (int i = 0; i < batch.size(); i++) {
        complete(batch.get(i), results[i]);
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
   * Runs the grouped writes {@code batch[start, end)}: each group's writes together, in one call,
   * groups in the order they first appear. Writes of different groups touch different rows (an
   * insert, another attempt's outcome), so their order does not matter; a write that is not
   * grouped bounds the range, so whatever was queued before it still runs before it.
   */
  private static void runGroups(Statements statements, List<Pending<?>> batch, int start,
      int end, Object[] results) throws SQLException {
    boolean[] done = new boolean[end - start];
    for (int i = start; i < end; i++) {
      if (done[i - start]) {
        continue;
      }
      Group group = groupOf(batch.get(i).write());
      List<Write<?>> together = new ArrayList<>();
      List<Integer> places = new ArrayList<>();
      for (int j = i; j < end; j++) {
        if (!done[j - start] && groupOf(batch.get(j).write()) == group) {
          done[j - start] = true;
          together.add(batch.get(j).write());
          places.add(j);
        }
      }
      if (together.size() == 1) {
        results[i] = together.get(0).run(statements);
      } else {
        List<Object> groupResults = group.runAll(statements, together);
        for (int k = 0; k < places.size(); k++) {
          results[places.get(k)] = groupResults.get(k);
        }
      }
    }
  }

  private static Group groupOf(Write<?> write) {
    return write instanceof Grouped ? ((Grouped<?>) write).group() : null;
  }

  /**
   * Runs one write in a transaction of its own.
   *
   * @return false when a storage fault failed it (and was recorded)
   */
  private <T> boolean runAlone(Pending<T> pending) {
    List<T> result = new ArrayList<>(1);
    try {
      commit(connection -> result.add(pending.write().run(statementsOf(connection))));
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

  /** Runs {@code body} in a transaction; once it commits, the storage works again. */
  private void commit(TransactionBody body) throws SQLException {
    transactions.inTransaction(body);
    health.succeeded();
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
