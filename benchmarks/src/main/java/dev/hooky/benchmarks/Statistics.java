package dev.hooky.benchmarks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The little statistics the reports need. */
public final class Statistics {
  private Statistics() {}

  /** The median; NaN for none. */
  public static double median(List<Double> values) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int middle = sorted.size() / 2;
    return sorted.size() % 2 == 1
        ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
  }
}
