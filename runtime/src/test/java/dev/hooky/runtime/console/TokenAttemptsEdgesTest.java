package dev.hooky.runtime.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The exact edges of the admin port's defence against token guessing: which clients share a
 * bucket, when the table of clients is swept, what the summary line says and when it is due.
 */
class TokenAttemptsEdgesTest {
  private static final String TOLD_AT_ONCE = "Admin port: a request with a wrong or missing admin"
      + " token from %s; further ones are summed up every 60 s";

  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final List<String> lines = new ArrayList<>();
  private final TokenAttempts attempts = new TokenAttempts(now::get, lines::add);

  // ------------------------------------------------------------------ which client

  @Test
  void anIpv6ClientIsItsSlash64WrittenInHex() throws Exception {
    assertEquals("2001:db8:ab00:ff12::/64", key("2001:0db8:ab00:ff12:1:2:3:4"));
    assertEquals("2001:db8:1:3::/64", key("2001:db8:1:3::1"), "another /64, another client");
    assertEquals("fe80:0:0:0::/64", key("fe80::1"));
  }

  @Test
  void loopbackAndIpv4AreThemselvesAndNoAddressIsUnknown() throws Exception {
    assertEquals("::1", key("::1"));
    assertEquals("192.0.2.7", key("192.0.2.7"));
    assertEquals("unknown", TokenAttempts.clientKey(null));
  }

  // ------------------------------------------------------------------ the table of clients

  @Test
  void exactlyTheLimitOfClientsHaveBucketsOfTheirOwnAndTheSweepFreesThoseGrownBack() {
    for (int i = 0; i < TokenAttempts.MAX_CLIENTS; i++) {
      attempts.failed("c" + i);
    }
    advance(Duration.ofMillis(5_500));
    // The table is full: a sweep finds no allowance grown back, so newcomers share one bucket.
    for (int i = 0; i < TokenAttempts.BURST; i++) {
      attempts.failed("newcomer-a");
    }
    assertTrue(attempts.retryAfterSeconds("newcomer-a") > 0, "the shared bucket is empty");

    // Half a second later every client's allowance has grown back, but the last sweep was less
    // than a second ago: no sweep, and another newcomer shares the empty bucket.
    advance(Duration.ofMillis(500));
    assertTrue(attempts.retryAfterSeconds("newcomer-b") > 0, "swept again within a second");

    // A second after the last sweep, the next one frees every bucket grown back.
    advance(Duration.ofMillis(500));
    assertEquals(0, attempts.retryAfterSeconds("newcomer-c"));
    for (int i = 0; i < TokenAttempts.BURST; i++) {
      attempts.failed("newcomer-c");
    }
    assertTrue(attempts.retryAfterSeconds("newcomer-c") > 0, "a bucket of its own, now spent");
    assertEquals(0, attempts.retryAfterSeconds("newcomer-d"), "and others are not affected");
  }

  @Test
  void aClientAlreadyInAFullTableKeepsItsOwnBucket() {
    for (int i = 0; i < TokenAttempts.MAX_CLIENTS; i++) {
      attempts.failed("c" + i);
    }
    for (int i = 0; i < TokenAttempts.BURST; i++) {
      attempts.failed("newcomer");
    }

    assertEquals(0, attempts.retryAfterSeconds("c0"), "c0 has 9 failures left of its own");
  }

  // ------------------------------------------------------------------ the log

  @Test
  void theSummarySaysHowManyFromHowManyClientsHowManyRefusedAndFromWhomMost() {
    for (int i = 0; i < TokenAttempts.BURST; i++) {
      attempts.failed("10.0.0.1");
    }
    assertTrue(attempts.retryAfterSeconds("10.0.0.1") > 0);
    attempts.failed("10.0.0.2");
    assertEquals(List.of(String.format(TOLD_AT_ONCE, "10.0.0.1")), lines);

    advance(Duration.ofSeconds(60));
    attempts.flush();

    assertEquals("Admin port: 11 more request(s) with a wrong or missing admin token in the last"
        + " 60 s from 2 client(s), 1 of them refused with 429 before any check; most from"
        + " 10.0.0.1 (10)", lines.get(1));
  }

