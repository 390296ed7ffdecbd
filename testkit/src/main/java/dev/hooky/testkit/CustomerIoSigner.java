package dev.hooky.testkit;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs request bodies the way Customer.io does: {@code X-CIO-Signature} is the lowercase hex
 * HMAC-SHA256, under the signing key, of {@code "v0:" + X-CIO-Timestamp + ":" + body}.
 */
public final class CustomerIoSigner {
  public static final String SIGNATURE_HEADER = "X-CIO-Signature";
  public static final String TIMESTAMP_HEADER = "X-CIO-Timestamp";

  private CustomerIoSigner() {}

  /** The signature of {@code body} sent at {@code timestamp} (unix seconds, as sent). */
  public static String signature(String key, String timestamp, byte[] body) {
    Objects.requireNonNull(key, "key == null");
    Objects.requireNonNull(timestamp, "timestamp == null");
    Objects.requireNonNull(body, "body == null");
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      mac.update(("v0:" + timestamp + ":").getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JVM cannot compute HmacSHA256", e);
    }
  }

  /** The two headers Customer.io sends with {@code body} at {@code time}. */
  public static Map<String, String> headers(byte[] body, String key, Instant time) {
    String timestamp = Long.toString(time.getEpochSecond());
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put(TIMESTAMP_HEADER, timestamp);
    headers.put(SIGNATURE_HEADER, signature(key, timestamp, body));
    return headers;
  }
}
