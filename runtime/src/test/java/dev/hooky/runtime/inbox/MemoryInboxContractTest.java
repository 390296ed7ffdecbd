package dev.hooky.runtime.inbox;

import dev.hooky.runtime.parse.EventParser;
import java.time.Clock;
import java.time.Duration;

class MemoryInboxContractTest extends InboxContractTest {
  @Override
  protected Inbox open(RetryPolicy policy, Clock clock) {
    return new MemoryInbox(1_000, Duration.ofDays(8), 100_000, policy, new EventParser(), clock);
  }
}
