package dev.hooky.runtime.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Standard Webhooks scheme, checked against the specification's published test vector. */
class StandardWebhookSignerTest {
  /** The vector every Standard Webhooks library tests itself with. */
  static final String VECTOR_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  static final String VECTOR_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
  static final long VECTOR_TIMESTAMP = 1_614_265_330L;
  static final String VECTOR_BODY = "{\"test\": 2432232314}";
  static final String VECTOR_SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

  private static StandardWebhookSigner signer(String... secrets) {
    return new StandardWebhookSigner(
        java.util.Arrays.stream(secrets).map(s -> WebhookSecret.parse(s, "test")).toList());
  }

  @Test
  void reproducesThePublishedVector() {
    Map<String, String> headers = signer(VECTOR_SECRET).headers(VECTOR_ID, VECTOR_TIMESTAMP,
        VECTOR_BODY.getBytes(StandardCharsets.UTF_8));
    assertEquals(Map.of("webhook-id", VECTOR_ID, "webhook-timestamp", "1614265330",
        "webhook-signature", VECTOR_SIGNATURE), headers);
  }

  @Test
  void aRotationSignsWithEverySecretSeparatedBySpaces() {
    String other = WebhookSecret.generate().reveal();
    String signatures = signer(other, VECTOR_SECRET).headers(VECTOR_ID, VECTOR_TIMESTAMP,
        VECTOR_BODY.getBytes(StandardCharsets.UTF_8)).get("webhook-signature");
    List<String> parts = List.of(signatures.split(" "));
    assertEquals(2, parts.size());
    assertEquals(VECTOR_SIGNATURE, parts.get(1));
    assertTrue(parts.get(0).startsWith("v1,"));
    assertFalse(parts.get(0).equals(VECTOR_SIGNATURE));
  }

  @Test
  void anIdThatWouldMakeTheSignedContentAmbiguousIsRefused() {
    StandardWebhookSigner signer = signer(VECTOR_SECRET);
    assertThrows(IllegalArgumentException.class, () -> signer.headers("a.b", 1, new byte[0]));
    assertThrows(IllegalArgumentException.class, () -> signer.headers("a b", 1, new byte[0]));
    assertThrows(IllegalArgumentException.class, () -> signer.headers("", 1, new byte[0]));
  }

  @Test
  void secretsAreCheckedWithoutBeingQuoted() {
    String notBase64 = "whsec_%%%%not-base64-secret-material%%%%";
    IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
        () -> WebhookSecret.parse(notBase64, "HOOKY_FORWARD_SECRET"));
    assertTrue(bad.getMessage().startsWith("HOOKY_FORWARD_SECRET is not valid base64"),
        bad.getMessage());
    assertFalse(bad.getMessage().contains("not-base64-secret"), bad.getMessage());
    assertEquals(null, bad.getCause());

    String unprefixed = "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    IllegalArgumentException noPrefix = assertThrows(IllegalArgumentException.class,
        () -> WebhookSecret.parse(unprefixed, "S"));
    assertFalse(noPrefix.getMessage().contains(unprefixed), noPrefix.getMessage());

    IllegalArgumentException tooShort = assertThrows(IllegalArgumentException.class,
        () -> WebhookSecret.parse("whsec_c2hvcnQ=", "S"));
    assertTrue(tooShort.getMessage().contains("5 bytes"), tooShort.getMessage());

    WebhookSecret secret = WebhookSecret.parse(VECTOR_SECRET, "S");
    assertEquals("whsec_***", secret.toString());
    assertEquals(VECTOR_SECRET, secret.reveal());
  }
}
