package dev.hooky.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class StatisticsTest {
  @Test
  void medianOfOddAndEvenCounts() {
    assertEquals(2.0, Statistics.median(List.of(3.0, 1.0, 2.0)));
    assertEquals(2.5, Statistics.median(List.of(4.0, 1.0, 2.0, 3.0)));
    assertTrue(Double.isNaN(Statistics.median(List.of())));
  }
}
