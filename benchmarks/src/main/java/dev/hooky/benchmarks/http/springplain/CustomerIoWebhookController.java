package dev.hooky.benchmarks.http.springplain;

import dev.hooky.benchmarks.http.HandWrittenWork;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
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
  static final String SIGNATURE = HandWrittenWork.SIGNATURE;
  static final String TIMESTAMP = HandWrittenWork.TIMESTAMP;

  private final JsonMapper json;
  private final HandWrittenWork work;
  private final int maxBodyBytes;

  public CustomerIoWebhookController(JsonMapper json, CustomerIoWebhookProperties properties) {
    if (properties.signingKey() == null || properties.signingKey().isEmpty()) {
      throw new IllegalStateException("set customerio.webhook.signing-key");
    }
    this.json = json;
    this.work = new HandWrittenWork(properties.signingKey(), properties.tolerance());
    this.maxBodyBytes = Math.toIntExact(properties.maxBody().toBytes());
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
    String refusal = work.verify(timestamp, signature, body);
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
    work.count(event.get("object_type").stringValue() + "_" + event.get("metric").stringValue());
    return answer(HttpStatus.OK, "ok");
  }

  /** Events counted so far. */
  public long handled() {
    return work.handled();
  }

  private static ResponseEntity<String> answer(HttpStatus status, String text) {
    return ResponseEntity.status(status).contentType(MediaType.TEXT_PLAIN).body(text);
  }
}
