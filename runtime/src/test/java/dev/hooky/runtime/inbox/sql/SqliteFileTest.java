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

  private static void setVersion(Path file, int version) throws Exception {
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement statement = connection.createStatement()) {
      statement.executeUpdate("UPDATE hooky_schema SET version = " + version);
    }
  }
}
