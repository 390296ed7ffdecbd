package dev.hooky.runtime.inbox.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * What makes the inbox unwritable (a fault of the storage: 503 for every request until it heals)
 * and what fails one write alone (its own failure); and the one line /readyz shows for it.
 */
class StorageFaultsTest {

  @Test
  void sqliteFileAndDiskFailuresAreFaultsExtendedCodesIncluded() {
    for (SQLiteErrorCode code : new SQLiteErrorCode[] {SQLiteErrorCode.SQLITE_BUSY,
        SQLiteErrorCode.SQLITE_LOCKED, SQLiteErrorCode.SQLITE_NOMEM,
        SQLiteErrorCode.SQLITE_READONLY, SQLiteErrorCode.SQLITE_READONLY_DBMOVED,
        SQLiteErrorCode.SQLITE_IOERR, SQLiteErrorCode.SQLITE_IOERR_WRITE,
        SQLiteErrorCode.SQLITE_IOERR_FSYNC, SQLiteErrorCode.SQLITE_CORRUPT,
        SQLiteErrorCode.SQLITE_FULL, SQLiteErrorCode.SQLITE_CANTOPEN,
        SQLiteErrorCode.SQLITE_MISUSE, SQLiteErrorCode.SQLITE_NOTADB}) {
      assertTrue(StorageFaults.isFault(new SQLiteException("x", code)), code.name());
    }
  }

  @Test
  void aSqliteWritesOwnFailureIsNoFault() {
    for (SQLiteErrorCode code : new SQLiteErrorCode[] {SQLiteErrorCode.SQLITE_CONSTRAINT,
        SQLiteErrorCode.SQLITE_CONSTRAINT_NOTNULL, SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE,
        SQLiteErrorCode.SQLITE_ERROR, SQLiteErrorCode.SQLITE_TOOBIG,
        SQLiteErrorCode.SQLITE_MISMATCH}) {
      assertFalse(StorageFaults.isFault(new SQLiteException("x", code)), code.name());
    }
  }

  @Test
  void aSqliteVerdictIsFinalWhateverItWraps() {
    // The driver's own code says it: a constraint is no fault, even around an I/O exception.
    SQLiteException constraint =
        new SQLiteException("constraint", SQLiteErrorCode.SQLITE_CONSTRAINT);
    constraint.initCause(new SQLTransientConnectionException("unrelated"));
    assertFalse(StorageFaults.isFault(constraint));
  }

  @Test
  void postgresConnectionResourceAndServerStatesAreFaults() {
    for (String state : new String[] {"08006", "08001", "53100", "53200", "57P01", "57P03",
        "58030", "XX000", "25006"}) {
      assertTrue(StorageFaults.isFault(new SQLException("x", state)), state);
    }
  }

  @Test
  void otherStatesAreAWritesOwnFailure() {
    for (String state : new String[] {"23505", "23502", "22021", "42P01", "40001", "25001",
        "25P02", "0800", "080060", "", null}) {
      assertFalse(StorageFaults.isFault(new SQLException("x", state)), String.valueOf(state));
    }
  }

  @Test
  void connectionExceptionsAndIoFailuresAreFaultsWhereverTheyAreWrapped() {
    assertTrue(StorageFaults.isFault(new SQLTransientConnectionException("pool time-out")));
    assertTrue(StorageFaults.isFault(new SQLNonTransientConnectionException("file gone")));
    assertTrue(StorageFaults.isFault(new SQLRecoverableException("connection lost")));
    assertTrue(StorageFaults.isFault(
        new UncheckedIOException(new NoSuchFileException("/srv/hooky.db"))));
    assertTrue(StorageFaults.isFault(new RuntimeException("wrapped",
        new SQLException("outer", "23000", new SQLException("inner", "08006")))));
    assertFalse(StorageFaults.isFault(new RuntimeException("a bug",
        new IllegalStateException("deeper"))));
    assertFalse(StorageFaults.isFault(new SQLException("no state")));
  }

  @Test
  void aFailureThatIsItsOwnCauseEndsTheSearch() {
    SQLException selfCaused = new SQLException("loop") {
      private static final long serialVersionUID = 1L;

      @Override
      public synchronized Throwable getCause() {
        return this;
      }
    };
    assertFalse(StorageFaults.isFault(selfCaused));
    assertEquals("loop", StorageFaults.describe(selfCaused));
  }

  @Test
  void theDescriptionIsTheFirstLineWithTheRootCauseWhenItSaysMore() {
    assertEquals("disk full", StorageFaults.describe(new SQLException("disk full\n  at page 7")));
    assertEquals("disk full", StorageFaults.describe(new SQLException("\n  disk full \r\n at 7")));
    assertEquals("SQLException", StorageFaults.describe(new SQLException()));
    assertEquals("SQLException", StorageFaults.describe(new SQLException("  ")));
    assertEquals("pool time-out: Connection refused", StorageFaults.describe(
        new SQLTransientConnectionException("pool time-out",
            new SQLException("wrapper", new java.net.ConnectException("Connection refused")))));
    assertEquals("write failed: connection refused", StorageFaults.describe(
        new SQLException("write failed: connection refused",
            new java.net.ConnectException("connection refused"))),
        "not repeated when the message already says it");
  }
}
