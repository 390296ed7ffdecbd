package dev.hooky.runtime.inbox.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hooky.runtime.testing.PostgresServer;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A connection that dies during {@code COMMIT} on a real PostgreSQL server: the transaction may
 * have committed or not, and the inbox must tell which (a committed claim reported failed would
 * keep its rows leased until the lease ran out; an append reported stored that was not would be
 * lost).
 */
class PostgresTransactionsTest {
  /** What the next {@code commit()} does instead of only committing. */
  private enum CommitFault {
    NONE,
    DIE_AFTER_COMMIT,
    DIE_BEFORE_COMMIT,
    /** The connection fails, its server process still holding the transaction open. */
    DIE_WHILE_IN_PROGRESS,
    /** As DIE_BEFORE_COMMIT, and the server refuses connections from then on. */
    DIE_AND_GO_AWAY,
    REFUSE
  }

  private final AtomicReference<CommitFault> nextCommit = new AtomicReference<>(CommitFault.NONE);
  private final AtomicInteger drops = new AtomicInteger();
  private volatile boolean readOnly;
  private volatile boolean refuseConnections;
  private volatile boolean failRollbacks;
  /** When set, every connection lent after the first is this one, which stays open. */
  private volatile Connection shared;
  /** What a status query fails with instead of running; null to run it. */
  private volatile SQLException statusFailure;
  private final AtomicInteger connectionsAsked = new AtomicInteger();
  private final AtomicInteger statusAsks = new AtomicInteger();
  /** The methods called on the connections lent, in order. */
  private final List<String> calls = new CopyOnWriteArrayList<>();
  /** Transactions left open by DIE_WHILE_IN_PROGRESS, rolled back after the test. */
  private final List<Connection> leftOpen = new CopyOnWriteArrayList<>();
  private String url;
  private PostgresTransactions transactions;

  @BeforeEach
  void newDatabase() throws SQLException {
    url = PostgresServer.shared().createDatabase();
    try (Connection connection = PostgresServer.connect(url)) {
      Schema.migrate(connection, SqlDialect.POSTGRESQL);
      try (Statement statement = connection.createStatement()) {
        statement.execute("CREATE TABLE written (v INTEGER)");
      }
    }
    transactions = new PostgresTransactions(dataSource(), drops::incrementAndGet);
  }

  @Test
  void aCommitThatHappenedBeforeItsConnectionDiedCountsAsCommitted() throws Exception {
    nextCommit.set(CommitFault.DIE_AFTER_COMMIT);

    transactions.inTransaction(this::write);

    assertEquals(1, rows());
    assertEquals(1, drops.get(), "the pool's other connections likely died too: dropped");
  }

  @Test
  void aCommitThatNeverHappenedFailsWithTheConnectionsFailure() throws Exception {
    nextCommit.set(CommitFault.DIE_BEFORE_COMMIT);

    SQLException failed = assertThrows(SQLException.class,
        () -> transactions.inTransaction(this::write));

    assertEquals("08006", failed.getSQLState());
    assertEquals(0, rows());
  }

  @Test
  void aCommitRefusedForItsOwnReasonIsNotLookedIntoAndFails() throws Exception {
    nextCommit.set(CommitFault.REFUSE);

    SQLException failed = assertThrows(SQLException.class,
        () -> transactions.inTransaction(this::write));

    assertEquals("40001", failed.getSQLState());
    assertEquals(0, rows());
    assertEquals(0, drops.get());
  }

  @Test
  void aFailingBodyIsRolledBack() throws Exception {
    SQLException own = new SQLException("a bad row", "23505");

    SQLException failed = assertThrows(SQLException.class, () -> transactions.inTransaction(
        connection -> {
          write(connection);
          throw own;
        }));

    assertSame(own, failed);
    assertEquals(0, rows());
  }

  @Test
  void theProbeWritesNothingButFailsWhileTheServerRefusesWrites() throws Exception {
    transactions.probe();
    readOnly = true;

    SQLException refused = assertThrows(SQLException.class, () -> transactions.probe());

    assertEquals("25006", refused.getSQLState());
    assertTrue(StorageFaults.isFault(refused), "a read-only server is a fault");
  }

  @Test
  void aResetDropsThePoolsConnections() {
    transactions.reset();
    assertEquals(1, drops.get());
  }

  @Test
  void actionsAfterCommitRunOnceItCommitsAndNotBefore() throws Exception {
    AtomicInteger ran = new AtomicInteger();

    transactions.inTransaction(connection -> {
      transactions.afterCommit(ran::incrementAndGet);
      write(connection);
      assertEquals(0, ran.get(), "not before the commit");
    });

    assertEquals(1, ran.get());
  }

