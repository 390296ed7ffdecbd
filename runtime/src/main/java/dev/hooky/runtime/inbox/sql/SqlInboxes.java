package dev.hooky.runtime.inbox.sql;

import dev.hooky.runtime.inbox.RetryPolicy;
import dev.hooky.runtime.parse.EventParser;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;
import org.sqlite.SQLiteConfig;

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
    FileChannel lockFile = null;
    Connection writer = null;
    Connection reader = null;
    try {
      Path directory = absolute.getParent();
      if (directory != null && !Files.isDirectory(directory)) {
        throw new IOException("directory " + directory + " does not exist");
      }
      lockFile = FileChannel.open(Path.of(absolute + ".lock"), StandardOpenOption.CREATE,
          StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = lockFile.tryLock();
      } catch (OverlappingFileLockException heldInThisProcess) {
        lock = null;
      }
      if (lock == null) {
        throw new IllegalStateException("another Hooky server uses the SQLite inbox " + absolute
            + "; a SQLite inbox serves one server: use PostgreSQL for several instances");
      }
      writer = open(absolute);
      Schema.migrate(writer, SqlDialect.SQLITE);
      try (Statement statement = writer.createStatement()) {
        // One process holds the file (the lock above): leases of an earlier run are void.
        statement.executeUpdate("UPDATE hooky_deliveries SET lease_owner = NULL,"
            + " lease_until = NULL WHERE lease_owner IS NOT NULL");
      }
      writer.setAutoCommit(false);
      reader = open(absolute);
      Connection write = writer;
      Connection read = reader;
      FileChannel held = lockFile;
      return new SqlInbox(SqlDialect.SQLITE, body -> inTransaction(write, body),
          new ReadConnections() {
            @Override
            public synchronized <T> T read(Read<T> read1) throws SQLException {
              return read1.read(read);
            }
          },
          settings.parser(), settings.retryPolicy(), settings.clock(), settings.lease(),
          "sqlite " + absolute, () -> {
            write.close();
            read.close();
            held.close();
          });
    } catch (IOException | SQLException e) {
      closeQuietly(reader, writer, lockFile);
      throw new IllegalStateException("cannot open the SQLite inbox at " + absolute + ": "
          + describe(e) + ". Point HOOKY_INBOX=sqlite:<path> (or inbox(\"sqlite:<path>\")) at"
          + " a writable file", e);
    } catch (RuntimeException e) {
      closeQuietly(reader, writer, lockFile);
      throw e;
    }
  }

  /** java.nio's messages are often just the path; say what went wrong with it. */
  private static String describe(Exception e) {
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

  private static Connection open(Path file) throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    // No statement of the inbox asks for generated keys; otherwise every insert asks SQLite again.
    config.setGetGeneratedKeys(false);
    Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file, config.toProperties());
    try (Statement statement = connection.createStatement()) {
      statement.execute("PRAGMA journal_mode = WAL");
      // FULL: a commit survives power loss, not only a process crash; group commit pays for it.
      statement.execute("PRAGMA synchronous = FULL");
      statement.execute("PRAGMA busy_timeout = 5000");
    }
    return connection;
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
    return postgres(dataSource, settings, "postgres (application data source)", () -> {});
  }

  static SqlInbox postgres(DataSource dataSource, Settings settings, String description,
      AutoCloseable resources) {
    try (Connection connection = dataSource.getConnection()) {
      Schema.migrate(connection, SqlDialect.POSTGRESQL);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot prepare the PostgreSQL inbox (" + description
          + "): " + e.getMessage(), e);
    }
    return new SqlInbox(SqlDialect.POSTGRESQL, body -> {
      try (Connection connection = dataSource.getConnection()) {
        connection.setAutoCommit(false);
        inTransaction(connection, body);
      }
    }, new ReadConnections() {
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

  private static void inTransaction(Connection connection, WriteBatcher.TransactionBody body)
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

  private static void closeQuietly(AutoCloseable... resources) {
    for (AutoCloseable resource : resources) {
      if (resource != null) {
        try {
          resource.close();
        } catch (Exception ignored) {
          // Already failing; the original error is the one to report.
        }
      }
    }
  }
}
