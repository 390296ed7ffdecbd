package dev.hooky.runtime;

import dev.hooky.runtime.inbox.Inbox;
import dev.hooky.runtime.inbox.MemoryInbox;
import dev.hooky.runtime.inbox.sql.SqlInboxes;
import dev.hooky.runtime.parse.EventParser;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;

/** Opens the inbox a configuration names: SQLite, PostgreSQL (by URL or data source) or memory. */
final class InboxOpener {
  private InboxOpener() {}

  static Inbox open(HookyConfig config, EventParser parser) {
    Duration lease = config.lease() != null ? config.lease()
        : Collections.max(List.of(config.handlerTimeout().multipliedBy(2), Duration.ofMinutes(5)));
    SqlInboxes.Settings settings =
        new SqlInboxes.Settings(parser, config.retryPolicy(), config.clock(), lease);
    String spec = config.inboxSpec();
    if (config.inboxDataSource() != null) {
      return SqlInboxes.postgres(config.inboxDataSource(), settings);
    }
    if (spec.equals("memory")) {
      return new MemoryInbox(config.inboxCapacity(), config.inboxHistory(),
          HookyBuilder.DEDUP_WINDOW, HookyBuilder.DEDUP_MAX_ENTRIES, config.retryPolicy(), parser,
          config.clock());
    }
    if (spec.startsWith("sqlite:")) {
      return SqlInboxes.sqlite(Path.of(spec.substring("sqlite:".length())), settings);
    }
    return SqlInboxes.postgres(spec.substring("postgres:".length()), settings);
  }
}
