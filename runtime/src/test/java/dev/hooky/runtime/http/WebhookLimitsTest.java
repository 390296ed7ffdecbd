package dev.hooky.runtime.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The webhook limits refuse settings that would refuse every request or read without bound, each
 * with a message naming the value, and accept the smallest sensible ones.
 */
class WebhookLimitsTest {
  private static final Duration SECOND = Duration.ofSeconds(1);

  @Test
  void aBodyLimitBelowOneByteIsRefusedAndOneByteIsAllowed() {
    IllegalArgumentException refused =
        assertThrows(IllegalArgumentException.class, () -> new WebhookLimits(0, 10, SECOND));
    assertEquals("maxBodyBytes must be positive: 0", refused.getMessage());

    assertEquals(1, new WebhookLimits(1, 1, SECOND).maxBodyBytes());
  }

  @Test
  void aHardCapBelowTheBodyLimitIsRefusedAndOneEqualToItIsAllowed() {
    IllegalArgumentException refused =
        assertThrows(IllegalArgumentException.class, () -> new WebhookLimits(100, 99, SECOND));
    assertEquals("the hard cap (99 bytes) must be at least the body limit (100 bytes)",
        refused.getMessage());

    assertEquals(100, new WebhookLimits(100, 100, SECOND).hardCapBytes());
  }

  @Test
  void aBodyTimeoutIsRequiredAndMustBeAtLeastOneMillisecond() {
    NullPointerException missing =
        assertThrows(NullPointerException.class, () -> new WebhookLimits(1, 1, null));
    assertEquals("bodyTimeout == null", missing.getMessage());

    IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
        () -> new WebhookLimits(1, 1, Duration.ofNanos(999_999)));
    assertEquals("bodyTimeout must be positive: PT0.000999999S", zero.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> new WebhookLimits(1, 1, Duration.ofMillis(-5)));

    assertEquals(Duration.ofMillis(1), new WebhookLimits(1, 1, Duration.ofMillis(1)).bodyTimeout());
  }

  @Test
  void ofKeepsTheDefaultsAndRaisesTheHardCapToALargerBodyLimit() {
    WebhookLimits small = WebhookLimits.of(1_000);
    assertEquals(new WebhookLimits(1_000, WebhookLimits.DEFAULT_HARD_CAP_BYTES,
        WebhookLimits.DEFAULT_BODY_TIMEOUT), small);

    int large = (int) WebhookLimits.DEFAULT_HARD_CAP_BYTES + 1;
    assertEquals(large, WebhookLimits.of(large).hardCapBytes());
    assertEquals(Duration.ofSeconds(5), WebhookLimits.DEFAULT_BODY_TIMEOUT);
    assertEquals(64L << 20, WebhookLimits.DEFAULT_HARD_CAP_BYTES);
    assertEquals(5 << 20, WebhookLimits.DEFAULT_MAX_BODY_BYTES);
  }
}