  @Test
  void actionsAfterCommitRunOnceWhenTheCommitHappenedBeforeItsConnectionDied() throws Exception {
    AtomicInteger ran = new AtomicInteger();
    nextCommit.set(CommitFault.DIE_AFTER_COMMIT);

    transactions.inTransaction(connection -> {
      write(connection);
      transactions.afterCommit(ran::incrementAndGet);
    });

    assertEquals(1, ran.get());
    assertEquals(1, statusAsks.get(), "its status told, the commit is asked about once");
  }

  @Test
  void actionsOfATransactionThatFailedNeverRunNotEvenAfterTheNextOneCommits() throws Exception {
    AtomicInteger ran = new AtomicInteger();
    assertThrows(SQLException.class, () -> transactions.inTransaction(connection -> {
      transactions.afterCommit(ran::incrementAndGet);
      throw new SQLException("a bad row", "23505");
    }));

    transactions.inTransaction(this::write);

    assertEquals(0, ran.get());
    assertEquals(1, rows());
  }

  @Test
  void aCommitStillInProgressWhenTheWaitEndsCountsAsFailedAndIsRolledBack() throws Exception {
    shared = PostgresServer.connect(url); // asking costs no new connection: only the pause paces
    leftOpen.add(shared);
    nextCommit.set(CommitFault.DIE_WHILE_IN_PROGRESS);
    long started = System.nanoTime();

    SQLException failed = assertThrows(SQLException.class,
        () -> transactions.inTransaction(this::write));

    long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    assertEquals("08006", failed.getSQLState());
    assertTrue(waitedMillis >= 500, "it waits half a second for the commit: " + waitedMillis);
    assertTrue(statusAsks.get() >= 2, "asked again while in progress: " + statusAsks.get());
    assertTrue(statusAsks.get() <= waitedMillis / 10 + 1,
        "asked at most every 10 ms: " + statusAsks.get() + " in " + waitedMillis + " ms");
    assertEquals(0, rows());
  }

  @Test
  void anInterruptStopsTheWaitForACommitInDoubtWhichThenFailsAndTheInterruptIsKept() {
    nextCommit.set(CommitFault.DIE_WHILE_IN_PROGRESS);
    try {
      SQLException failed = assertThrows(SQLException.class,
          () -> transactions.inTransaction(connection -> {
            write(connection);
            Thread.currentThread().interrupt(); // say, the inbox closing
          }));

      assertEquals("08006", failed.getSQLState());
      assertEquals(1, statusAsks.get(), "asked once, then no more waiting");
    } finally {
      assertTrue(Thread.interrupted(), "the interrupt is the caller's to handle");
    }
  }

  @Test
  void aCommitWhoseFateCannotBeToldFailsAfterThreeAttemptsWithEachReasonKept() throws Exception {
    nextCommit.set(CommitFault.DIE_AND_GO_AWAY);

    SQLException failed = assertThrows(SQLException.class,
        () -> transactions.inTransaction(this::write));

    assertEquals("08006", failed.getSQLState());
    assertEquals(1 + 3, connectionsAsked.get(), "the transaction's, then three status attempts");
    assertEquals("08001", ((SQLException) failed.getSuppressed()[0]).getSQLState());
  }

  @Test
  void aStatusQueryRefusedForItsOwnReasonIsNotRetried() throws Exception {
    statusFailure = new SQLException("function txid_status(bigint) does not exist", "42883");
    nextCommit.set(CommitFault.DIE_AFTER_COMMIT);

    SQLException failed = assertThrows(SQLException.class,
        () -> transactions.inTransaction(this::write));

    assertEquals("08006", failed.getSQLState());
    assertEquals(1 + 1, connectionsAsked.get());
    assertSame(statusFailure, failed.getSuppressed()[0]);
  }

  @Test
  void aFailedBodyOrCommitIsRolledBackBeforeItsConnectionGoesBackToThePool() throws Exception {
    assertThrows(SQLException.class, () -> transactions.inTransaction(connection -> {
      throw new SQLException("a bad row", "23505");
    }));
    assertEquals(List.of("setAutoCommit", "rollback", "close"), calls);

    calls.clear();
    nextCommit.set(CommitFault.REFUSE);
    assertThrows(SQLException.class, () -> transactions.inTransaction(this::write));
    assertEquals(List.of("setAutoCommit", "prepareStatement", "createStatement", "commit",
        "rollback", "close"), calls);
  }

  @Test
  void aRollbackThatFailsTooIsKeptWithTheFailure() {
    failRollbacks = true;
    SQLException own = new SQLException("a bad row", "23505");

    SQLException failed = assertThrows(SQLException.class,
        () -> transactions.inTransaction(connection -> {
          throw own;
        }));

    assertSame(own, failed);
    assertEquals("rollback refused", failed.getSuppressed()[0].getMessage());
  }

