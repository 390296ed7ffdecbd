package dev.hooky.runtime.inbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The backoff's arithmetic, its jitter, and the policies it refuses. */
class RetryPolicyTest {
  private static final Duration TEN_SECONDS = Duration.ofSeconds(10);
  private static final Duration ONE_MINUTE = Duration.ofMinutes(1);

  // --- arguments ---

  @Test
  void theDefaultWaitsAbout14AndAHalfHoursFromTheFirstFailureToTheDeadLetter() {
    Duration total = Duration.ZERO;
    for (int attempt = 1; RetryPolicy.DEFAULT.retries(attempt); attempt++) {
      total = total.plus(RetryPolicy.DEFAULT.baseDelay(attempt));
    }
    // What the Javadoc and docs/configuration.md say; jitter only shortens the waits.
    assertEquals(Duration.ofHours(14).plusMinutes(31).plusSeconds(30), total);
  }

  @Test
  void aPolicyNeedsAtLeastOneAttempt() {
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
        () -> new RetryPolicy(0, TEN_SECONDS, 2.0, ONE_MINUTE, 0.0));
    assertEquals("maxAttempts must be at least 1: 0", refused.getMessage());

    RetryPolicy once = new RetryPolicy(1, TEN_SECONDS, 2.0, ONE_MINUTE, 0.0);
    assertFalse(once.retries(1), "one attempt in all: the first failure is the last");
  }

  @Test
  void delaysMustBeGiven() {
    NullPointerException noInitial = assertThrows(NullPointerException.class,
        () -> new RetryPolicy(3, null, 2.0, ONE_MINUTE, 0.0));
    assertEquals("initialDelay == null", noInitial.getMessage());
    NullPointerException noMax = assertThrows(NullPointerException.class,
        () -> new RetryPolicy(3, TEN_SECONDS, 2.0, null, 0.0));
    assertEquals("maxDelay == null", noMax.getMessage());
  }

  @Test
  void theInitialDelayIsNotNegativeNorLongerThanTheLongest() {
    assertThrows(IllegalArgumentException.class,
        () -> new RetryPolicy(3, Duration.ofMillis(-1), 2.0, ONE_MINUTE, 0.0));
    assertThrows(IllegalArgumentException.class,
        () -> new RetryPolicy(3, ONE_MINUTE, 2.0, ONE_MINUTE.minusMillis(1), 0.0));

    RetryPolicy atOnce = new RetryPolicy(3, Duration.ZERO, 2.0, ONE_MINUTE, 0.0);
    assertEquals(Duration.ZERO, atOnce.delay(1), "no wait at all is a policy too");
    RetryPolicy steady = new RetryPolicy(3, ONE_MINUTE, 2.0, ONE_MINUTE, 0.0);
    assertEquals(ONE_MINUTE, steady.delay(2), "the longest wait may equal the first");
  }

  @Test
  void waitsNeverShrinkAndJitterIsAFraction() {
    assertThrows(IllegalArgumentException.class,
        () -> new RetryPolicy(3, TEN_SECONDS, 0.99, ONE_MINUTE, 0.0));
    assertThrows(IllegalArgumentException.class,
        () -> new RetryPolicy(3, TEN_SECONDS, 2.0, ONE_MINUTE, -0.01));
    assertThrows(IllegalArgumentException.class,
        () -> new RetryPolicy(3, TEN_SECONDS, 2.0, ONE_MINUTE, 1.01));

    RetryPolicy constant = new RetryPolicy(3, TEN_SECONDS, 1.0, ONE_MINUTE, 0.0);
    assertEquals(TEN_SECONDS, constant.delay(3), "a multiplier of 1 waits the same each time");
    new RetryPolicy(3, TEN_SECONDS, 2.0, ONE_MINUTE, 1.0); // jitter may shorten a wait to 0
  }

  // --- the schedule ---

  @Test
  void attemptsAreRetriedUntilTheLastOne() {
    RetryPolicy policy = new RetryPolicy(3, TEN_SECONDS, 2.0, ONE_MINUTE, 0.0);
    assertTrue(policy.retries(1));
    assertTrue(policy.retries(2));
    assertFalse(policy.retries(3), "the third attempt was the last");
    assertFalse(policy.retries(4), "a replayed dead letter that fails again is dead again");
  }

  @Test
  void eachWaitIsTheMultipleOfTheLastUpToTheLongest() {
    RetryPolicy policy = new RetryPolicy(10, TEN_SECONDS, 3.0, Duration.ofMinutes(5), 0.0);
    assertEquals(Duration.ofSeconds(10), policy.baseDelay(1));
    assertEquals(Duration.ofSeconds(30), policy.baseDelay(2));
    assertEquals(Duration.ofSeconds(90), policy.baseDelay(3));
    assertEquals(Duration.ofSeconds(270), policy.baseDelay(4));
    assertEquals(Duration.ofMinutes(5), policy.baseDelay(5), "810 s, cut to the longest wait");
    assertEquals(Duration.ofMinutes(5), policy.baseDelay(1_000), "no overflow, however many");
    assertEquals(Duration.ofSeconds(10), policy.baseDelay(0), "never before the first wait");
  }

  @Test
  void theLongestWaitIsKeptExactlyEvenBelowAMillisecond() {
    Duration longest = Duration.ofNanos(1_500_000);
    RetryPolicy policy = new RetryPolicy(3, Duration.ofMillis(1), 2.0, longest, 0.0);
    assertEquals(longest, policy.baseDelay(1), "1 ms reaches the longest wait's whole millis");
    assertEquals(longest, policy.baseDelay(2));
  }

  @Test
  void theDefaultWaitsTwelveAttemptsDoublingFromThirtySecondsToSixHours() {
    RetryPolicy policy = RetryPolicy.DEFAULT;
    Duration total = Duration.ZERO;
    int attempt = 1;
    for (; policy.retries(attempt); attempt++) {
      total = total.plus(policy.baseDelay(attempt));
    }
    assertEquals(12, attempt, "12 attempts in all");
    assertEquals(Duration.ofSeconds(30), policy.baseDelay(1));
    assertEquals(Duration.ofHours(6), policy.baseDelay(11));
    // 30 s * (2^10 - 1) over the first ten waits, then 6 h: about 14.5 h before jitter.
    assertEquals(Duration.ofSeconds(30 * 1023).plusHours(6), total);
  }

  // --- jitter ---

  @Test
  void withoutJitterEveryWaitIsTheBaseDelay() {
    RetryPolicy policy = new RetryPolicy(5, TEN_SECONDS, 2.0, ONE_MINUTE, 0.0);
    for (int i = 0; i < 100; i++) {
      assertEquals(Duration.ofSeconds(20), policy.delay(2));
    }
  }

  @Test
  void jitterShortensEachWaitByUpToItsFractionAndSpreadsThem() {
    RetryPolicy policy = new RetryPolicy(5, TEN_SECONDS, 2.0, ONE_MINUTE, 0.2);
    long base = Duration.ofSeconds(20).toMillis();
    long shortest = Long.MAX_VALUE;
    long longest = Long.MIN_VALUE;
    for (int i = 0; i < 2_000; i++) {
      long millis = policy.delay(2).toMillis();
      assertTrue(millis >= base * 8 / 10 && millis <= base,
          "within 20% below the base delay: " + millis);
      shortest = Math.min(shortest, millis);
      longest = Math.max(longest, millis);
    }
    // Uniform over [16 s, 20 s]: 2,000 draws all missing a 1 s end has odds of 0.75^2000.
    assertTrue(shortest < 17_000, "some waits are shortened by most of the fraction: " + shortest);
    assertTrue(longest > 19_000, "some are shortened little: " + longest);
  }

  @Test
  void fullJitterSpreadsWaitsFromZeroToTheBaseDelay() {
    RetryPolicy policy = new RetryPolicy(5, TEN_SECONDS, 2.0, ONE_MINUTE, 1.0);
    long shortest = Long.MAX_VALUE;
    long longest = Long.MIN_VALUE;
    for (int i = 0; i < 2_000; i++) {
      long millis = policy.delay(1).toMillis();
      assertTrue(millis >= 0 && millis <= 10_000, "within [0, 10 s]: " + millis);
      shortest = Math.min(shortest, millis);
      longest = Math.max(longest, millis);
    }
    assertTrue(shortest < 1_000, "some retry almost at once: " + shortest);
    assertTrue(longest > 9_000, "some wait almost the whole base delay: " + longest);
  }
}
