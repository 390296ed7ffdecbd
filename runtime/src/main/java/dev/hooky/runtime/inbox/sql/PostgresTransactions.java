package dev.hooky.runtime.inbox.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * The PostgreSQL inbox's transactions, each on a connection of the pool, for the group commit.
 *
 * <p>A connection that dies during {@code COMMIT} (a restart, an administrator's
 * {@code pg_terminate_backend}) leaves the outcome unknown: the commit may have happened. Then
 * the transaction's id tells, asked on a new connection ({@code txid_status}): a committed batch
 * counts as committed. Without that, a claim committed but reported failed would keep its rows
 * leased, and their handlers waiting, until the lease ran out.
 *
 * <p>The hot statements of a group commit ask for the transaction's id themselves, in their round
 * trip ({@link #seen}); only a transaction they did not tell, or that wrote more after they told
 * ({@link #unknown}), asks for it after its statements and before its commit, with {@code
 * txid_current_if_assigned()}: a round trip less per group commit than asking first. A
 * transaction that has no id wrote nothing, so its commit decides nothing.
 */
final class PostgresTransactions implements WriteBatcher.Transactions {
  /**
   * How long to try telling whether a commit happened (a dying server process may still be
   * finishing it): short, since the batch's callers wait meanwhile.
   */
  private static final long STATUS_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

  private final DataSource dataSource;
  private final Runnable dropConnections;
  /** The running transaction's id, once a statement told it; 0 before. Writer thread only. */
  private long seenId;
  /** Whether {@link #seenId} is known: 0 then means the transaction has written nothing. */
  private boolean told;
  /** What the running transaction's statements asked to run once it has committed. */
  private final List<Runnable> afterCommit = new ArrayList<>();
  /** How many transactions have begun: the running one's number. Writer thread only. */
  private long transactions;

  PostgresTransactions(DataSource dataSource, Runnable dropConnections) {
    this.dataSource = dataSource;
    this.dropConnections = dropConnections;
  }

  @Override
  public void inTransaction(WriteBatcher.TransactionBody body) throws SQLException {
    Connection connection = dataSource.getConnection();
    try {
      connection.setAutoCommit(false);
      long transactionId;
      try {
        transactions++;
        seenId = 0;
        told = false;
        afterCommit.clear();
        body.run(connection);
        transactionId = told ? seenId : transactionId(connection);
      } catch (SQLException | RuntimeException e) {
        rollback(connection, e);
        throw e;
      }
      try {
        connection.commit();
      } catch (SQLException commitFailure) {
        if (StorageFaults.isFault(commitFailure) && transactionId != 0
            && committed(transactionId, commitFailure)) {
          committed();
          return;
        }
        rollback(connection, commitFailure);
        throw commitFailure;
      }
      committed();
    } finally {
      try {
        connection.close();
      } catch (SQLException e) {
        // Back to the pool, which drops it if broken. Once committed, a failure here changes
        // nothing: the batch did commit.
      }
    }
  }

  /** A write that changes nothing, but that a server down or read-only refuses. */
  @Override
  public void probe() throws SQLException {
    inTransaction(connection -> {
      try (Statement statement = connection.createStatement()) {
        statement.executeUpdate("UPDATE hooky_schema SET version = version WHERE false");
      }
    });
  }

  @Override
  public void reset() {
    dropConnections.run();
  }

  /**
   * The running transaction's number, each one begun the next: a batch may run the inbox's hot
   * statements more than once in one transaction, and must tell its own leases from those of an
   * earlier transaction whose commit is in doubt.
   */
  long transaction() {
    return transactions;
  }

  /** Runs {@code action} once the running transaction has committed; never if it fails. */
  void afterCommit(Runnable action) {
    afterCommit.add(action);
  }

  private void committed() {
    List<Runnable> actions = new ArrayList<>(afterCommit);
    afterCommit.clear();
    actions.forEach(Runnable::run);
  }

  /**
   * Tells the running transaction's id, read by one of its statements after its writes ({@code
   * txid_current_if_assigned()}; 0 when it had none, having written nothing so far): then the
   * commit need not ask for it, unless {@link #unknown} follows.
   */
  void seen(long transactionId) {
    if (transactionId != 0) {
      seenId = transactionId;
      told = true;
    } else if (seenId == 0) {
      told = true;
    }
  }

  /**
   * A statement ran that may have written without telling the id: unless it is known already,
   * the commit asks for it.
   */
  void unknown() {
    if (seenId == 0) {
      told = false;
    }
  }

  /** The transaction's id, or 0 when it has none (it wrote nothing). */
  private static long transactionId(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery("SELECT txid_current_if_assigned()")) {
      result.next();
      return result.getLong(1);
    }
  }

  /**
   * Whether the transaction committed after all, asked on another connection; false when that
   * cannot be told in time (the server is away): the caller then treats it as failed.
   */
  private boolean committed(long transactionId, SQLException commitFailure) {
    // The pool's other idle connections likely died with this one (a restart): new ones.
    dropConnections.run();
    long deadline = System.nanoTime() + STATUS_WAIT_NANOS;
    for (int attempt = 1; ; attempt++) {
      try {
        String state = status(transactionId);
        if (!"in progress".equals(state) || System.nanoTime() - deadline > 0) {
          return "committed".equals(state);
        }
      } catch (SQLException e) {
        if (!StorageFaults.isFault(e) || System.nanoTime() - deadline > 0 || attempt >= 3) {
          commitFailure.addSuppressed(e);
          return false;
        }
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
  }

  /** {@code committed}, {@code aborted}, {@code in progress}, or null when forgotten. */
  private String status(long transactionId) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement status = connection.prepareStatement("SELECT txid_status(?)")) {
      connection.setAutoCommit(true);
      status.setLong(1, transactionId);
      try (ResultSet result = status.executeQuery()) {
        return result.next() ? result.getString(1) : null;
      }
    }
  }

  private static void rollback(Connection connection, Exception failure) {
    try {
      connection.rollback();
    } catch (SQLException rollbackFailure) {
      failure.addSuppressed(rollbackFailure);
    }
  }
}
