package dev.hooky.runtime.inbox.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hooky.runtime.inbox.ManualClock;
import dev.hooky.runtime.inbox.RetryPolicy;
import dev.hooky.runtime.parse.EventParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SQLite inbox's file: what opening, failing to open and closing leave behind. */
class SqliteFileTest {
  private final SqlInboxes.Settings settings = new SqlInboxes.Settings(new EventParser(),
      RetryPolicy.DEFAULT, new ManualClock(Instant.parse("2026-12-07T12:00:00Z")),
      Duration.ofMinutes(5));

  @TempDir
  Path directory;

  @Test
  void closingTheInboxLeavesOneFileToCopyWithNoWriteAheadLogBesideIt() throws Exception {
    Path file = directory.resolve("hooky.db");
    SqlInbox inbox = SqlInboxes.sqlite(file, settings);
    assertTrue(Files.exists(directory.resolve("hooky.db-wal")), "WAL mode while open");

    inbox.close();

    assertFalse(Files.exists(directory.resolve("hooky.db-wal")),
        "every connection closed: SQLite folds the log into the file and removes it");
  }

  @Test
  void anInboxThatFailedToOpenLeavesTheFileFreeForTheNextAttempt() throws Exception {
    Path file = directory.resolve("newer.db");
    SqlInboxes.sqlite(file, settings).close();
    setVersion(file, Schema.VERSION + 1);

    IllegalStateException refused = assertThrows(IllegalStateException.class,
        () -> SqlInboxes.sqlite(file, settings));
    assertTrue(refused.getMessage().contains("newer than this Hooky knows"),
        refused.getMessage());

    setVersion(file, Schema.VERSION); // the operator puts the right Hooky back
    try (SqlInbox inbox = SqlInboxes.sqlite(file, settings)) {
      assertEquals(0, inbox.depth(), "opened: the failed attempt let go of its lock");
    }
  }

  @Test
  void aWriteTellsWhetherTheFileWasRemovedOrReplacedAndTheProbeFailsLikeIt() throws Exception {
    Path path = directory.resolve("moved.db");
    try (SqliteFile file = SqliteFile.open(path)) {
      file.inTransaction(this::touch);
      Path aside = directory.resolve("aside.db");
      Files.move(path, aside);

      SQLException gone = assertThrows(SQLException.class, () -> file.inTransaction(this::touch));
      assertTrue(gone.getMessage().endsWith("is gone (removed, or its directory moved, while in"
          + " use)"), gone.getMessage());
      assertThrows(SQLException.class, file::probe, "the probe writes, so it fails as well");

      Files.copy(aside, path); // another file at the path
      SQLException replaced =
          assertThrows(SQLException.class, () -> file.inTransaction(this::touch));
      assertTrue(replaced.getMessage().endsWith("was replaced while in use"),
          replaced.getMessage());
    }
  }

  @Test
  void afterAResetTheWriterOpensTheSameFileAgainAndWrites() throws Exception {
    Path path = directory.resolve("reset.db");
    try (SqliteFile file = SqliteFile.open(path)) {
      file.reset(); // as after a fault

      file.inTransaction(this::touch);
      file.probe();

      assertEquals(1, (int) file.<Integer>read(SqliteFileTest::count));
    }
  }

  @Test
  void aReadAfterTheFileWentAwayFailsAndCreatesNoEmptyFileInItsPlace() throws Exception {
    Path path = directory.resolve("removed.db");
    try (SqliteFile file = SqliteFile.open(path)) {
      for (String suffix : new String[] {"", "-wal", "-shm"}) {
        Files.deleteIfExists(directory.resolve("removed.db" + suffix));
      }
      file.reset(); // the writer's answer to the fault: the reader of a vanished file goes too

      assertThrows(SQLException.class, () -> file.<Integer>read(SqliteFileTest::count));

      assertFalse(Files.exists(path), "an empty inbox would hide the lost one");
    }
  }

  @Test
  void aResetAfterTheFileWasReplacedLetsGoOfTheOldOneAndReadsTheNew() throws Exception {
    Path path = directory.resolve("swapped.db");
    Path other = directory.resolve("other.db");
    try (SqliteFile second = SqliteFile.open(other)) {
      second.inTransaction(this::touch);
      second.inTransaction(this::touch);
    }
    try (SqliteFile file = SqliteFile.open(path)) {
      assertEquals(0, (int) file.<Integer>read(SqliteFileTest::count));
      // A backup restored over it: the file, without the log and index of the one it replaces.
      Files.move(other, path, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      Files.delete(directory.resolve("swapped.db-wal"));
      Files.delete(directory.resolve("swapped.db-shm"));

      file.reset();

      assertEquals(2, (int) file.<Integer>read(SqliteFileTest::count), "the file now at the path");
      assertEquals(0, openDeleted("swapped.db"), "no connection holds the replaced file open");
    }
  }

  private void touch(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.executeUpdate("INSERT INTO hooky_schema (version) VALUES (0)");
    }
  }

  private static int count(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        java.sql.ResultSet rows = statement.executeQuery(
            "SELECT COUNT(*) FROM hooky_schema WHERE version = 0")) {
      rows.next();
      return rows.getInt(1);
    }
  }

  /** How many of this process's open files are a deleted file of that name (Linux). */
  private static long openDeleted(String name) throws Exception {
    long count = 0;
    try (var fds = Files.list(Path.of("/proc/self/fd"))) {
      for (Path fd : (Iterable<Path>) fds::iterator) {
        try {
          String target = Files.readSymbolicLink(fd).toString();
          if (target.contains(name) && target.endsWith("(deleted)")) {
            count++;
          }
        } catch (java.io.IOException closedMeanwhile) {
          // The listing's own descriptor, or one closed since.
        }
      }
    }
    return count;
  }

  private static void setVersion(Path file, int version) throws Exception {
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement statement = connection.createStatement()) {
      statement.executeUpdate("UPDATE hooky_schema SET version = " + version);
    }
  }
}
