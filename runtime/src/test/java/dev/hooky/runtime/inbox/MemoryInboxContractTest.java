package dev.hooky.runtime.inbox;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hooky.runtime.parse.EventParser;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class MemoryInboxContractTest extends InboxContractTest {
  @Override
  protected Inbox open(RetryPolicy policy, Clock clock) {
    return new MemoryInbox(1_000, Duration.ofDays(8), 100_000, policy, new EventParser(), clock);
  }

  @Test
  void aHandledDeliveryKeptAsASummaryIsFoundQueriedAndReplayedWithItsEvent() throws Exception {
    // Once handled, the memory inbox drops the parsed event and keeps a summary: Live Logs and a
    // replay must not tell the difference.
    InboundDelivery sent = delivery("summed", "carol");
    inbox.append(sent);
    inbox.complete(inbox.claim(1, Duration.ZERO).get(0), List.of(ok("A.a(SmsEvent)")));

    DeliveryRecord record = inbox.find("summed").orElseThrow();
    assertEquals(DeliveryStatus.HANDLED, record.status());
    assertEquals(sent.eventName(), record.eventName());
    assertEquals("carol", record.customerId());
    assertArrayEquals(sent.body(), record.body());
    assertEquals(sent.headers(), record.headers());
    assertEquals(List.of("summed"), eventIds(inbox.query(
        new DeliveryQuery(DeliveryStatus.HANDLED, "sms_*", "carol", null, null, null, 10, null))));
    assertEquals(1, inbox.query(
        new DeliveryQuery(null, null, null, null, null, null, 10, "RPILAgUB")).size(),
        "by delivery id");

    assertTrue(inbox.replay("summed"));
    Claim again = inbox.claim(1, Duration.ZERO).get(0);
    assertEquals(sent.event(), again.delivery().event());
    assertEquals(sent.headers(), again.delivery().headers());
  }

  private static List<String> eventIds(List<DeliveryRecord> records) {
    return records.stream().map(DeliveryRecord::eventId).toList();
  }
}
