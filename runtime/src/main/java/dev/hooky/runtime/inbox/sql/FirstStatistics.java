package dev.hooky.runtime.inbox.sql;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PostgreSQL: gives a new inbox table its first statistics once it holds enough rows to plan by.
 *
 * <p>PostgreSQL keeps the plan of a prepared statement once it judges a generic plan as good as
 * planning each time; the driver prepares the inbox's hot statements on the server after five
 * runs. Planned while the table is nearly empty, the outcome's update finds its rows by scanning
 * the table, and it keeps doing so, at a cost that grows with every row, until the table's
 * statistics change (autovacuum's first {@code ANALYZE}: a minute or more under load, or never
 * where autovacuum is off). Measured on a new database under load: 1,454 requests/s against
 * 11,309 once analysed (benchmarks/results/per-event-cpu-2026-12-07.md). Planning every run
 * instead costs PostgreSQL a fifth or more CPU per event for good, so this analyses once, early,
 * and lets autovacuum keep the statistics from then on: {@code ANALYZE} makes every session plan
 * its prepared statements afresh, now with an index.
 *
 * <p>Only a table whose statistics count fewer than {@link #ROWS} rows (or none) is analysed,
 * once per instance, on a thread of its own: the writer never waits for it, and a failure
 * (a lost connection, say) only leaves the table to autovacuum, as before.
 */
final class FirstStatistics {
  private static final Logger log = LoggerFactory.getLogger(FirstStatistics.class);
  /** Rows inserted by this instance before it looks; enough for plans to choose indexes. */
  static final int ROWS = 1_000;

  private final ReadConnections connections;
  /** Writer thread only. */
  private int inserted;
  private boolean started;

  FirstStatistics(ReadConnections connections) {
    this.connections = connections;
  }

  /** Counts rows this instance inserted; on the writer's thread. */
  void inserted(int rows) {
    if (started) {
      return;
    }
    inserted += rows;
    if (inserted >= ROWS) {
      started = true;
      Thread thread = new Thread(this::analyzeIfNew, "hooky-inbox-statistics");
      thread.setDaemon(true);
      thread.start();
    }
  }

  private void analyzeIfNew() {
    try {
      boolean analyzed = connections.read(connection -> {
        try (Statement statement = connection.createStatement()) {
          try (ResultSet counted = statement.executeQuery("SELECT reltuples FROM pg_class"
              + " WHERE oid = to_regclass('hooky_deliveries')")) {
            // -1 (PostgreSQL 14 on) or 0 before: never analysed.
            if (!counted.next() || counted.getDouble(1) >= ROWS) {
              return false;
            }
          }
          statement.execute("ANALYZE hooky_deliveries");
          statement.execute("ANALYZE hooky_attempts");
          return true;
        }
      });
      if (analyzed) {
        log.debug("Analysed the new inbox tables after {} rows", ROWS);
      }
    } catch (SQLException | RuntimeException e) {
      log.debug("Could not analyse the new inbox tables; autovacuum will", e);
    }
  }
}
