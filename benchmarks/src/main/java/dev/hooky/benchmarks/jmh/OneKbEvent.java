package dev.hooky.benchmarks.jmh;

import dev.hooky.testkit.CustomerIoFixtures;
import dev.hooky.testkit.CustomerIoSigner;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * One realistic, signed {@code email_delivered} request of about 1 KB (1,024 bytes of body, padded
 * with a {@code content} field), as Customer.io sends it.
 */
final class OneKbEvent {
  static final String SIGNING_KEY = "hooky-benchmark-signing-key";
  static final int TARGET_BYTES = 1024;

  final byte[] body;
  final String timestamp;
  final String signature;
  final Instant sentAt;

  private OneKbEvent(byte[] body, String timestamp, String signature, Instant sentAt) {
    this.body = body;
    this.timestamp = timestamp;
    this.signature = signature;
    this.sentAt = sentAt;
  }

  static OneKbEvent create() {
    Instant sentAt = Instant.ofEpochSecond(Instant.now().getEpochSecond());
    String eventId = CustomerIoFixtures.newEventId();
    String unpadded = builder(eventId, sentAt, "").build().json();
    int padding = Math.max(0, TARGET_BYTES - unpadded.getBytes(StandardCharsets.UTF_8).length
        - ",\"content\":\"\"".length());
    byte[] body = builder(eventId, sentAt, "x".repeat(padding)).build().bytes();
    String timestamp = Long.toString(sentAt.getEpochSecond());
    return new OneKbEvent(body, timestamp,
        CustomerIoSigner.signature(SIGNING_KEY, timestamp, body), sentAt);
  }

  private static dev.hooky.testkit.FixtureBuilder builder(
      String eventId, Instant sentAt, String content) {
    dev.hooky.testkit.FixtureBuilder builder = CustomerIoFixtures.emailDelivered()
        .eventId(eventId)
        .timestamp(sentAt)
        .customerId("42")
        .email("test@example.com")
        .recipient("test@example.com")
        .subject("Welcome aboard: your first week with the product")
        .campaign(5);
    return content.isEmpty() ? builder : builder.content(content);
  }
}
