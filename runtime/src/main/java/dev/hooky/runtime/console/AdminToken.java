package dev.hooky.runtime.console;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;

/**
 * The secret that opens the admin console and API: configured, or generated at start-up (and then
 * printed once, with the console URL, as Jupyter does). Compared in constant time.
 */
public final class AdminToken {
  private static final int GENERATED_BYTES = 24;

  private final String value;
  private final boolean generated;

  private AdminToken(String value, boolean generated) {
    this.value = value;
    this.generated = generated;
  }

  /** The configured token; blank is refused. */
  public static AdminToken of(String value) {
    Objects.requireNonNull(value, "value == null");
    if (value.isBlank()) {
      throw new IllegalArgumentException("the admin token must not be blank");
    }
    return new AdminToken(value, false);
  }

  /** A new random token (192 bits, URL-safe). */
  public static AdminToken generate() {
    byte[] bytes = new byte[GENERATED_BYTES];
    new SecureRandom().nextBytes(bytes);
    return new AdminToken(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes), true);
  }

  /** Whether {@code presented} is this token; constant time for tokens of equal length. */
  public boolean matches(String presented) {
    if (presented == null) {
      return false;
    }
    return MessageDigest.isEqual(value.getBytes(StandardCharsets.UTF_8),
        presented.getBytes(StandardCharsets.UTF_8));
  }

  /** Whether Hooky made it up (rather than the operator configuring it). */
  public boolean generated() {
    return generated;
  }

  /** The token itself, for the console URL printed at start-up. */
  public String value() {
    return value;
  }

  @Override
  public String toString() {
    return "AdminToken(****)";
  }
}
