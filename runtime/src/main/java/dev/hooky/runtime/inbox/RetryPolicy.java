package dev.hooky.runtime.inbox;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When to try a delivery again after a handler failed: exponential backoff with jitter, then a
 * dead letter. The default waits 30 s, then twice as long each time up to 6 h, for 12 attempts in
 * all: about 14.5 hours from the first failure to the dead letter, before jitter.
 *
 * @param maxAttempts how many attempts in all before the delivery is dead-lettered
 * @param initialDelay the wait after the first failure
 * @param multiplier how much longer each next wait is
 * @param maxDelay the longest single wait
 * @param jitter the fraction (0 to 1) by which each wait is randomly shortened, so that many
 *     failures do not all retry at the same moment
 */
public record RetryPolicy(
    int maxAttempts, Duration initialDelay, double multiplier, Duration maxDelay, double jitter) {

  public static final RetryPolicy DEFAULT =
      new RetryPolicy(12, Duration.ofSeconds(30), 2.0, Duration.ofHours(6), 0.2);

  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1: " + maxAttempts);
    }
    Objects.requireNonNull(initialDelay, "initialDelay == null");
    Objects.requireNonNull(maxDelay, "maxDelay == null");
    if (initialDelay.isNegative() || maxDelay.compareTo(initialDelay) < 0) {
      throw new IllegalArgumentException("need 0 <= initialDelay <= maxDelay");
    }
    if (multiplier < 1.0 || jitter < 0.0 || jitter > 1.0) {
      throw new IllegalArgumentException("need multiplier >= 1 and 0 <= jitter <= 1");
    }
  }

  /** Whether a delivery whose attempt number {@code attempt} failed may be tried again. */
  public boolean retries(int attempt) {
    return attempt < maxAttempts;
  }

  /** The wait after attempt number {@code attempt} (1-based) failed, before jitter. */
  public Duration baseDelay(int attempt) {
    double millis = initialDelay.toMillis() * Math.pow(multiplier, Math.max(0, attempt - 1));
    return millis >= maxDelay.toMillis() ? maxDelay : Duration.ofMillis((long) millis);
  }

  /** The wait after attempt number {@code attempt} failed, with jitter applied. */
  public Duration delay(int attempt) {
    Duration base = baseDelay(attempt);
    double shortenBy = jitter * ThreadLocalRandom.current().nextDouble();
    return Duration.ofMillis((long) (base.toMillis() * (1.0 - shortenBy)));
  }
}
