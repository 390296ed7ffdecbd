package dev.hooky.runtime.http;

import java.time.Duration;
import java.util.Objects;

/**
 * What the webhook endpoint allows one request: how many body bytes it keeps, past which an
 * authentic body is quarantined as too large; the hard cap past which it stops reading and answers
 * 413; and how long the body may take to arrive.
 *
 * @param maxBodyBytes the body limit: bytes kept, and the parser's longest string
 * @param hardCapBytes the most bytes read at all; larger declared or sent bodies get 413
 * @param bodyTimeout the time from the request's headers to its body's last byte; a slower sender
 *     gets 408 and its connection closed (Customer.io sends fast and waits only 4 s)
 */
public record WebhookLimits(int maxBodyBytes, long hardCapBytes, Duration bodyTimeout) {
  /** Large enough for email_sent with Body Content (rendered HTML). */
  public static final int DEFAULT_MAX_BODY_BYTES = 5 * 1024 * 1024;
  /** An email with inline images can pass 5 MiB; past 64 MiB nothing is a Customer.io event. */
  public static final long DEFAULT_HARD_CAP_BYTES = 64L * 1024 * 1024;
  /** Customer.io gives up after 4 s; a second more covers a slow link for a large body. */
  public static final Duration DEFAULT_BODY_TIMEOUT = Duration.ofSeconds(5);

  public WebhookLimits {
    if (maxBodyBytes < 1) {
      throw new IllegalArgumentException("maxBodyBytes must be positive: " + maxBodyBytes);
    }
    if (hardCapBytes < maxBodyBytes) {
      throw new IllegalArgumentException("the hard cap (" + hardCapBytes
          + " bytes) must be at least the body limit (" + maxBodyBytes + " bytes)");
    }
    Objects.requireNonNull(bodyTimeout, "bodyTimeout == null");
    if (bodyTimeout.toMillis() < 1) {
      throw new IllegalArgumentException("bodyTimeout must be positive: " + bodyTimeout);
    }
  }

  /** The defaults with a body limit of {@code maxBodyBytes} (and a hard cap at least as large). */
  public static WebhookLimits of(int maxBodyBytes) {
    return new WebhookLimits(maxBodyBytes, Math.max(DEFAULT_HARD_CAP_BYTES, maxBodyBytes),
        DEFAULT_BODY_TIMEOUT);
  }
}
