package dev.hooky.runtime.inbox.sql;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * The PostgreSQL inbox's own connection pool; loaded only when that inbox is chosen.
 *
 * <p>Tuned to fail fast while the server is away (restarting, unreachable): a request waits at
 * most {@link #CONNECTION_TIMEOUT_MILLIS} for a connection, then is answered 503, well inside
 * the 4 s Customer.io waits. After a fault the pool's idle connections are dropped, and new ones
 * are opened as soon as the server accepts them again.
 */
final class PostgresPool {
  private static final int MAX_CONNECTIONS = 10;
  /** How long a write waits for a connection; HikariCP's default is 30 s. */
  static final long CONNECTION_TIMEOUT_MILLIS = 1_000;
  /** How long checking a lent connection may take; below the connection time-out. */
  private static final long VALIDATION_TIMEOUT_MILLIS = 500;
  /**
   * The driver's own limit for opening a connection, in seconds (its default is 10), unless the
   * URL sets one: an unreachable host stops holding a pool thread sooner.
   */
  private static final String CONNECT_TIMEOUT_SECONDS = "2";

  private PostgresPool() {}

  static SqlInbox open(String jdbcUrl, SqlInboxes.Settings settings) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(jdbcUrl);
    config.setPoolName("hooky-inbox");
    config.setMaximumPoolSize(MAX_CONNECTIONS);
    config.setConnectionTimeout(CONNECTION_TIMEOUT_MILLIS);
    config.setValidationTimeout(VALIDATION_TIMEOUT_MILLIS);
    // A default only: the driver lets the URL's own connectTimeout win.
    config.addDataSourceProperty("connectTimeout", CONNECT_TIMEOUT_SECONDS);
    HikariDataSource pool;
    try {
      pool = new HikariDataSource(config);
    } catch (RuntimeException e) {
      // The pool's message may repeat the URL, query string and all: keep only what is safe.
      String reason = String.valueOf(e.getMessage()).replace(jdbcUrl, redact(jdbcUrl));
      int query = jdbcUrl.indexOf('?');
      if (query >= 0) {
        reason = reason.replace(jdbcUrl.substring(query), "?…");
      }
      throw new IllegalStateException("cannot connect to the PostgreSQL inbox at "
          + redact(jdbcUrl) + ": " + reason, e);
    }
    try {
      return SqlInboxes.postgres(pool, settings, "postgres " + redact(jdbcUrl), pool,
          () -> pool.getHikariPoolMXBean().softEvictConnections());
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
  }

  /** The URL without its query string, which may carry a password. */
  static String redact(String jdbcUrl) {
    int query = jdbcUrl.indexOf('?');
    return query < 0 ? jdbcUrl : jdbcUrl.substring(0, query) + "?…";
  }
}
