package dev.hooky.runtime.verify;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks Customer.io's webhook signature over the raw request bytes:
 * {@code X-CIO-Signature = hex(HMAC-SHA256(key, "v0:" + X-CIO-Timestamp + ":" + body))}.
 *
 * <p>Any of several keys may match (rotation, several workspaces). Signatures are compared in
 * constant time. The body can be fed as it streams in ({@link #begin}), so that nothing but the
 * HMAC state is needed per byte. The timestamp must lie within the past tolerance (by default as
 * far back as de-duplication remembers, so a retry of an old event never goes stale: replays inside
 * the window are duplicates by {@code event_id}) and the future tolerance; it is checked after the
 * signature, so a stale reason always means an authentic but old request. No header content makes
 * it throw.
 */
public final class SignatureVerifier {
  private static final String ALGORITHM = "HmacSHA256";
  private static final int SIGNATURE_BYTES = 32;
  /** Unix seconds have 10 digits until the year 2286; allow a little more, never a huge number. */
  private static final int MAX_TIMESTAMP_DIGITS = 12;
  private static final byte[] VERSION_PREFIX = "v0:".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] SEPARATOR = {':'};
  /** A cap on idle Mac sets kept for reuse: about the number of requests in flight at once. */
  private static final int MAX_POOLED = 256;

  private final List<SecretKeySpec> keys;
  private final long pastToleranceSeconds;
  private final long futureToleranceSeconds;
  private final Clock clock;
  private final Supplier<Instant> rememberedSince;
  /**
   * Initialised Macs, one per key, for reuse: Mac is not thread-safe and init is not free, and a
   * body that streams in may be fed from several threads in turn, so a thread-local will not do.
   */
  private final Queue<Mac[]> idle = new ConcurrentLinkedQueue<>();
  private final AtomicInteger idleCount = new AtomicInteger();

  /**
   * @param keys the signing keys, at least one, none blank
   * @param tolerance how far the timestamp may be from now, either way; zero turns the check off
   * @param clock the clock "now" comes from
   */
  public SignatureVerifier(List<String> keys, Duration tolerance, Clock clock) {
    this(keys, tolerance, tolerance, clock, () -> Instant.MIN);
  }

  /**
   * @param keys the signing keys, at least one, none blank
   * @param pastTolerance how old a timestamp may be; zero turns the check off (both ways)
   * @param futureTolerance how far ahead of now a timestamp may be
   * @param clock the clock "now" comes from
   * @param rememberedSince the instant since which de-duplication remembers every event id (see
   *     {@code Inbox.rememberedSince()}): an older timestamp is refused as stale whatever the
   *     tolerance, since a replay of it could no longer be told from a first delivery
   */
  public SignatureVerifier(List<String> keys, Duration pastTolerance, Duration futureTolerance,
      Clock clock, Supplier<Instant> rememberedSince) {
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
    this.pastToleranceSeconds = wholeSeconds(pastTolerance, "tolerance");
    this.futureToleranceSeconds = wholeSeconds(futureTolerance, "future tolerance");
    if (pastToleranceSeconds > 0 && futureToleranceSeconds == 0) {
      throw new IllegalArgumentException("the future tolerance must be at least one second");
    }
    this.clock = Objects.requireNonNull(clock, "clock == null");
    this.rememberedSince = Objects.requireNonNull(rememberedSince, "rememberedSince == null");
  }

  private static long wholeSeconds(Duration tolerance, String name) {
    Objects.requireNonNull(tolerance, name + " == null");
    if (tolerance.isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative: " + tolerance);
    }
    if (!tolerance.isZero() && tolerance.toSeconds() == 0) {
      // Timestamps are whole seconds: a sub-second tolerance would quietly mean "off".
      throw new IllegalArgumentException(
          name + " must be zero (off) or at least one second: " + tolerance);
    }
    return tolerance.toSeconds();
  }

  /**
   * Verifies one request whose body is all in memory.
   *
   * @param timestamp the {@code X-CIO-Timestamp} header, or {@code null} when absent
   * @param signature the {@code X-CIO-Signature} header, or {@code null} when absent
   * @param body the raw body, exactly as received
   */
  public Verification verify(String timestamp, String signature, byte[] body) {
    String malformed = malformedHeaders(timestamp, signature);
    if (malformed != null) {
      return Verification.rejected(malformed);
    }
    Check check = begin(timestamp, signature);
    check.update(ByteBuffer.wrap(body));
    return check.finish();
  }

  /**
   * Why these headers cannot be a Customer.io signature, or {@code null} when they are well-formed:
   * a check that needs no body, so that a request without a signature is refused before any of its
   * body is read.
   */
  public static String malformedHeaders(String timestamp, String signature) {
    if (timestamp == null || timestamp.isBlank()) {
      return "missing X-CIO-Timestamp header";
    }
    if (signature == null || signature.isBlank()) {
      return "missing X-CIO-Signature header";
    }
    if (Hex.decode(signature.trim(), SIGNATURE_BYTES) == null) {
      return "malformed X-CIO-Signature: expected 64 hex characters, got " + describe(signature);
    }
    if (parseTimestamp(timestamp) < 0) {
      return "malformed X-CIO-Timestamp: expected unix seconds";
    }
    return null;
  }

  /**
   * Starts checking a request whose body streams in: feed it to {@link Check#update} as it
   * arrives, then {@link Check#finish}. The headers must be well-formed ({@link #malformedHeaders}
   * returned {@code null}).
   */
  public Check begin(String timestamp, String signature) {
    long sentAt = parseTimestamp(timestamp);
    byte[] provided = Hex.decode(signature.trim(), SIGNATURE_BYTES);
    if (sentAt < 0 || provided == null) {
      throw new IllegalArgumentException("malformed signature headers: "
          + malformedHeaders(timestamp, signature));
    }
    Mac[] macs = idle.poll();
    if (macs == null) {
      macs = newMacs();
    } else {
      idleCount.decrementAndGet();
    }
    byte[] timestampBytes = timestamp.getBytes(StandardCharsets.US_ASCII);
    for (Mac mac : macs) {
      mac.update(VERSION_PREFIX);
      mac.update(timestampBytes);
      mac.update(SEPARATOR);
    }
    return new Check(macs, sentAt, provided);
  }

  /** One request's signature check in progress; not thread-safe, used by one reader at a time. */
  public final class Check {
    private final Mac[] macs;
    private final long sentAt;
    private final byte[] provided;
    private boolean finished;

    private Check(Mac[] macs, long sentAt, byte[] provided) {
      this.macs = macs;
      this.sentAt = sentAt;
      this.provided = provided;
    }

    /** Feeds the next body bytes (the buffer's remaining ones; its position is left unchanged). */
    public void update(ByteBuffer bytes) {
      if (finished) {
        throw new IllegalStateException("this check is finished");
      }
      for (Mac mac : macs) {
        mac.update(bytes.duplicate());
      }
    }

    /** The verdict over every byte fed. */
    public Verification finish() {
      if (finished) {
        throw new IllegalStateException("this check is finished");
      }
      finished = true;
      int keyIndex = -1;
      for (int i = 0; i < macs.length; i++) {
        // Every key's Mac is finished, matched or not, so that each goes back to the pool clean.
        boolean matches = MessageDigest.isEqual(macs[i].doFinal(), provided);
        if (matches && keyIndex < 0) {
          keyIndex = i;
        }
      }
      if (idleCount.incrementAndGet() <= MAX_POOLED) {
        idle.add(macs);
      } else {
        idleCount.decrementAndGet();
      }
      return verdict(keyIndex, sentAt);
    }
  }

  private Verification verdict(int keyIndex, long sentAt) {
    Instant now = clock.instant();
    long skew = now.getEpochSecond() - sentAt;
    if (keyIndex < 0) {
      return Verification.rejected("signature mismatch", -1, skew);
    }
    if (pastToleranceSeconds > 0 && skew > pastToleranceSeconds) {
      return Verification.rejected("stale timestamp: " + skew + " s old", keyIndex, skew);
    }
    if (pastToleranceSeconds > 0 && -skew > futureToleranceSeconds) {
      return Verification.rejected(
          "timestamp in the future: " + -skew + " s ahead", keyIndex, skew);
    }
    if (pastToleranceSeconds > 0 && sentAt < rememberedSince.get().getEpochSecond()) {
      return Verification.rejected("stale timestamp: " + skew + " s old, older than the event ids"
          + " de-duplication still remembers", keyIndex, skew);
    }
    return Verification.verified(keyIndex, skew);
  }

  /**
   * Which configured key signed this request (0-based), whatever its age, or -1 when none did or
   * the headers are malformed: for showing a stored delivery's verification again.
   */
  public int matchingKeyIndex(String timestamp, String signature, byte[] body) {
    if (malformedHeaders(timestamp, signature) != null) {
      return -1;
    }
    Check check = begin(timestamp, signature);
    check.update(ByteBuffer.wrap(body));
    return check.finish().keyIndex();
  }

  /** How many signing keys are configured. */
  public int keyCount() {
    return keys.size();
  }

  /** How old a timestamp may be, in seconds; 0 when the timestamp check is off. */
  public long toleranceSeconds() {
    return pastToleranceSeconds;
  }

  /** How far ahead of now a timestamp may be, in seconds; 0 when the timestamp check is off. */
  public long futureToleranceSeconds() {
    return pastToleranceSeconds > 0 ? futureToleranceSeconds : 0;
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
    if (value == null || value.isEmpty() || value.length() > MAX_TIMESTAMP_DIGITS) {
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
