package dev.hooky.runtime.inbox.sql;

import dev.hooky.runtime.inbox.RetryPolicy;
import dev.hooky.runtime.parse.EventParser;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;

/** Opens SQL inboxes: SQLite files, and PostgreSQL databases by URL or {@link DataSource}. */
public final class SqlInboxes {
  private SqlInboxes() {}

  /** What every SQL inbox needs besides its database. */
  public record Settings(EventParser parser, RetryPolicy retryPolicy, Clock clock, Duration lease) {}

  /**
   * Opens (creating if needed) the SQLite inbox in {@code file}: WAL mode, every commit synced to
   * disk. One process only: a second one on the same file is refused.
   *
   * @throws IllegalStateException when the file cannot be opened or written, saying why
   */
  public static SqlInbox sqlite(Path file, Settings settings) {
    Path absolute = file.toAbsolutePath().normalize();
    SqliteFile opened;
    try {
      opened = SqliteFile.open(absolute);
    } catch (IOException | SQLException e) {
      throw new IllegalStateException("cannot open the SQLite inbox at " + absolute + ": "
          + describe(e) + ". Point HOOKY_INBOX=sqlite:<path> (or inbox(\"sqlite:<path>\")) at"
          + " a writable file", e);
    }
    return new SqlInbox(SqlDialect.SQLITE, opened, opened, settings.parser(),
        settings.retryPolicy(), settings.clock(), settings.lease(), "sqlite " + absolute, opened);
  }

  /** java.nio's messages are often just the path; say what went wrong with it. */
  static String describe(Exception e) {
    if (e instanceof AccessDeniedException) {
      return "permission denied on " + e.getMessage();
    }
    if (e instanceof NoSuchFileException) {
      return "no such file or directory: " + e.getMessage();
    }
    if (e instanceof FileSystemException && ((FileSystemException) e).getReason() != null) {
      return ((FileSystemException) e).getReason() + ": " + ((FileSystemException) e).getFile();
    }
    return e.getMessage();
  }

  /**
   * Opens the PostgreSQL inbox at {@code jdbcUrl} with a connection pool (HikariCP), creating or
   * migrating its tables. Several Hooky instances may share the database.
   */
  public static SqlInbox postgres(String jdbcUrl, Settings settings) {
    try {
      return PostgresPool.open(jdbcUrl, settings);
    } catch (NoClassDefFoundError e) {
      throw new IllegalStateException("the PostgreSQL inbox needs org.postgresql:postgresql and"
          + " com.zaxxer:HikariCP on the classpath; add both dependencies", e);
    }
  }

  /**
   * Opens the PostgreSQL inbox on a {@link DataSource} the application manages (and closes),
   * creating or migrating its tables.
   */
  public static SqlInbox postgres(DataSource dataSource, Settings settings) {
    return postgres(dataSource, settings, "postgres (application data source)", () -> {},
        () -> {});
  }

  /**
   * @param dropConnections after a storage fault, makes the pool open new connections rather
   *     than lend the ones it holds (a restarted server's are dead)
   */
  static SqlInbox postgres(DataSource dataSource, Settings settings, String description,
      AutoCloseable resources, Runnable dropConnections) {
    try (Connection connection = dataSource.getConnection()) {
      Schema.migrate(connection, SqlDialect.POSTGRESQL);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot prepare the PostgreSQL inbox (" + description
          + "): " + e.getMessage(), e);
    }
    WriteBatcher.Transactions transactions =
        new PostgresTransactions(dataSource, dropConnections);
    return new SqlInbox(SqlDialect.POSTGRESQL, transactions, new ReadConnections() {
      @Override
      public <T> T read(Read<T> read) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
          connection.setAutoCommit(true);
          return read.read(connection);
        }
      }
    }, settings.parser(), settings.retryPolicy(), settings.clock(), settings.lease(),
        description, resources);
  }

  /** Runs {@code body} and commits, or rolls back and throws. */
  static void inTransaction(Connection connection, WriteBatcher.TransactionBody body)
      throws SQLException {
    try {
      body.run(connection);
      connection.commit();
    } catch (SQLException | RuntimeException e) {
      try {
        connection.rollback();
      } catch (SQLException rollbackFailure) {
        e.addSuppressed(rollbackFailure);
      }
      throw e;
    }
  }
}
