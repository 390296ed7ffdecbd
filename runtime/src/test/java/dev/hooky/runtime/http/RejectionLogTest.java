package dev.hooky.runtime.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hooky.runtime.inbox.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The refusal log on a paused clock: one line per kind of refusal per interval, then an exact
 * count of what was left out, at the level the status deserves.
 */
class RejectionLogTest {
  private final ManualClock clock = new ManualClock(Instant.ofEpochSecond(1_715_784_949L));
  private final List<String> lines = Collections.synchronizedList(new ArrayList<>());
  private final RejectionLog log = new RejectionLog(clock, new RejectionLog.Sink() {
    @Override
    public void warn(String line) {
      lines.add("WARN " + line);
    }

    @Override
    public void info(String line) {
      lines.add("INFO " + line);
    }
  });

  @Test
  void theFirstRefusalOfAKindIsLoggedInFull() {
    log.rejected(401, "signature mismatch", "10.0.0.1");

    assertEquals(List.of("WARN Rejected webhook from 10.0.0.1 with 401: signature mismatch (more"
        + " like it are counted and summarised every 10 s)"), lines);
  }

  @Test
  void unauthorizedAndServerSideRefusalsAreWarningsOthersInfo() {
    log.rejected(401, "signature mismatch", "a");
    log.rejected(503, "too many request bodies in memory right now", "a");
    log.rejected(500, "something of ours", "a");
    log.rejected(499, "client gone", "a");
    log.rejected(404, "not found: webhooks go to /hook", "a");
    log.rejected(415, "unsupported content type: expected application/json", "a");

    assertEquals(List.of("WARN", "WARN", "WARN", "INFO", "INFO", "INFO"),
        lines.stream().map(line -> line.substring(0, 4)).toList());
    assertEquals("INFO Rejected webhook from a with 404: not found: webhooks go to /hook",
        lines.get(4));
  }

  @Test
  void repeatsWithinTheIntervalAreCountedAndSummarisedWhenTheNextIntervalStarts() {
    log.rejected(401, "stale timestamp: 301 s old", "10.0.0.1");
    clock.advance(Duration.ofMillis(RejectionLog.INTERVAL_MILLIS - 1));
    log.rejected(401, "stale timestamp: 302 s old", "10.0.0.1");
    log.rejected(401, "stale timestamp: 999 s old", "10.0.0.1");
    assertEquals(1, lines.size(), lines.toString());

    clock.advance(Duration.ofMillis(1));
    log.rejected(401, "stale timestamp: 400 s old", "10.0.0.2");

    assertEquals(3, lines.size(), lines.toString());
    assertEquals("WARN ... and 2 more \"401 stale timestamp\" refusals from 10.0.0.1 in the last"
        + " 10 s", lines.get(1));
    assertTrue(lines.get(2).startsWith(
        "WARN Rejected webhook from 10.0.0.2 with 401: stale timestamp: 400 s old"), lines.get(2));
  }

  @Test
  void aKindThatStaysQuietForAnIntervalIsLoggedAgainWithoutASummary() {
    log.rejected(413, "body too large: the limit is 10 bytes", "a");
    clock.advance(Duration.ofSeconds(30));
    log.rejected(413, "body too large: the limit is 10 bytes", "a");

    assertEquals(2, lines.size(), lines.toString());
    assertTrue(lines.stream().noneMatch(line -> line.contains("more")), lines.toString());
  }

  @Test
  void theSummaryCountsDistinctAddressesUpToAHundred() {
    log.rejected(401, "signature mismatch", "first");
    for (int i = 0; i < 3; i++) {
      log.rejected(401, "signature mismatch", "10.0.0." + (i % 2));
    }
    clock.advance(Duration.ofSeconds(10));
    log.rejected(401, "signature mismatch", "first");
    for (int i = 0; i < 250; i++) {
      log.rejected(401, "signature mismatch", "10.0.1." + i);
    }
    clock.advance(Duration.ofSeconds(25));
    log.rejected(401, "signature mismatch", "last");

    assertEquals("WARN ... and 3 more \"401 signature mismatch\" refusals from 2 addresses in the"
        + " last 10 s", lines.get(1));
    assertEquals("WARN ... and 250 more \"401 signature mismatch\" refusals from 100+ addresses"
        + " in the last 25 s", lines.get(3));
  }

