package dev.hooky.runtime.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hooky.runtime.inbox.AttemptRecord;
import dev.hooky.runtime.inbox.DeliveryRecord;
import dev.hooky.runtime.inbox.DeliveryStatus;
import dev.hooky.runtime.testing.Signatures;
import dev.hooky.runtime.verify.SignatureVerifier;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the console shows of one stored delivery: signature, verification, body, history. */
class DeliveryJsonTest {
  private static final Instant RECEIVED = Instant.parse("2026-12-06T12:00:00Z");
  private static final SignatureVerifier VERIFIER = new SignatureVerifier(
      List.of("old-key", "new-key"), Duration.ofSeconds(300), Clock.systemUTC());
  private final Redactor redactor = new Redactor(true);

  @Test
  void theSignatureIsCutToEightCharactersAndTheKeyThatSignedItIsNamed() {
    byte[] body = "{\"event_id\":\"e\"}".getBytes(StandardCharsets.UTF_8);
    String timestamp = Long.toString(RECEIVED.getEpochSecond() - 7);
    String signature = Signatures.sign("new-key", timestamp, body);

    JsonNode detail = DeliveryJson.detail(record(DeliveryStatus.HANDLED, body,
        Map.of("X-CIO-Signature", List.of(signature), "X-CIO-Timestamp", List.of(timestamp))),
        redactor, VERIFIER);

    assertEquals(signature.substring(0, 8) + "…",
        detail.get("headers").get("X-CIO-Signature").get(0).asText());
    assertEquals(timestamp, detail.get("headers").get("X-CIO-Timestamp").get(0).asText());
    JsonNode verification = detail.get("verification");
    assertEquals(2, verification.get("keyMatched").asInt(), "1-based: the second key");
    assertEquals(2, verification.get("keys").asInt());
    assertEquals(7, verification.get("skewSeconds").asLong());
    assertEquals(300, verification.get("toleranceSeconds").asLong());
    assertTrue(detail.get("bodyIsJson").asBoolean());
    assertEquals(body.length, detail.get("bodyLength").asInt());
  }

  @Test
  void aShortSignatureIsShownWholeAndAnUnreadableTimestampHasNoSkew() {
    byte[] body = "{}".getBytes(StandardCharsets.UTF_8);

    JsonNode detail = DeliveryJson.detail(record(DeliveryStatus.HANDLED, body,
        Map.of("x-cio-signature", List.of("abcdefgh"), "X-CIO-Timestamp",
            List.of("1234567890123"))), redactor, VERIFIER);

    assertEquals("abcdefgh", detail.get("headers").get("x-cio-signature").get(0).asText());
    assertTrue(detail.get("verification").get("keyMatched").isNull());
    assertFalse(detail.get("verification").has("skewSeconds"), "13 digits: not a timestamp");
  }

  @Test
  void aTextBodyOverAMebibyteIsCutThereWithoutSplittingAPair() {
    int shown = DeliveryJson.TEXT_BODY_SHOWN;
    String text = "x".repeat(shown - 1) + "\uD83D\uDE00" + "tail";

    JsonNode detail = DeliveryJson.detail(record(DeliveryStatus.QUARANTINED,
        text.getBytes(StandardCharsets.UTF_8), Map.of()), new Redactor(false), VERIFIER);

    assertTrue(detail.get("bodyTruncated").asBoolean());
    assertFalse(detail.get("bodyIsJson").asBoolean());
    assertEquals(shown - 1, detail.get("body").asText().length());
  }

  @Test
  void aBodyOfExactlyAMebibyteIsShownWhole() {
    String text = "y".repeat(DeliveryJson.TEXT_BODY_SHOWN);

    JsonNode detail = DeliveryJson.detail(record(DeliveryStatus.QUARANTINED,
        text.getBytes(StandardCharsets.UTF_8), Map.of()), new Redactor(false), VERIFIER);

    assertFalse(detail.has("bodyTruncated"));
    assertEquals(text, detail.get("body").asText());
  }

  @Test
  void aStoredBodyThatIsNotJsonIsShownAsItsText() {
    // Not quarantined, yet not JSON: a row written by hand, or by a Hooky with another parser.
    DeliveryRecord record = new DeliveryRecord(4, "e", "sms_sent", "c-1", RECEIVED,
        DeliveryStatus.HANDLED, 1, RECEIVED, null, RECEIVED, 0, Map.of(),
        "{not json".getBytes(StandardCharsets.UTF_8), List.of(), Duration.ZERO);

    JsonNode detail = DeliveryJson.detail(record, redactor, VERIFIER);

    assertFalse(detail.get("bodyIsJson").asBoolean());
    assertEquals("{not json", detail.get("body").asText());
  }

  @Test
  void aJsonStringBodyIsShownAsTextAndTheHistoryAsRecorded() {
    DeliveryRecord record = new DeliveryRecord(3, "e", "sms_sent", "c-1", RECEIVED,
        DeliveryStatus.RETRYING, 1, RECEIVED.plusSeconds(60), "IllegalStateException: down", null,
        0, Map.of(), "\"just a string\"".getBytes(StandardCharsets.UTF_8),
        List.of(new AttemptRecord(1, "H.sms(SmsEvent)", RECEIVED, Duration.ofMillis(1_500),
            "IllegalStateException: down")), Duration.ofMillis(1_500));

    JsonNode detail = DeliveryJson.detail(record, redactor, VERIFIER);

    assertFalse(detail.get("bodyIsJson").asBoolean());
    assertEquals("\"just a string\"", detail.get("body").asText());
    assertEquals("sms", detail.get("channel").asText());
    assertEquals(1_500.0, detail.get("handlerMillis").asDouble());
    assertEquals(RECEIVED.plusSeconds(60).toString(), detail.get("nextAttemptAt").asText());
    assertTrue(detail.get("handledAt").isNull());
    assertFalse(detail.has("quarantineReason"));
    JsonNode attempt = detail.get("history").get(0);
    assertEquals(1, attempt.get("attempt").asInt());
    assertEquals("H.sms(SmsEvent)", attempt.get("handler").asText());
    assertEquals(1_500.0, attempt.get("durationMillis").asDouble());
    assertEquals("IllegalStateException: down", attempt.get("error").asText());
  }

  @Test
  void anUnknownEventsChannelIsTheNameBeforeItsLastUnderscore() {
    DeliveryRecord record = new DeliveryRecord(4, "e", "fax_page_sent", null, RECEIVED,
        DeliveryStatus.HANDLED, 1, null, null, RECEIVED, 0, Map.of(), null, List.of(),
        Duration.ZERO);

    assertEquals("fax_page", DeliveryJson.summary(record, redactor).get("channel").asText());
    assertFalse(DeliveryJson.detail(record, redactor, VERIFIER).has("body"));
  }

  private static DeliveryRecord record(DeliveryStatus status, byte[] body,
      Map<String, List<String>> headers) {
    return new DeliveryRecord(1, "e", "unknown", null, RECEIVED, status, 0, null, null, null, 0,
        headers, body, List.of(), Duration.ZERO);
  }
}