  @Test
  void beyondTheLimitOfClientsInAnIntervalNewcomersAreSummedUpTogether() {
    // The first failure is told at once; the next 10,000 clients fill the interval's table.
    for (int i = 0; i <= TokenAttempts.MAX_CLIENTS; i++) {
      attempts.failed("c" + i);
    }
    for (int i = 0; i < 5; i++) {
      attempts.failed("newcomer");
    }
    advance(Duration.ofSeconds(60));
    attempts.flush();

    assertTrue(lines.get(1).endsWith("most from (other clients) (5)"), lines.get(1));
  }

  @Test
  void theClientNamedIsTheOneWithTheMostRequestsFailedAndRefusedTogether() {
    // a: 9 counted failures and 12 refusals (21); b: 5 failures. Refusals count as requests.
    for (int i = 0; i < TokenAttempts.BURST; i++) {
      attempts.failed("10.0.0.1");
    }
    for (int i = 0; i < 12; i++) {
      assertTrue(attempts.retryAfterSeconds("10.0.0.1") > 0);
    }
    for (int i = 0; i < 5; i++) {
      attempts.failed("10.0.0.2");
    }
    advance(Duration.ofSeconds(60));
    attempts.flush();

    assertTrue(lines.get(1).endsWith("12 of them refused with 429 before any check; most from"
        + " 10.0.0.1 (21)"), lines.get(1));
  }

  @Test
  void aFailureExactlyAnIntervalAfterTheLastLineWritesTheSummary() {
    attempts.failed("10.0.0.1");
    advance(Duration.ofSeconds(1));
    attempts.failed("10.0.0.1");
    advance(Duration.ofSeconds(59).minusNanos(1));
    attempts.failed("10.0.0.1");
    assertEquals(1, lines.size(), "a nanosecond early");

    advance(Duration.ofNanos(1));
    attempts.failed("10.0.0.1");

    assertEquals("Admin port: 3 more request(s) with a wrong or missing admin token in the last"
        + " 60 s from 1 client(s), 0 of them refused with 429 before any check; most from"
        + " 10.0.0.1 (3)", lines.get(1));
  }

  @Test
  void theFirstFailureAWholeIntervalAfterTheLastLineIsToldAtOnce() {
    attempts.failed("10.0.0.1");
    advance(Duration.ofSeconds(60).minusNanos(1));
    attempts.failed("10.0.0.2");
    assertEquals(1, lines.size(), "counted, not told: the interval is not over");
    advance(Duration.ofNanos(1));
    attempts.flush();
    assertEquals(2, lines.size());

    advance(Duration.ofSeconds(60));
    attempts.failed("10.0.0.3");

    assertEquals(String.format(TOLD_AT_ONCE, "10.0.0.3"), lines.get(2));
  }

  @Test
  void flushWritesNothingBeforeTheIntervalIsOverNorWhenNothingHappened() {
    attempts.failed("10.0.0.1");
    attempts.failed("10.0.0.1");
    advance(Duration.ofSeconds(60).minusNanos(1));
    attempts.flush();
    assertEquals(1, lines.size());

    advance(Duration.ofNanos(1));
    attempts.flush();
    assertEquals(2, lines.size());
    advance(Duration.ofSeconds(120));
    attempts.flush();
    assertEquals(2, lines.size(), "an empty interval writes no line");
  }

  @Test
  void theFlushIsDueWhenTheIntervalEndsAndNeverSoonerThanASecond() {
    attempts.failed("10.0.0.1");
    assertEquals(61, attempts.secondsUntilFlush());
    advance(Duration.ofSeconds(30));
    assertEquals(31, attempts.secondsUntilFlush());
    advance(Duration.ofMillis(29_500));
    assertEquals(1, attempts.secondsUntilFlush());
    advance(Duration.ofSeconds(10));
    assertEquals(1, attempts.secondsUntilFlush(), "overdue: at once, but not in a busy loop");
  }

  private void advance(Duration duration) {
    now.addAndGet(duration.toNanos());
  }

  private static String key(String address) throws Exception {
    return TokenAttempts.clientKey(InetAddress.getByName(address));
  }
}
