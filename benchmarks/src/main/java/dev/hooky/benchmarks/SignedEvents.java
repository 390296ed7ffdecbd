package dev.hooky.benchmarks;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Makes webhook requests as Customer.io sends them: every one a new event, with its own {@code
 * event_id}, timestamped now and signed with HMAC-SHA256 over {@code "v0:" + timestamp + ":" +
 * body}, so that the server's de-duplication never short-cuts the work. The event types rotate over
 * four common ones of three channels. Not thread-safe: one instance per sender; instances sharing a
 * sequence never repeat an id.
 */
public final class SignedEvents {
  /** The key both the benchmark's server and its senders use. */
  public static final String SIGNING_KEY = "hooky-benchmark-signing-key";

  /** One request: the headers Customer.io sets, and the exact body bytes they sign. */
  public record SignedEvent(String eventId, String timestamp, String signature, byte[] body) {}

  private static final String IDENTIFIERS = "\"customer_id\":\"42\",\"identifiers\":{\"id\":\"42\","
      + "\"email\":\"test@example.com\",\"cio_id\":\"d9c106000001\"},"
      + "\"delivery_id\":\"RPILAgUBcRhIBqSfeiIwdIYJKxTY\",\"campaign_id\":5,\"action_id\":96,"
      + "\"journey_id\":\"01GW20GXAAXBKZD8J96M8FNV3R\",";
  /** {@code object_type}, {@code metric} and the rest of {@code data} after the identifiers. */
  private static final String[][] TYPES = {
      {"email", "delivered", "\"recipient\":\"test@example.com\",\"subject\":\"Welcome aboard\""},
      {"email", "opened", "\"recipient\":\"test@example.com\",\"subject\":\"Welcome aboard\","
          + "\"proxied\":true,\"prefetched\":false"},
      {"sms", "delivered", "\"recipient\":\"+15551234567\""},
      {"push", "delivered", "\"recipients\":[{\"device_id\":\"fcm-token-abc\","
          + "\"device_platform\":\"android\"}]"},
  };

  private final Mac mac;
  private final String idPrefix;
  private final AtomicLong sequence;

  /**
   * @param idPrefix starts every event id, e.g. a run's random tag; the sequence number follows
   * @param sequence shared by all the senders of one run
   */
  public SignedEvents(String key, String idPrefix, AtomicLong sequence) {
    try {
      this.mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JVM cannot compute HmacSHA256", e);
    }
    this.idPrefix = idPrefix;
    this.sequence = sequence;
  }

  /** A new event, stamped and signed now. */
  public SignedEvent next() {
    long number = sequence.incrementAndGet();
    String eventId = idPrefix + zeroPadded(number);
    String timestamp = Long.toString(System.currentTimeMillis() / 1000);
    String[] type = TYPES[(int) (number % TYPES.length)];
    byte[] body = ("{\"event_id\":\"" + eventId + "\",\"object_type\":\"" + type[0]
        + "\",\"metric\":\"" + type[1] + "\",\"timestamp\":" + timestamp + ",\"data\":{"
        + IDENTIFIERS + type[2] + "}}").getBytes(StandardCharsets.UTF_8);
    mac.update(("v0:" + timestamp + ":").getBytes(StandardCharsets.US_ASCII));
    String signature = HexFormat.of().formatHex(mac.doFinal(body));
    return new SignedEvent(eventId, timestamp, signature, body);
  }

  /** 16 digits: with a 10-character prefix, ids are as long as Customer.io's 26-character ULIDs. */
  private static String zeroPadded(long number) {
    String digits = Long.toString(number);
    return "0".repeat(Math.max(0, 16 - digits.length())) + digits;
  }
}
