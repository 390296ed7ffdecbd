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
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteInboxContractTest extends InboxContractTest {
  @TempDir
  Path directory;

  @Override
  protected Inbox open(RetryPolicy policy, Clock clock) {
    return SqlInboxes.sqlite(directory.resolve("inbox.db"),
        new SqlInboxes.Settings(new EventParser(), policy, clock, Duration.ofMinutes(5)));
  }

  @Override
  protected boolean parsesStoredBodies() {
    return true;
  }

  /**
   * The SQLite inbox hands a delivery it just stored to the workers from memory, with the event
   * this version parsed; it parses stored bodies again when it reads them from the table: after
   * a restart, as here.
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
    inbox = open(POLICY, clock);

    List<Claim> claims = inbox.claim(10, Duration.ZERO);
    assertEquals(List.of("fine"), claims.stream().map(c -> c.delivery().eventId()).toList(),
        "the others are still claimed");
    inbox.complete(claims.get(0), List.of());

    DeliveryRecord record = inbox.find("then-ok").orElseThrow();
    assertEquals(DeliveryStatus.QUARANTINED, record.status());
    assertTrue(record.lastError().contains("object_type"), record.lastError());
    assertEquals(0, inbox.depth());
    assertTrue(inbox.replay("then-ok"));
    assertEquals(DeliveryStatus.QUARANTINED, inbox.find("then-ok").orElseThrow().status());
  }
}
