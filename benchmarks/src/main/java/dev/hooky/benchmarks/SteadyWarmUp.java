package dev.hooky.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * A warm-up that lasts until the acknowledged rate stops rising: it watches one-second slices and
 * ends once the best of the last {@value #STEADY_SLICES} slices is no more than {@value
 * #RISE_PERCENT}% above the best slice before them (and not before a minimum, if one is given), or
 * at the cap. Until the JIT has compiled the request path, throughput keeps climbing, and a fixed
 * short warm-up would measure the JIT rather than the server; a server that climbs slowly for a
 * long time can look steady for three seconds, hence the minimum. One instance per load run; it
 * remembers what it saw for the report.
 */
public final class SteadyWarmUp implements ClosedLoopLoad.WarmUp {
  static final Duration SLICE = Duration.ofSeconds(1);
  public static final int STEADY_SLICES = 3;
  public static final int RISE_PERCENT = 3;

  private final Duration slice;
  private final Duration minimum;
  private final Duration cap;
  private final List<Double> sliceRates = new ArrayList<>();
  private double seconds;
  private boolean steady;

  /** @param cap the longest warm-up; zero for none */
  public SteadyWarmUp(Duration cap) {
    this(Duration.ZERO, cap);
  }

  /**
   * @param minimum the shortest warm-up, however steady the rate looks before it
   * @param cap the longest warm-up; zero for none; it wins over {@code minimum}
   */
  public SteadyWarmUp(Duration minimum, Duration cap) {
    this(SLICE, minimum, cap);
  }

  /** With slices of another length than a second: for tests. */
  SteadyWarmUp(Duration slice, Duration minimum, Duration cap) {
    this.slice = slice;
    this.minimum = minimum;
    this.cap = cap;
  }

  @Override
  public void await(LongSupplier acked) throws InterruptedException {
    long start = System.nanoTime();
    long sliceStart = start;
    long ackedAtSliceStart = acked.getAsLong();
    long now = start;
    while (now - start < cap.toNanos() && !(steady && now - start >= minimum.toNanos())) {
      long sliceEnd = Math.min(sliceStart + slice.toNanos(), start + cap.toNanos());
      ClosedLoopLoad.sleepUntil(sliceEnd);
      now = System.nanoTime();
      long ackedNow = acked.getAsLong();
      sliceRates.add((ackedNow - ackedAtSliceStart) / ((now - sliceStart) / 1e9));
      sliceStart = now;
      ackedAtSliceStart = ackedNow;
      steady = isSteady(sliceRates);
    }
    seconds = (now - start) / 1e9;
  }

  /**
   * Whether the rate has stopped rising: at least one slice before the last {@value
   * #STEADY_SLICES}, and none of those above the best earlier slice by more than {@value
   * #RISE_PERCENT}%.
   */
  static boolean isSteady(List<Double> rates) {
    int size = rates.size();
    if (size <= STEADY_SLICES) {
      return false;
    }
    double before = Collections.max(rates.subList(0, size - STEADY_SLICES));
    double recent = Collections.max(rates.subList(size - STEADY_SLICES, size));
    return recent <= before * (1 + RISE_PERCENT / 100.0);
  }

  /** How long the warm-up lasted. */
  public double seconds() {
    return seconds;
  }

  /** Whether it ended because the rate was steady, rather than at the cap. */
  public boolean steady() {
    return steady;
  }

  /** The acknowledged rate of each slice, in order. */
  public List<Double> sliceRates() {
    return List.copyOf(sliceRates);
  }
}
