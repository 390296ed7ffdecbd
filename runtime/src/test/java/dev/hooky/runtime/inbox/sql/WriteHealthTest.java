package dev.hooky.runtime.inbox.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hooky.runtime.inbox.InboxHealth;
import dev.hooky.runtime.inbox.ManualClock;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

/**
 * What /readyz and the log say of a storage fault, on a paused clock: when it began, what the
 * problem is now, how long it lasted and how many writes it failed.
 */
class WriteHealthTest {
  private static final Instant T0 = Instant.parse("2026-12-06T12:00:00Z");
  private final ManualClock clock = new ManualClock(T0);
  private final RecordingLogger log = new RecordingLogger();
  private final WriteHealth health = new WriteHealth("sqlite /srv/hooky.db", log, clock);

  @Test
  void aFaultIsReportedFromItsFirstFailureWithTheLatestProblem() {
    assertEquals(InboxHealth.writable(T0), health.current());
    clock.advance(Duration.ofSeconds(5));
    health.failed(new SQLException("disk full"), 3);
    clock.advance(Duration.ofSeconds(1));
    health.failed(new SQLException("disk I/O error"), 2);
    health.failed(new SQLException("disk I/O error"), 0); // a probe

    assertEquals(InboxHealth.failing("disk I/O error", T0.plusSeconds(5)), health.current());
    assertFalse(health.writable());
    assertEquals(List.of(Level.ERROR), log.levels(), "one error for the whole fault");
    assertTrue(log.lines.get(0).contains("sqlite /srv/hooky.db cannot write: disk full"),
        log.lines.get(0));
  }

  @Test
  void theEndOfAFaultIsLoggedOnceWithItsLengthAndEveryWriteItFailed() {
    health.failed(new SQLException("disk full"), 3);
    health.refused(4);
    health.failed(new SQLException("disk full"), 2);
    clock.advance(Duration.ofMillis(9_999));

    health.succeeded();
    health.succeeded();

    assertEquals(InboxHealth.writable(T0.plusMillis(9_999)), health.current());
    assertEquals(List.of(Level.ERROR, Level.WARN), log.levels());
    assertEquals("The inbox sqlite /srv/hooky.db can write again after 9999 ms; 9 write(s) failed"
        + " meanwhile and were answered 503 or will run again (was: disk full)", log.lines.get(1));
  }

  @Test
  void aLongFaultIsToldInSecondsAndTheNextOneCountsAfresh() {
    health.failed(new SQLException("server down"), 1);
    clock.advance(Duration.ofSeconds(10));
    health.succeeded();
    assertTrue(log.lines.get(1).contains("after 10 s; 1 write(s) failed"), log.lines.get(1));

    health.failed(new SQLException("server down"), 2);
    clock.advance(Duration.ofMillis(250));
    health.succeeded();
    assertTrue(log.lines.get(3).contains("after 250 ms; 2 write(s) failed"), log.lines.get(3));
  }

  @Test
  void refusalsForOverloadAreLoggedFromTheFirstAndThenOnceInTenSeconds() {
    long behind = TimeUnit.MILLISECONDS.toNanos(2_300);
    long budget = TimeUnit.SECONDS.toNanos(2);

    health.overloaded(behind, budget);
    clock.advance(Duration.ofMillis(9_999));
    health.overloaded(behind, budget);
    clock.advance(Duration.ofMillis(1));
    health.overloaded(behind, budget);

    assertEquals(List.of(Level.WARN, Level.WARN), log.levels());
    assertEquals("The inbox sqlite /srv/hooky.db is 2300 ms behind with its writes, more than the"
        + " budget of 2000 ms: appends are answered 503 with Retry-After until it catches up"
        + " (the database is slower than the load)", log.lines.get(0));
    assertTrue(health.writable(), "overload is not a fault");
  }
}
