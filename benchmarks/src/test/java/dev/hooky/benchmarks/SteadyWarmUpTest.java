package dev.hooky.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** When the warm-up calls the rate steady. */
class SteadyWarmUpTest {
  @Test
  void aRateStillClimbingIsNotSteady() {
    assertFalse(SteadyWarmUp.isSteady(List.of(5_000.0, 9_000.0, 12_000.0, 14_000.0, 15_000.0)));
  }

  @Test
  void threeSlicesNoHigherThanThreePercentAboveTheBestBeforeAreSteady() {
    assertTrue(SteadyWarmUp.isSteady(
        List.of(5_000.0, 12_000.0, 16_000.0, 16_400.0, 15_900.0, 16_200.0)));
    // 16,500 is 3.1% above 16,000: still rising.
    assertFalse(SteadyWarmUp.isSteady(
        List.of(5_000.0, 12_000.0, 16_000.0, 16_400.0, 15_900.0, 16_500.0)));
  }

  @Test
  void aFallingRateIsSteadyButNeedsSlicesBeforeTheLastThree() {
    assertTrue(SteadyWarmUp.isSteady(List.of(20_000.0, 18_000.0, 17_000.0, 16_000.0)));
    assertFalse(SteadyWarmUp.isSteady(List.of(20_000.0, 18_000.0, 17_000.0)));
    assertFalse(SteadyWarmUp.isSteady(List.of()));
  }

  @Test
  void aZeroCapMeansNoWarmUp() throws InterruptedException {
    SteadyWarmUp warmUp = new SteadyWarmUp(Duration.ZERO);
    warmUp.await(() -> 0);
    assertEquals(0, warmUp.seconds());
    assertFalse(warmUp.steady());
    assertEquals(List.of(), warmUp.sliceRates());
  }

  @Test
  void aSteadyRateDoesNotEndTheWarmUpBeforeTheMinimum() throws InterruptedException {
    // A constant rate is steady after four slices; the minimum asks for eight.
    SteadyWarmUp withMinimum = new SteadyWarmUp(Duration.ofMillis(40), Duration.ofMillis(320),
        Duration.ofSeconds(5));
    withMinimum.await(() -> 0);
    assertTrue(withMinimum.steady());
    assertTrue(withMinimum.seconds() >= 0.32, "lasted " + withMinimum.seconds());
    assertTrue(withMinimum.sliceRates().size() > 4, "" + withMinimum.sliceRates().size());

    SteadyWarmUp without = new SteadyWarmUp(Duration.ofMillis(40), Duration.ZERO,
        Duration.ofSeconds(5));
    without.await(() -> 0);
    assertTrue(without.steady());
    assertEquals(4, without.sliceRates().size());
  }

  @Test
  void theCapWinsOverTheMinimum() throws InterruptedException {
    SteadyWarmUp warmUp = new SteadyWarmUp(Duration.ofMillis(40), Duration.ofSeconds(5),
        Duration.ofMillis(200));
    warmUp.await(() -> 0);
    assertTrue(warmUp.seconds() >= 0.2 && warmUp.seconds() < 1, "lasted " + warmUp.seconds());
  }
}