  @Test
  void aTransactionThatToldItsIdIsNotAskedForItAndItsCommitInDoubtIsResolved() throws Exception {
    nextCommit.set(CommitFault.DIE_AFTER_COMMIT);

    transactions.inTransaction(connection -> {
      write(connection);
      transactions.seen(currentId(connection));
      transactions.unknown(); // the id is known already: still nothing to ask
    });

    assertEquals(1, rows());
    assertFalse(calls.contains("createStatement"), calls.toString());
  }

  @Test
  void aTransactionToldItWroteNothingAsksNothingAndItsCommitInDoubtFails() {
    nextCommit.set(CommitFault.DIE_AFTER_COMMIT);

    assertThrows(SQLException.class,
        () -> transactions.inTransaction(connection -> transactions.seen(0)));

    assertFalse(calls.contains("createStatement"), calls.toString());
    assertEquals(0, statusAsks.get(), "no id: nothing to look up");
  }

  @Test
  void aWriteAfterTheIdWasToldAsNoneMakesTheCommitAskForIt() throws Exception {
    nextCommit.set(CommitFault.DIE_AFTER_COMMIT);

    transactions.inTransaction(connection -> {
      transactions.seen(0);
      write(connection);
      transactions.unknown();
    });

    assertEquals(1, rows());
    assertTrue(calls.contains("createStatement"), calls.toString());
  }

  @AfterEach
  void closeLeftOpen() throws SQLException {
    for (Connection connection : leftOpen) {
      connection.close();
    }
  }

  private void write(Connection connection) throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement("INSERT INTO written VALUES (1)")) {
      statement.executeUpdate();
    }
  }

  private static long currentId(Connection connection) throws SQLException {
    try (PreparedStatement statement =
            connection.prepareStatement("SELECT txid_current_if_assigned()");
        ResultSet result = statement.executeQuery()) {
      result.next();
      return result.getLong(1);
    }
  }

  private int rows() throws SQLException {
    try (Connection connection = PostgresServer.connect(url);
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery("SELECT COUNT(*) FROM written")) {
      result.next();
      return result.getInt(1);
    }
  }

  /** Connections to the test database whose commit does what {@link #nextCommit} says. */
  private DataSource dataSource() {
    return (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {DataSource.class}, (proxy, method, arguments) -> {
          if (!method.getName().equals("getConnection")) {
            throw new UnsupportedOperationException(method.getName());
          }
          connectionsAsked.incrementAndGet();
          if (refuseConnections) {
            throw new SQLException("Connection to localhost refused.", "08001");
          }
          if (shared != null && connectionsAsked.get() > 1) {
            return unclosable(shared);
          }
          Connection real = PostgresServer.connect(url);
          if (readOnly) {
            real.setReadOnly(true);
          }
          return connection(real);
        });
  }

  /** {@code real} lent again and again: its {@code close()} does nothing. */
  private Connection unclosable(Connection real) {
    Connection lent = connection(real);
    return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {Connection.class}, (proxy, method, arguments) -> {
          if (method.getName().equals("close")) {
            return null;
          }
          try {
            return method.invoke(lent, arguments);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  private Connection connection(Connection real) {
    return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {Connection.class}, (proxy, method, arguments) -> {
          if (method.getName().equals("prepareStatement")
              && String.valueOf(arguments[0]).contains("txid_status")) {
            statusAsks.incrementAndGet();
            if (statusFailure != null) {
              throw statusFailure;
            }
          } else {
            calls.add(method.getName());
          }
          if (method.getName().equals("rollback") && failRollbacks) {
            throw new SQLException("rollback refused", "08006");
          }
          if (method.getName().equals("commit")) {
            switch (nextCommit.getAndSet(CommitFault.NONE)) {
              case DIE_AFTER_COMMIT:
                real.commit();
                real.close();
                throw new SQLException("An I/O error occurred while sending to the backend.",
                    "08006");
              case DIE_AND_GO_AWAY:
                refuseConnections = true;
                real.close();
                throw new SQLException("An I/O error occurred while sending to the backend.",
                    "08006");
              case DIE_BEFORE_COMMIT:
                real.close(); // the server ends the transaction: aborted
                throw new SQLException("An I/O error occurred while sending to the backend.",
                    "08006");
              case DIE_WHILE_IN_PROGRESS:
                leftOpen.add(real);
                throw new SQLException("An I/O error occurred while sending to the backend.",
                    "08006");
              case REFUSE:
                real.rollback();
                throw new SQLException("could not serialize access", "40001");
              default:
                break;
            }
          }
          try {
            return method.invoke(real, arguments);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }
}
