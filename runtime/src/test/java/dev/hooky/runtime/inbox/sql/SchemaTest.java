package dev.hooky.runtime.inbox.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The schema migration on a real SQLite file: all or nothing, committed whatever the connection's
 * auto-commit, and a no-op on a database already at {@link Schema#VERSION}.
 */
class SchemaTest {
  @TempDir
  Path directory;

  @Test
  void aMigrationCommitsOnAConnectionThatDoesNotAutoCommit() throws Exception {
    Path file = directory.resolve("manual.db");
    try (Connection connection = connect(file)) {
      connection.setAutoCommit(false); // an application's pool may lend such connections

      Schema.migrate(connection, SqlDialect.SQLITE);

      assertFalse(connection.getAutoCommit(), "the connection is given back as it came");
    } // closed without a commit of its own

    assertTrue(tableExists(file, "hooky_deliveries"));
  }

  @Test
  void aMigrationThatFailsPartWayLeavesTheDatabaseAsItWas() throws Exception {
    Path file = directory.resolve("failing.db");
    try (Connection real = connect(file)) {
      SQLException refused = assertThrows(SQLException.class,
          () -> Schema.migrate(failingOn(real, "INSERT INTO hooky_schema"), SqlDialect.SQLITE));

      assertEquals("disk I/O error", refused.getMessage());
      assertTrue(real.getAutoCommit(), "the connection is given back as it came");
    }

    assertFalse(tableExists(file, "hooky_deliveries"), "no table of the half-done migration");
  }

  @Test
  void migratingADatabaseAlreadyUpToDateChangesNothing() throws Exception {
    Path file = directory.resolve("current.db");
    try (Connection connection = connect(file)) {
      Schema.migrate(connection, SqlDialect.SQLITE);
    }
    try (Connection connection = connect(file)) {
      Schema.migrate(connection, SqlDialect.SQLITE);

      try (Statement statement = connection.createStatement();
          ResultSet changes = statement.executeQuery("SELECT total_changes()")) {
        changes.next();
        assertEquals(0, changes.getInt(1), "no row written on a start at the current version");
      }
    }
  }

  private static Connection connect(Path file) throws SQLException {
    return DriverManager.getConnection("jdbc:sqlite:" + file);
  }

  private static boolean tableExists(Path file, String table) throws SQLException {
    try (Connection connection = connect(file);
        Statement statement = connection.createStatement();
        ResultSet tables = statement.executeQuery(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name = '" + table + "'")) {
      return tables.next();
    }
  }

  /** {@code real}, whose statements fail (as a full disk would) on SQL starting with a prefix. */
  private static Connection failingOn(Connection real, String prefix) {
    return (Connection) Proxy.newProxyInstance(SchemaTest.class.getClassLoader(),
        new Class<?>[] {Connection.class}, (proxy, method, arguments) -> {
          Object result = invoke(method, real, arguments);
          if (!(result instanceof Statement)) {
            return result;
          }
          Statement statement = (Statement) result;
          return Proxy.newProxyInstance(SchemaTest.class.getClassLoader(),
              new Class<?>[] {Statement.class}, (p, m, a) -> {
                if (a != null && a.length > 0 && a[0] instanceof String
                    && ((String) a[0]).startsWith(prefix)) {
                  throw new SQLException("disk I/O error");
                }
                return invoke(m, statement, a);
              });
        });
  }

  private static Object invoke(Method method, Object target, Object[] arguments)
      throws Throwable {
    try {
      return method.invoke(target, arguments);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
