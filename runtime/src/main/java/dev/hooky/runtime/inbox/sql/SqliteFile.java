package dev.hooky.runtime.inbox.sql;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.Statement;
import java.util.Objects;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteOpenMode;

/**
 * The SQLite inbox's file, its lock and its two connections (one writer, one reader), reopened
 * after a storage fault: disk full, an I/O error, the file or its directory gone.
 *
 * <p>Only start-up creates a database file. Should the file vanish while Hooky runs, it is not
 * created again in its place: the deliveries it held, acknowledged but perhaps not yet handled,
 * would be lost without a word. The inbox stays unwritable, saying why, until a file is back at
 * the path (a volume mounted again, a directory moved back, a backup restored), then reopens it.
 * A restart begins a new, empty inbox. The lock file follows: reopening checks that the lock this
 * process holds is still the one at the path, else takes the new one, and stays unwritable if
 * another server holds it.
 *
 * <p>Every commit is preceded by a look at the path: a commit into a file that was removed or
 * replaced meanwhile fails, since it would be lost with that file.
 */
final class SqliteFile implements WriteBatcher.Transactions, ReadConnections, AutoCloseable {
  private final Path file;
  private final Path lockPath;
  private final Object readLock = new Object();
  /** The writer thread's, as is the identity of the file it opened; null once dropped. */
  private Connection writer;
  private Object fileKey;
  /** Used by the writer thread (start-up before it). */
  private FileChannel lockChannel;
  private Object lockKey;
  /** Guarded by readLock; null once dropped. */
  private Connection reader;

  private SqliteFile(Path file) {
    this.file = file;
    this.lockPath = Path.of(file + ".lock");
  }

  /**
   * Opens (creating if needed) the inbox file and migrates it; for start-up.
   *
   * @throws IllegalStateException when another server holds the file
   */
  static SqliteFile open(Path absolute) throws IOException, SQLException {
    SqliteFile opened = new SqliteFile(absolute);
    try {
      Path directory = absolute.getParent();
      if (directory != null && !Files.isDirectory(directory)) {
        throw new IOException("directory " + directory + " does not exist");
      }
      if (!opened.lock()) {
        throw new IllegalStateException("another Hooky server uses the SQLite inbox " + absolute
            + "; a SQLite inbox serves one server: use PostgreSQL for several instances");
      }
      Connection writer = connect(absolute, true);
      opened.writer = writer;
      opened.fileKey = key(absolute);
      Schema.migrate(writer, SqlDialect.SQLITE);
      try (Statement statement = writer.createStatement()) {
        // One process holds the file (the lock above): leases of an earlier run are void.
        statement.executeUpdate("UPDATE hooky_deliveries SET lease_owner = NULL,"
            + " lease_until = NULL WHERE lease_owner IS NOT NULL");
      }
      writer.setAutoCommit(false);
      opened.reader = connect(absolute, false);
      return opened;
    } catch (IOException | SQLException | RuntimeException e) {
      opened.close();
      throw e;
    }
  }

  @Override
  public void inTransaction(WriteBatcher.TransactionBody body) throws SQLException {
    Connection connection = writer();
    SqlInboxes.inTransaction(connection, transaction -> {
      body.run(transaction);
      // Just before the commit: a commit into a file that is no longer at the path would be
      // lost with it. (Not after: a commit reported failed must not have happened; a claim
      // would stay leased.)
      Object now = keyOrFault(file);
      if (!Objects.equals(now, fileKey)) {
        throw new SQLNonTransientConnectionException("the inbox file " + file
            + (now == null ? " is gone (removed, or its directory moved, while in use)"
                : " was replaced while in use"));
      }
    });
  }

  /**
   * Rewrites the file header's application id with its own value: a write of one page, which
   * fails as long as the disk is full or read-only, and changes nothing.
   */
  @Override
  public void probe() throws SQLException {
    inTransaction(connection -> {
      try (Statement statement = connection.createStatement()) {
        int applicationId;
        try (ResultSet result = statement.executeQuery("PRAGMA application_id")) {
          applicationId = result.next() ? result.getInt(1) : 0;
        }
        statement.execute("PRAGMA application_id = " + applicationId);
      }
    });
  }

