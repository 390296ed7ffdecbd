package dev.hooky.benchmarks.http.springplain;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.atomic.LongAdder;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Customer.io's reporting webhooks, by hand, in Spring MVC: the body under a size limit (413), the
 * signature (HMAC-SHA256 of {@code v0:<X-CIO-Timestamp>:<body>}, hex in {@code X-CIO-Signature},
 * compared in constant time, the timestamp within the tolerance either way; 401 otherwise), the
 * body parsed by Spring Boot's {@link JsonMapper} into a tree (400 if it is not an event), a switch
 * on the event's object type and metric that counts it, then 200 {@code ok}. All inside the
 * request, as the hand-written Jetty handler (b) does it.
 */
@RestController
public class CustomerIoWebhookController {
  static final String SIGNATURE = "X-CIO-Signature";
  static final String TIMESTAMP = "X-CIO-Timestamp";

  private final JsonMapper json;
  private final Mac prototype;
  private final int maxBodyBytes;
  private final long toleranceSeconds;
  private final LongAdder emailsDelivered = new LongAdder();
  private final LongAdder emailsOpened = new LongAdder();
  private final LongAdder smsDelivered = new LongAdder();
  private final LongAdder pushDelivered = new LongAdder();
  private final LongAdder others = new LongAdder();

  public CustomerIoWebhookController(JsonMapper json, CustomerIoWebhookProperties properties) {
    if (properties.signingKey() == null || properties.signingKey().isEmpty()) {
      throw new IllegalStateException("set customerio.webhook.signing-key");
    }
    this.json = json;
    try {
      prototype = Mac.getInstance("HmacSHA256");
      prototype.init(new SecretKeySpec(properties.signingKey().getBytes(StandardCharsets.UTF_8),
          "HmacSHA256"));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JVM cannot compute HmacSHA256", e);
    }
    this.maxBodyBytes = Math.toIntExact(properties.maxBody().toBytes());
    this.toleranceSeconds = properties.tolerance().toSeconds();
  }

  @PostMapping("/webhooks/customerio")
  public ResponseEntity<String> receive(
      @RequestHeader(name = TIMESTAMP, required = false) String timestamp,
      @RequestHeader(name = SIGNATURE, required = false) String signature,
      HttpServletRequest request) throws IOException {
    if (request.getContentLengthLong() > maxBodyBytes) {
      return answer(HttpStatus.CONTENT_TOO_LARGE, "body too large");
    }
    // One byte more than the limit: a chunked body that is too large shows it, unread beyond.
    byte[] body = request.getInputStream().readNBytes(maxBodyBytes + 1);
    if (body.length > maxBodyBytes) {
      return answer(HttpStatus.CONTENT_TOO_LARGE, "body too large");
    }
    String refusal = verify(timestamp, signature, body);
    if (refusal != null) {
      return answer(HttpStatus.UNAUTHORIZED, refusal);
    }
    JsonNode event;
    try {
      event = json.readTree(body);
    } catch (JacksonException e) {
      return answer(HttpStatus.BAD_REQUEST, "malformed JSON");
    }
    if (event == null || !event.path("event_id").isString()
        || !event.path("object_type").isString() || !event.path("metric").isString()) {
      return answer(HttpStatus.BAD_REQUEST, "not a Customer.io event");
    }
    count(event.get("object_type").stringValue() + "_" + event.get("metric").stringValue());
    return answer(HttpStatus.OK, "ok");
  }

  /** Null if the request is authentic, else why not. */
  private String verify(String timestamp, String signature, byte[] body) {
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
  private void count(String eventName) {
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

  private static ResponseEntity<String> answer(HttpStatus status, String text) {
    return ResponseEntity.status(status).contentType(MediaType.TEXT_PLAIN).body(text);
  }
}
