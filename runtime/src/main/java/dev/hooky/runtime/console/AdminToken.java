package dev.hooky.runtime.console;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/**
 * The secret that opens the admin console and API: configured, or generated at start-up (and then
 * printed once, with the console URL, as Jupyter does). Compared in constant time.
 */
public final class AdminToken {
  private static final int GENERATED_BYTES = 24;
  /**
   * A configured token reachable beyond loopback needs this many characters: 32 hexadecimal digits
   * are 128 bits, the least a token guessed over the network may carry.
   */
  public static final int MIN_STRONG_LENGTH = 32;
  /** Fewer distinct characters than this is a pattern, not a secret ({@code aaaa…}, {@code abab…}). */
  static final int MIN_DISTINCT_CHARACTERS = 8;

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

  /**
   * Why {@code token} is too weak to guard an admin port reachable from other machines, or empty
   * when it is strong enough: at least {@value #MIN_STRONG_LENGTH} characters (128 bits for a
   * random hexadecimal token) and not a repetition of a few characters.
   */
  public static Optional<String> weakness(String token) {
    int length = token.codePointCount(0, token.length());
    if (length < MIN_STRONG_LENGTH) {
      return Optional.of("the admin token has " + length + " characters; at least "
          + MIN_STRONG_LENGTH + " are needed (128 bits)");
    }
    if (token.codePoints().distinct().limit(MIN_DISTINCT_CHARACTERS).count()
        < MIN_DISTINCT_CHARACTERS) {
      return Optional.of("the admin token repeats fewer than " + MIN_DISTINCT_CHARACTERS
          + " distinct characters");
    }
    return Optional.empty();
  }

  /** How to make a token that is strong enough, for messages. */
  public static final String HOW_TO_GENERATE =
      "generate one with: openssl rand -hex 32 (or leave HOOKY_ADMIN_TOKEN unset on loopback to"
          + " have one generated)";

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
