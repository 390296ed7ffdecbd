package dev.hooky.runtime.inbox.sql;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Creates and migrates the inbox's tables at start-up, so that no one runs SQL by hand: each
 * version's statements run once, in order, recorded in {@code hooky_schema}; PostgreSQL instances
 * starting together take turns under an advisory lock.
 */
final class Schema {
  static final int VERSION = 2;
  /** An arbitrary, fixed key for PostgreSQL's advisory lock: "hooky" in ASCII. */
  private static final long MIGRATION_LOCK = 0x686f6f6b79L;

  private Schema() {}

  /** Brings the schema to {@link #VERSION}; commits. */
  static void migrate(Connection connection, SqlDialect dialect) throws SQLException {
    boolean autoCommit = connection.getAutoCommit();
    connection.setAutoCommit(false);
    try (Statement statement = connection.createStatement()) {
      if (dialect == SqlDialect.POSTGRESQL) {
        statement.execute("SELECT pg_advisory_xact_lock(" + MIGRATION_LOCK + ")");
      }
      statement.execute("CREATE TABLE IF NOT EXISTS hooky_schema (version INTEGER NOT NULL)");
      int current = currentVersion(statement);
      if (current > VERSION) {
        throw new SQLException("the inbox's schema is version " + current + ", newer than this"
            + " Hooky knows (" + VERSION + "); upgrade Hooky or use another database");
      }
      if (current < 1) {
        run(statement, dialect.schemaVersion1());
      }
      if (current < 2) {
        run(statement, dialect.schemaVersion2());
      }
      if (current < VERSION) {
        statement.execute("DELETE FROM hooky_schema");
        statement.execute("INSERT INTO hooky_schema (version) VALUES (" + VERSION + ")");
      }
      connection.commit();
    } catch (SQLException e) {
      connection.rollback();
      throw e;
    } finally {
      connection.setAutoCommit(autoCommit);
    }
  }

  private static int currentVersion(Statement statement) throws SQLException {
    try (ResultSet result = statement.executeQuery("SELECT MAX(version) FROM hooky_schema")) {
      return result.next() ? result.getInt(1) : 0;
    }
  }

  private static void run(Statement statement, List<String> statements) throws SQLException {
    for (String sql : statements) {
      statement.execute(sql);
    }
  }
}
