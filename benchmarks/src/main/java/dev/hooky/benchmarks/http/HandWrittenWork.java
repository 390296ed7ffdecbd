package dev.hooky.benchmarks.http;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.atomic.LongAdder;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The work a hand-written Customer.io endpoint does besides HTTP and JSON, shared by the baselines
 * (b) and (h) so that they differ only in their web stack: the signature check (HMAC-SHA256 of
 * {@code v0:<timestamp>:<body>}, hex, compared in constant time, the timestamp within a tolerance
 * either way) and the application's part, a count per event name.
 */
public final class HandWrittenWork {
  public static final String SIGNATURE = "X-CIO-Signature";
  public static final String TIMESTAMP = "X-CIO-Timestamp";

  private final Mac prototype;
  private final long toleranceSeconds;
  private final LongAdder emailsDelivered = new LongAdder();
  private final LongAdder emailsOpened = new LongAdder();
  private final LongAdder smsDelivered = new LongAdder();
  private final LongAdder pushDelivered = new LongAdder();
  private final LongAdder others = new LongAdder();

  public HandWrittenWork(String signingKey, Duration tolerance) {
    try {
      prototype = Mac.getInstance("HmacSHA256");
      prototype.init(new SecretKeySpec(signingKey.getBytes(StandardCharsets.UTF_8),
          "HmacSHA256"));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JVM cannot compute HmacSHA256", e);
    }
    this.toleranceSeconds = tolerance.toSeconds();
  }

  /** Null if the request is authentic, else why not. */
  public String verify(String timestamp, String signature, byte[] body) {
    if (timestamp == null || signature == null) {
      return "missing " + (timestamp == null ? TIMESTAMP : SIGNATURE);
    }
    long seconds;
    try {
      seconds = Long.parseLong(timestamp);
    } catch (NumberFormatException e) {
      return "malformed timestamp";
    }
    if (Math.abs(System.currentTimeMillis() / 1000 - seconds) > toleranceSeconds) {
      return "timestamp outside the tolerance";
    }
    byte[] given;
    try {
      given = HexFormat.of().parseHex(signature);
    } catch (IllegalArgumentException e) {
      return "malformed signature";
    }
    Mac mac = mac();
    mac.update(("v0:" + timestamp + ":").getBytes(StandardCharsets.US_ASCII));
    return MessageDigest.isEqual(mac.doFinal(body), given) ? null : "signature mismatch";
  }

  /** A Mac of its own per request: Mac is not thread-safe, and a clone skips the key set-up. */
  private Mac mac() {
    try {
      return (Mac) prototype.clone();
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException("HmacSHA256 Mac cannot be cloned", e);
    }
  }

  /** The application's part: here, count the event by kind. */
  public void count(String eventName) {
    switch (eventName) {
      case "email_delivered" -> emailsDelivered.increment();
      case "email_opened" -> emailsOpened.increment();
      case "sms_delivered" -> smsDelivered.increment();
      case "push_delivered" -> pushDelivered.increment();
      default -> others.increment();
    }
  }

  /** Events counted so far. */
  public long handled() {
    return emailsDelivered.sum() + emailsOpened.sum() + smsDelivered.sum() + pushDelivered.sum()
        + others.sum();
  }
}
