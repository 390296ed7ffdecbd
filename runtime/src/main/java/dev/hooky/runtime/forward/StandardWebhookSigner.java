package dev.hooky.runtime.forward;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs a request as the Standard Webhooks specification says (standardwebhooks.com): {@code
 * webhook-id}, {@code webhook-timestamp} (unix seconds) and {@code webhook-signature}, which is
 * {@code v1,} + base64(HMAC-SHA256(key, id + "." + timestamp + "." + body)). With several secrets
 * (during a rotation) the signature header lists one signature per secret, separated by spaces;
 * a receiver that knows any of them accepts the request.
 */
public final class StandardWebhookSigner {
  public static final String ID_HEADER = "webhook-id";
  public static final String TIMESTAMP_HEADER = "webhook-timestamp";
  public static final String SIGNATURE_HEADER = "webhook-signature";

  private final List<SecretKeySpec> keys;

  public StandardWebhookSigner(List<WebhookSecret> secrets) {
    Objects.requireNonNull(secrets, "secrets == null");
    if (secrets.isEmpty()) {
      throw new IllegalArgumentException("no signing secret");
    }
    List<SecretKeySpec> specs = new ArrayList<>();
    for (WebhookSecret secret : secrets) {
      specs.add(new SecretKeySpec(secret.key(), "HmacSHA256"));
    }
    this.keys = List.copyOf(specs);
  }

  /**
   * The three headers for a message.
   *
   * @param id the message id, the same on every attempt; holds no '.' (the signed content is
   *     dot-separated) and only visible ASCII
   * @param timestamp unix seconds of this attempt
   * @throws IllegalArgumentException for an id that cannot be a {@code webhook-id}
   */
  public Map<String, String> headers(String id, long timestamp, byte[] body) {
    checkId(id);
    byte[] prefix = (id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8);
    StringBuilder signatures = new StringBuilder();
    for (SecretKeySpec key : keys) {
      if (signatures.length() > 0) {
        signatures.append(' ');
      }
      signatures.append("v1,").append(Base64.getEncoder().encodeToString(hmac(key, prefix, body)));
    }
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put(ID_HEADER, id);
    headers.put(TIMESTAMP_HEADER, Long.toString(timestamp));
    headers.put(SIGNATURE_HEADER, signatures.toString());
    return headers;
  }

  static void checkId(String id) {
    if (id == null || id.isEmpty()) {
      throw new IllegalArgumentException("the event has no id to send as webhook-id");
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      if (c == '.' || c <= ' ' || c > '~') {
        throw new IllegalArgumentException("the event id cannot be a webhook-id: it holds a"
            + (c == '.' ? " '.'" : " space, control or non-ASCII character"));
      }
    }
  }

  private static byte[] hmac(SecretKeySpec key, byte[] prefix, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      mac.update(prefix);
      return mac.doFinal(body);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
    }
  }

  @Override
  public String toString() {
    return "StandardWebhookSigner[" + keys.size() + " secret(s)]";
  }
}
