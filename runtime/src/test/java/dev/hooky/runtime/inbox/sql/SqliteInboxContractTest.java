package dev.hooky.runtime.inbox.sql;

import dev.hooky.runtime.inbox.Inbox;
import dev.hooky.runtime.inbox.InboxContractTest;
import dev.hooky.runtime.inbox.RetryPolicy;
import dev.hooky.runtime.parse.EventParser;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
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

  /** A restart on the same file. */
  @Override
  protected void readStoredDeliveriesAgain() throws Exception {
    inbox.close();
    inbox = open(POLICY, clock);
  }
}
