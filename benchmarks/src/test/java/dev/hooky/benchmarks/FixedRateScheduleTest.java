package dev.hooky.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hooky.benchmarks.FixedRateLoad.Schedule;
import java.time.Duration;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** The fixed-rate load's arithmetic: when requests are due, which fall in a window, the rate. */
class FixedRateScheduleTest {
  private static final long SECOND = 1_000_000_000L;

  @Test
  void requestsAreDueAtEvenIntervalsFromTheStart() {
    Schedule schedule = new Schedule(1_000, 4_000);
    assertEquals(1_000, schedule.due(0));
    assertEquals(1_000 + 250_000, schedule.due(1));
    assertEquals(1_000 + SECOND, schedule.due(4_000));
    // A rate that does not divide a second: rounded to the nearest nanosecond, never drifting.
    Schedule third = new Schedule(0, 3);
    assertEquals(333_333_333, third.due(1));
    assertEquals(666_666_667, third.due(2));
    assertEquals(100 * SECOND, third.due(300));
  }

  @Test
  void theFirstRequestDueAtOrAfterATime() {
    Schedule schedule = new Schedule(1_000, 4_000);
    assertEquals(0, schedule.firstAtOrAfter(0));
    assertEquals(0, schedule.firstAtOrAfter(1_000));
    assertEquals(1, schedule.firstAtOrAfter(1_001));
    assertEquals(1, schedule.firstAtOrAfter(1_000 + 250_000));
    assertEquals(2, schedule.firstAtOrAfter(1_000 + 250_001));
    Schedule third = new Schedule(0, 3);
    assertEquals(2, third.firstAtOrAfter(666_666_667));
    assertEquals(3, third.firstAtOrAfter(666_666_668));
  }

  @Test
  void aWindowHoldsRateTimesItsLength() {
    Schedule schedule = new Schedule(5 * SECOND, 18_214.5);
    long windowStart = 7 * SECOND;
    long windowEnd = windowStart + 10 * SECOND;
    long due = schedule.firstAtOrAfter(windowEnd) - schedule.firstAtOrAfter(windowStart);
    assertEquals(182_145, due);
  }

  @Test
  void aServerThatFellBehindIsChargedTheTimeItsWindowTookToBeAnswered() {
    Histogram latency = new Histogram(3);
    FixedRateLoad.Result kept = new FixedRateLoad.Result(1_000, Duration.ofSeconds(10), 10_000,
        10_000, 12_000, latency, 0, 0, Map.of(), 0, Duration.ofMillis(10_002));
    assertEquals(1_000, kept.ackedPerSecond(), 1);
    FixedRateLoad.Result behind = new FixedRateLoad.Result(1_000, Duration.ofSeconds(10),
        10_000, 10_000, 12_000, latency, 0, 0, Map.of(), 0, Duration.ofSeconds(20));
    assertEquals(500, behind.ackedPerSecond(), 1e-9);
  }
}
