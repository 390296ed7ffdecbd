package dev.hooky.runtime.inbox.sql;

import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;
import org.sqlite.SQLiteException;

/**
 * Tells a storage fault (the database cannot write at all: disk full, I/O error, file gone,
 * server down) from a failure of one write's own (a constraint, a value the column refuses). A
 * fault makes the inbox unwritable until a write works again; a write's own failure fails that
 * write alone.
 */
final class StorageFaults {
  /**
   * SQLite's primary result codes that say the file or the disk is at fault: READONLY (8, also
   * "the file was moved"), IOERR (10), CORRUPT (11), FULL (13), CANTOPEN (14), NOTADB (26); and
   * BUSY (5), LOCKED (6), NOMEM (7), MISUSE (21, a closed connection), which no write of its own
   * causes either.
   */
  private static final Set<Integer> SQLITE_FAULTS = Set.of(5, 6, 7, 8, 10, 11, 13, 14, 21, 26);
  /**
   * SQLSTATE classes of the same (PostgreSQL's): connection exception, insufficient resources
   * (disk full), operator intervention (shut down, starting up), system error (I/O), internal.
   */
  private static final Set<String> SQLSTATE_FAULT_CLASSES = Set.of("08", "53", "57", "58", "XX");
  /** A read-only transaction: a hot standby, or {@code default_transaction_read_only}. */
  private static final String READ_ONLY_TRANSACTION = "25006";

  private StorageFaults() {}

  /** Whether {@code failure}, or anything it wraps, says the storage cannot write. */
  static boolean isFault(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof IOException || cause instanceof SQLTransientConnectionException
          || cause instanceof SQLNonTransientConnectionException
          || cause instanceof SQLRecoverableException) {
        return true;
      }
      if (cause instanceof SQLiteException) {
        return SQLITE_FAULTS.contains(((SQLiteException) cause).getResultCode().code & 0xff);
      }
      if (cause instanceof SQLException && isFaultState(((SQLException) cause).getSQLState())) {
        return true;
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return false;
  }

  private static boolean isFaultState(String state) {
    return state != null && state.length() == 5
        && (SQLSTATE_FAULT_CLASSES.contains(state.substring(0, 2))
            || state.equals(READ_ONLY_TRANSACTION));
  }

  /**
   * What went wrong, in one line for {@code /readyz} and the log: the failure's message and,
   * when it wraps another (a pool's time-out over a refused connection), the innermost one's.
   */
  static String describe(Throwable failure) {
    String message = firstLine(failure);
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    if (root != failure) {
      String rootMessage = firstLine(root);
      if (!message.contains(rootMessage)) {
        message += ": " + rootMessage;
      }
    }
    return message;
  }

  private static String firstLine(Throwable failure) {
    String message = failure.getMessage();
    if (message == null || message.isBlank()) {
      return failure.getClass().getSimpleName();
    }
    // The first line with text: a driver's message may begin with a line break.
    return message.strip().lines().findFirst().orElseThrow().strip();
  }
}
