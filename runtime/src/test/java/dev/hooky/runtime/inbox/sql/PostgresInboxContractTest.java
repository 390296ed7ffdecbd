package dev.hooky.runtime.inbox.sql;

import dev.hooky.runtime.inbox.Inbox;
import dev.hooky.runtime.inbox.InboxContractTest;
import dev.hooky.runtime.inbox.RetryPolicy;
import dev.hooky.runtime.parse.EventParser;
import dev.hooky.runtime.testing.PostgresServer;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;

/**
 * The inbox contract against a real PostgreSQL server: the class has a database of its own, whose
 * tables each test empties after opening (and so migrating) the inbox.
 */
class PostgresInboxContractTest extends InboxContractTest {
  private static String url;

  @Override
  protected Inbox open(RetryPolicy policy, Clock clock) throws SQLException {
    if (url == null) {
      url = PostgresServer.shared().createDatabase();
    }
    SqlInbox inbox = openKeepingRows(policy, clock);
    try (Connection connection = PostgresServer.connect(url);
        Statement statement = connection.createStatement()) {
      statement.execute("TRUNCATE hooky_deliveries, hooky_attempts RESTART IDENTITY");
    } catch (SQLException e) {
      inbox.close();
      throw e;
    }
    return inbox;
  }

  @Override
  protected boolean parsesStoredBodies() {
    return true;
  }

  private static SqlInbox openKeepingRows(RetryPolicy policy, Clock clock) {
    return SqlInboxes.postgres(url,
        new SqlInboxes.Settings(new EventParser(), policy, clock, LEASE));
  }

  private static final Duration LEASE = Duration.ofMinutes(5);

  /**
   * The instance dies and another opens the database; the deliveries the first had leased for
   * its workers are claimed from the table once their lease has run out.
   */
  @Override
  protected void readStoredDeliveriesAgain() throws Exception {
    inbox.close();
    inbox = openKeepingRows(POLICY, clock);
    clock.advance(LEASE.plusSeconds(1));
  }
}
