package dev.hooky.runtime.inbox.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hooky.runtime.inbox.Claim;
import dev.hooky.runtime.inbox.DeliveryRecord;
import dev.hooky.runtime.inbox.DeliveryStatus;
import dev.hooky.runtime.inbox.InboundDelivery;
import dev.hooky.runtime.inbox.Inbox;
import dev.hooky.runtime.inbox.InboxContractTest;
import dev.hooky.runtime.inbox.RetryPolicy;
import dev.hooky.runtime.parse.EventParser;
import dev.hooky.runtime.testing.PostgresServer;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

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
   * The PostgreSQL inbox hands a delivery it just stored to its workers from memory, with the
   * event this version parsed (leased to it by the insert); it parses stored bodies again when it
   * claims them from the table: here, after the instance that stored them died and its leases
   * ran out.
   */
  @Override
  @Test
  protected void aStoredBodyThisVersionCannotParseIsQuarantinedWhenClaimedNotDeadLettered()
      throws Exception {
    // Parsed when it was stored, say by another version: now its body is not an event.
    InboundDelivery parsed = delivery("then-ok", "1");
    inbox.append(new InboundDelivery("then-ok", parsed.eventName(), parsed.receivedAt(),
        parsed.headers(), "{\"event_id\":\"then-ok\"}".getBytes(StandardCharsets.UTF_8),
        parsed.event()));
    inbox.append(delivery("fine", "1"));
    inbox.close();
    inbox = openKeepingRows(POLICY, clock);
    clock.advance(LEASE.plusSeconds(1));

    List<Claim> claims = inbox.claim(10, Duration.ZERO);
    assertEquals(List.of("fine"), ids(claims), "the others are still claimed");
    inbox.complete(claims.get(0), List.of());

    DeliveryRecord record = inbox.find("then-ok").orElseThrow();
    assertEquals(DeliveryStatus.QUARANTINED, record.status());
    assertTrue(record.lastError().contains("object_type"), record.lastError());
    assertEquals(0, inbox.depth());
    assertTrue(inbox.replay("then-ok"));
    assertEquals(DeliveryStatus.QUARANTINED, inbox.find("then-ok").orElseThrow().status());
  }
}