  /**
   * Drops the writer connection, and the reader too when the file at the path is no longer the
   * one they opened. While the file stays, the reader stays open on purpose: it keeps SQLite's
   * shared WAL index alive. Were every connection closed, the next open would rebuild the index
   * from the WAL file, and a commit whose fsync failed (reported failed: a 503, or a claim its
   * worker never got) would come back from the frames it had written.
   */
  @Override
  public void reset() {
    Object opened = fileKey;
    closeQuietly(writer);
    writer = null;
    fileKey = null;
    Object now;
    try {
      now = key(file);
    } catch (IOException e) {
      now = null;
    }
    if (opened == null || !opened.equals(now)) {
      synchronized (readLock) {
        closeQuietly(reader);
        reader = null;
      }
    }
  }

  @Override
  public <T> T read(Read<T> read) throws SQLException {
    synchronized (readLock) {
      if (reader == null) {
        reader = connect(file, false);
      }
      try {
        return read.read(reader);
      } catch (SQLException | RuntimeException e) {
        if (StorageFaults.isFault(e)) {
          closeQuietly(reader);
          reader = null; // The next read opens the file again.
        }
        throw e;
      }
    }
  }

  @Override
  public void close() {
    closeQuietly(writer);
    synchronized (readLock) {
      closeQuietly(reader);
    }
    closeQuietly(lockChannel);
  }

  /** The writer connection, opened again after a fault: never creating the file. */
  private Connection writer() throws SQLException {
    if (writer != null) {
      return writer;
    }
    Path directory = file.getParent();
    if (directory != null && !Files.isDirectory(directory)) {
      throw new SQLNonTransientConnectionException("the directory " + directory
          + " of the inbox file is gone; restore it (Hooky waits for it) or restart Hooky to"
          + " begin a new, empty inbox");
    }
    if (!Files.exists(file)) {
      throw new SQLNonTransientConnectionException("the inbox file " + file + " is gone;"
          + " Hooky does not create an empty one in its place, since the deliveries it held"
          + " would be lost without a word: restore it (Hooky waits for it) or restart Hooky"
          + " to begin a new, empty inbox");
    }
    try {
      if (!Objects.equals(key(lockPath), lockKey) && !lock()) {
        throw new SQLNonTransientConnectionException("another Hooky server took the SQLite"
            + " inbox " + file + " while its file was gone");
      }
    } catch (IOException e) {
      throw new SQLNonTransientConnectionException("cannot lock " + lockPath + ": " + e, e);
    }
    Connection opened = connect(file, false);
    try {
      opened.setAutoCommit(false);
      fileKey = keyOrFault(file);
    } catch (SQLException | RuntimeException e) {
      closeQuietly(opened);
      throw e;
    }
    writer = opened;
    return opened;
  }

  /**
   * Takes the lock file at the path (creating it if needed), in place of the one held before.
   *
   * @return false when another process (or this one, on another inbox) holds it
   */
  private boolean lock() throws IOException {
    FileChannel channel = FileChannel.open(lockPath, StandardOpenOption.CREATE,
        StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException heldInThisProcess) {
      lock = null;
    } catch (IOException | RuntimeException e) {
      closeQuietly(channel);
      throw e;
    }
    if (lock == null) {
      closeQuietly(channel);
      return false;
    }
    closeQuietly(lockChannel);
    lockChannel = channel;
    lockKey = key(lockPath);
    return true;
  }

  static Connection connect(Path file, boolean create) throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    // No statement of the inbox asks for generated keys; otherwise every insert asks SQLite again.
    config.setGetGeneratedKeys(false);
    if (!create) {
      config.resetOpenMode(SQLiteOpenMode.CREATE);
    }
    Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file,
        config.toProperties());
    try (Statement statement = connection.createStatement()) {
      statement.execute("PRAGMA journal_mode = WAL");
      // FULL: a commit survives power loss, not only a process crash; group commit pays for it.
      statement.execute("PRAGMA synchronous = FULL");
      statement.execute("PRAGMA busy_timeout = 5000");
    } catch (SQLException | RuntimeException e) {
      closeQuietly(connection);
      throw e;
    }
    return connection;
  }

  /** The identity (device and inode) of the file at {@code path}, or null when there is none. */
  private static Object key(Path path) throws IOException {
    try {
      return Files.readAttributes(path, BasicFileAttributes.class).fileKey();
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  private static Object keyOrFault(Path path) throws SQLException {
    try {
      return key(path);
    } catch (IOException e) {
      throw new SQLNonTransientConnectionException("cannot look at " + path + ": " + e, e);
    }
  }

  private static void closeQuietly(AutoCloseable resource) {
    if (resource != null) {
      try {
        resource.close();
      } catch (Exception ignored) {
        // Dropping a broken connection: its own failure to close says nothing new.
      }
    }
  }
}
