package dev.hooky.runtime.inbox.sql;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/** The PostgreSQL inbox's own connection pool; loaded only when that inbox is chosen. */
final class PostgresPool {
  private static final int MAX_CONNECTIONS = 10;

  private PostgresPool() {}

  static SqlInbox open(String jdbcUrl, SqlInboxes.Settings settings) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(jdbcUrl);
    config.setPoolName("hooky-inbox");
    config.setMaximumPoolSize(MAX_CONNECTIONS);
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
      return SqlInboxes.postgres(pool, settings, "postgres " + redact(jdbcUrl), pool);
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
