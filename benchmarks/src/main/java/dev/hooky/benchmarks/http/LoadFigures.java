package dev.hooky.benchmarks.http;

import dev.hooky.benchmarks.ClosedLoopLoad;
import dev.hooky.benchmarks.FixedRateLoad;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * What one load phase measured, reduced to the figures the report shows.
 *
 * @param perSecond acknowledged requests per second in the window
 * @param errors failed requests in the window (any answer but 200 {@code ok}, or no answer)
 * @param errorKinds every failure of the phase, warm-up included, by kind
 */
record LoadFigures(double perSecond, double p50Millis, double p99Millis, double maxMillis,
    long errors, Map<String, Long> errorKinds) {

  /** A phase that did not run. */
  static final LoadFigures NONE =
      new LoadFigures(Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0, Map.of());

  static LoadFigures of(ClosedLoopLoad.Result load) {
    return of(load.ackedPerSecond(), load.latencyNanos(), load.errorsInWindow(), load.errors());
  }

  static LoadFigures of(FixedRateLoad.Result load) {
    return of(load.ackedPerSecond(), load.latencyNanos(), load.errorsInWindow(), load.errors());
  }

  private static LoadFigures of(double perSecond, Histogram latency, long errors,
      Map<String, Long> kinds) {
    boolean none = latency.getTotalCount() == 0;
    return new LoadFigures(perSecond,
        none ? Double.NaN : latency.getValueAtPercentile(50) / 1e6,
        none ? Double.NaN : latency.getValueAtPercentile(99) / 1e6,
        none ? Double.NaN : latency.getMaxValue() / 1e6, errors, Map.copyOf(kinds));
  }
}
