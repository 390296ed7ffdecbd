package dev.hooky.runtime.inbox.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hooky.runtime.testing.PostgresServer;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
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
  private enum CommitFault { NONE, DIE_AFTER_COMMIT, DIE_BEFORE_COMMIT, REFUSE }

  private final AtomicReference<CommitFault> nextCommit = new AtomicReference<>(CommitFault.NONE);
  private final AtomicInteger drops = new AtomicInteger();
  private volatile boolean readOnly;
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

  private void write(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.executeUpdate("INSERT INTO written VALUES (1)");
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
          Connection real = PostgresServer.connect(url);
          if (readOnly) {
            real.setReadOnly(true);
          }
          return connection(real);
        });
  }

  private Connection connection(Connection real) {
    return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {Connection.class}, (proxy, method, arguments) -> {
          if (method.getName().equals("commit")) {
            switch (nextCommit.getAndSet(CommitFault.NONE)) {
              case DIE_AFTER_COMMIT:
                real.commit();
                real.close();
                throw new SQLException("An I/O error occurred while sending to the backend.",
                    "08006");
              case DIE_BEFORE_COMMIT:
                real.close(); // the server ends the transaction: aborted
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
