package dev.hooky.runtime.verify;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks Customer.io's webhook signature over the raw request bytes:
 * {@code X-CIO-Signature = hex(HMAC-SHA256(key, "v0:" + X-CIO-Timestamp + ":" + body))}.
 *
 * <p>Any of several keys may match (rotation, several workspaces). Signatures are compared in
 * constant time. The timestamp must lie within the tolerance of this verifier's clock, in either
 * direction; it is checked after the signature, so a stale reason always means an authentic but old
 * request (a replay, or a clock that is off). No header content makes it throw.
 */
public final class SignatureVerifier {
  private static final String ALGORITHM = "HmacSHA256";
  private static final int SIGNATURE_BYTES = 32;
  /** Unix seconds have 10 digits until the year 2286; allow a little more, never a huge number. */
  private static final int MAX_TIMESTAMP_DIGITS = 12;
  private static final byte[] VERSION_PREFIX = "v0:".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] SEPARATOR = {':'};

  private final List<SecretKeySpec> keys;
  private final long toleranceSeconds;
  private final Clock clock;
  /** One initialised Mac per key and thread: Mac is not thread-safe, and init is not free. */
  private final ThreadLocal<Mac[]> macs;

  /**
   * @param keys the signing keys, at least one, none blank
   * @param tolerance how far the timestamp may be from now, either way; zero turns the check off
   * @param clock the clock "now" comes from
   */
  public SignatureVerifier(List<String> keys, Duration tolerance, Clock clock) {
    Objects.requireNonNull(keys, "keys == null");
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("at least one signing key is required");
    }
    this.keys = keys.stream()
        .map(key -> {
          if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("signing keys must not be blank");
          }
          return new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), ALGORITHM);
        })
        .toList();
    if (tolerance.isNegative()) {
      throw new IllegalArgumentException("tolerance must not be negative: " + tolerance);
    }
    if (!tolerance.isZero() && tolerance.toSeconds() == 0) {
      // Timestamps are whole seconds: a sub-second tolerance would quietly mean "off".
      throw new IllegalArgumentException(
          "tolerance must be zero (off) or at least one second: " + tolerance);
    }
    this.toleranceSeconds = tolerance.toSeconds();
    this.clock = Objects.requireNonNull(clock, "clock == null");
    this.macs = ThreadLocal.withInitial(this::newMacs);
  }

  /**
   * Verifies one request.
   *
   * @param timestamp the {@code X-CIO-Timestamp} header, or {@code null} when absent
   * @param signature the {@code X-CIO-Signature} header, or {@code null} when absent
   * @param body the raw body, exactly as received
   */
  public Verification verify(String timestamp, String signature, byte[] body) {
    if (timestamp == null || timestamp.isBlank()) {
      return Verification.rejected("missing X-CIO-Timestamp header");
    }
    if (signature == null || signature.isBlank()) {
      return Verification.rejected("missing X-CIO-Signature header");
    }
    byte[] provided = Hex.decode(signature.trim(), SIGNATURE_BYTES);
    if (provided == null) {
      return Verification.rejected("malformed X-CIO-Signature: expected 64 hex characters, got "
          + describe(signature));
    }
    long sentAt = parseTimestamp(timestamp);
    if (sentAt < 0) {
      return Verification.rejected("malformed X-CIO-Timestamp: expected unix seconds");
    }
    int keyIndex = matchingKey(timestamp.getBytes(StandardCharsets.US_ASCII), body, provided);
    long skew = clock.instant().getEpochSecond() - sentAt;
    if (keyIndex < 0) {
      return Verification.rejected("signature mismatch", -1, skew);
    }
    if (toleranceSeconds > 0 && skew > toleranceSeconds) {
      return Verification.rejected("stale timestamp: " + skew + " s old", keyIndex, skew);
    }
    if (toleranceSeconds > 0 && -skew > toleranceSeconds) {
      return Verification.rejected(
          "timestamp in the future: " + -skew + " s ahead", keyIndex, skew);
    }
    return Verification.verified(keyIndex, skew);
  }

  /**
   * Which configured key signed this request (0-based), whatever its age, or -1 when none did or
   * the headers are malformed: for showing a stored delivery's verification again.
   */
  public int matchingKeyIndex(String timestamp, String signature, byte[] body) {
    if (timestamp == null || signature == null || parseTimestamp(timestamp) < 0) {
      return -1;
    }
    byte[] provided = Hex.decode(signature.trim(), SIGNATURE_BYTES);
    return provided == null
        ? -1 : matchingKey(timestamp.getBytes(StandardCharsets.US_ASCII), body, provided);
  }

  /** How many signing keys are configured. */
  public int keyCount() {
    return keys.size();
  }

  /** The tolerance in seconds, 0 when the timestamp check is off. */
  public long toleranceSeconds() {
    return toleranceSeconds;
  }

  private int matchingKey(byte[] timestamp, byte[] body, byte[] provided) {
    Mac[] perKey = macs.get();
    for (int i = 0; i < perKey.length; i++) {
      Mac mac = perKey[i];
      mac.update(VERSION_PREFIX);
      mac.update(timestamp);
      mac.update(SEPARATOR);
      mac.update(body);
      if (MessageDigest.isEqual(mac.doFinal(), provided)) {
        return i;
      }
    }
    return -1;
  }

  private Mac[] newMacs() {
    Mac[] result = new Mac[keys.size()];
    try {
      for (int i = 0; i < result.length; i++) {
        result[i] = Mac.getInstance(ALGORITHM);
        result[i].init(keys.get(i));
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JVM cannot compute " + ALGORITHM, e);
    }
    return result;
  }

  /** The timestamp in unix seconds, or -1 unless it is 1 to 12 ASCII digits. */
  private static long parseTimestamp(String value) {
    if (value.isEmpty() || value.length() > MAX_TIMESTAMP_DIGITS) {
      return -1;
    }
    long seconds = 0;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      seconds = seconds * 10 + (c - '0');
    }
    return seconds;
  }

  private static String describe(String signature) {
    String trimmed = signature.trim();
    if (trimmed.length() != SIGNATURE_BYTES * 2) {
      return trimmed.length() + " characters";
    }
    return "a character that is not hex";
  }
}
