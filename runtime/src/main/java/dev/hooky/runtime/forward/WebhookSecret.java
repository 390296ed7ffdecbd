package dev.hooky.runtime.forward;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * A Standard Webhooks signing secret: {@code whsec_} followed by the base64 of 24 to 64 random
 * bytes, the HMAC key. It never prints itself: {@link #toString()} is {@code whsec_***}, and no
 * error message quotes it.
 */
public final class WebhookSecret {
  static final String PREFIX = "whsec_";
  static final int MIN_BYTES = 24;
  static final int MAX_BYTES = 64;

  private final byte[] key;

  private WebhookSecret(byte[] key) {
    this.key = key;
  }

  /**
   * Reads a {@code whsec_...} secret.
   *
   * @param where where it came from, for errors (e.g. {@code HOOKY_FORWARD_SECRET})
   * @throws IllegalArgumentException saying what is wrong with it, without quoting it
   */
  public static WebhookSecret parse(String secret, String where) {
    Objects.requireNonNull(where, "where == null");
    if (secret == null || secret.isBlank()) {
      throw new IllegalArgumentException(where + " is empty");
    }
    String trimmed = secret.trim();
    if (!trimmed.startsWith(PREFIX)) {
      throw new IllegalArgumentException(where + " is not a Standard Webhooks secret: it must"
          + " start with whsec_ followed by base64 (make one with: echo whsec_$(openssl rand"
          + " -base64 32))");
    }
    byte[] key;
    try {
      key = Base64.getDecoder().decode(trimmed.substring(PREFIX.length()));
    } catch (IllegalArgumentException e) {
      // The decoder's message quotes the offending character: a piece of the secret.
      throw new IllegalArgumentException(where + " is not valid base64 after whsec_", null);
    }
    if (key.length < MIN_BYTES || key.length > MAX_BYTES) {
      throw new IllegalArgumentException(where + " holds " + key.length + " bytes after whsec_;"
          + " Standard Webhooks secrets hold " + MIN_BYTES + " to " + MAX_BYTES + " random bytes");
    }
    return new WebhookSecret(key);
  }

  /** A new random 32-byte secret. */
  public static WebhookSecret generate() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return new WebhookSecret(key);
  }

  /** The {@code whsec_} form, to hand to the receiver; keep it out of logs. */
  public String reveal() {
    return PREFIX + Base64.getEncoder().encodeToString(key);
  }

  byte[] key() {
    return key.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof WebhookSecret && Arrays.equals(key, ((WebhookSecret) other).key);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(key);
  }

  @Override
  public String toString() {
    return PREFIX + "***";
  }
}
