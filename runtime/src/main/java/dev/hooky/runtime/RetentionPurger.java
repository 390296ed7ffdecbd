package dev.hooky.runtime;

import dev.hooky.runtime.inbox.Inbox;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Deletes finished deliveries older than the retention period, at start and then hourly. */
final class RetentionPurger implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RetentionPurger.class);

  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
      runnable -> {
        Thread thread = new Thread(runnable, "hooky-retention");
        thread.setDaemon(true);
        return thread;
      });

  RetentionPurger(Inbox inbox, Duration retention, Clock clock) {
    scheduler.scheduleWithFixedDelay(() -> {
      try {
        int purged = inbox.purge(clock.instant().minus(retention));
        if (purged > 0) {
          log.info("Purged {} deliveries finished over {} days ago", purged, retention.toDays());
        }
      } catch (RuntimeException e) {
        log.warn("Could not purge old deliveries; will try again in an hour", e);
      }
    }, 1, TimeUnit.HOURS.toSeconds(1), TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }
}