  @Test
  void eachSummaryNamesOnlyTheAddressesOfItsOwnInterval() {
    log.rejected(401, "signature mismatch", "first");
    log.rejected(401, "signature mismatch", "10.0.0.1");
    clock.advance(Duration.ofSeconds(10));
    log.rejected(401, "signature mismatch", "first");
    log.rejected(401, "signature mismatch", "10.0.0.2");
    clock.advance(Duration.ofSeconds(10));
    log.rejected(401, "signature mismatch", "last");

    assertEquals("WARN ... and 1 more \"401 signature mismatch\" refusals from 10.0.0.2 in the"
        + " last 10 s", lines.get(3));
  }

  @Test
  void eachKindHasItsOwnInterval() {
    log.rejected(401, "signature mismatch", "a");
    log.rejected(401, "stale timestamp: 400 s old", "a");
    log.rejected(413, "signature mismatch", "a");
    log.rejected(401, "signature mismatch", "a");

    assertEquals(3, lines.size(), lines.toString());
  }

  @Test
  void aKindIsTheStatusAndTheReasonUpToItsColonAtMostSixtyCharacters() {
    assertEquals("401 stale timestamp", RejectionLog.kind(401, "stale timestamp: 301 s old"));
    assertEquals("401 signature mismatch", RejectionLog.kind(401, "signature mismatch"));
    String long61 = "x".repeat(61);
    assertEquals("400 " + "x".repeat(60), RejectionLog.kind(400, long61 + ": detail"));
    assertEquals("400 " + "x".repeat(60), RejectionLog.kind(400, "x".repeat(60)));
  }

  @Test
  void pastSixtyFourKindsFurtherOnesShareOneKindPerStatus() {
    for (int i = 0; i < 64; i++) {
      log.rejected(400, "reason " + i, "a");
    }
    assertEquals(64, lines.size());

    log.rejected(400, "reason 64", "a");
    log.rejected(400, "reason 65", "a");
    log.rejected(400, "reason 66", "a");
    clock.advance(Duration.ofSeconds(10));
    log.rejected(400, "reason 67", "a");

    assertEquals(67, lines.size(), lines.toString());
    assertTrue(lines.get(65).startsWith("WARN ... and 2 more \"400 other\" refusals"),
        lines.get(65));

    // A kind known before the map filled keeps its own window.
    clock.advance(Duration.ofSeconds(10));
    log.rejected(400, "reason 3", "a");
    assertTrue(lines.get(lines.size() - 1).contains("reason 3"), lines.toString());
  }

  @Test
  void onceSixtyFourKindsAreInUseAKnownKindIsStillCountedAndSummarisedUnderItsOwnName() {
    for (int i = 0; i < 64; i++) {
      log.rejected(400, "reason " + i, "a");
    }
    log.rejected(400, "reason 64", "a");
    log.rejected(400, "reason 3", "b");
    log.rejected(400, "reason 65", "c");
    assertEquals(65, lines.size(), "repeats of a known kind and of the shared one are counted");

    clock.advance(Duration.ofSeconds(10));
    log.rejected(400, "reason 3", "d");
    log.rejected(400, "reason 66", "e");

    assertEquals(List.of(
        "WARN ... and 1 more \"400 reason 3\" refusals from b in the last 10 s",
        "INFO Rejected webhook from d with 400: reason 3",
        "WARN ... and 1 more \"400 other\" refusals from c in the last 10 s",
        "INFO Rejected webhook from e with 400: reason 66"), lines.subList(65, 69));
  }

  @Test
  void aReasonThatStartsWithAColonIsAKindOfItsOwnWithAnEmptyHead() {
    assertEquals("401 ", RejectionLog.kind(401, ": no head"));
    assertEquals("401 ", RejectionLog.kind(401, ":"));
  }

  @Test
  void refusalsFromManyThreadsAtOnceAreEachLoggedOrCountedExactlyOnce() throws Exception {
    int threads = 16;
    int each = 500;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        String address = "10.0.0." + t;
        done.add(pool.submit(() -> {
          start.await();
          for (int i = 0; i < each; i++) {
            log.rejected(401, "signature mismatch", address);
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> future : done) {
        future.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(1, lines.size(), "one line in the interval: " + lines.size());

    clock.advance(Duration.ofSeconds(10));
    log.rejected(401, "signature mismatch", "10.0.0.99");

    assertEquals("WARN ... and " + (threads * each - 1) + " more \"401 signature mismatch\""
        + " refusals from " + threads + " addresses in the last 10 s", lines.get(1));
  }
}
