package dev.hooky.benchmarks.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.atomic.LongAdder;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.thread.Invocable.InvocationType;

/**
 * Server (b)'s handler: what a careful engineer writes by hand for Customer.io webhooks on Jetty
 * 12 core. It reads the body under a size limit (413), verifies the signature (HMAC-SHA256 of
 * {@code v0:<X-CIO-Timestamp>:<body>}, hex in {@code X-CIO-Signature}, compared in constant time,
 * the timestamp within a tolerance either way; 401 otherwise), parses it with Jackson into a tree
 * (400 if it is not an event), switches on the event name and counts it, and answers 200 {@code
 * ok}. The handling happens inside the request, with no inbox: the usual hand-written endpoint.
 */
final class HandWrittenHandler extends Handler.Abstract {
  static final String SIGNATURE = "X-CIO-Signature";
  static final String TIMESTAMP = "X-CIO-Timestamp";
  private static final byte[] OK = "ok".getBytes(StandardCharsets.US_ASCII);

  private final Mac prototype;
  private final int maxBodyBytes;
  private final long toleranceSeconds;
  private final ObjectReader json = new ObjectMapper().reader();
  private final LongAdder emailsDelivered = new LongAdder();
  private final LongAdder emailsOpened = new LongAdder();
  private final LongAdder smsDelivered = new LongAdder();
  private final LongAdder pushDelivered = new LongAdder();
  private final LongAdder others = new LongAdder();

  HandWrittenHandler(String signingKey, int maxBodyBytes, Duration tolerance) {
    try {
      prototype = Mac.getInstance("HmacSHA256");
      prototype.init(new SecretKeySpec(signingKey.getBytes(StandardCharsets.UTF_8),
          "HmacSHA256"));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JVM cannot compute HmacSHA256", e);
    }
    this.maxBodyBytes = maxBodyBytes;
    this.toleranceSeconds = tolerance.toSeconds();
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    if (!HttpMethod.POST.is(request.getMethod())) {
      response.getHeaders().put(HttpHeader.ALLOW, "POST");
      Response.writeError(request, response, callback, HttpStatus.METHOD_NOT_ALLOWED_405);
      return true;
    }
    if (request.getLength() > maxBodyBytes) {
      Response.writeError(request, response, callback, HttpStatus.PAYLOAD_TOO_LARGE_413);
      return true;
    }
    // Also enforces the limit on a chunked body, while reading.
    Content.Source.asByteArrayAsync(request, maxBodyBytes,
        Promise.Invocable.from(InvocationType.BLOCKING, (body, failure) -> {
          if (failure != null) {
            Response.writeError(request, response, callback, HttpStatus.PAYLOAD_TOO_LARGE_413);
          } else {
            answer(request, response, callback, body);
          }
        }));
    return true;
  }

  private void answer(Request request, Response response, Callback callback, byte[] body) {
    String refusal = verify(request.getHeaders(), body);
    if (refusal != null) {
      Response.writeError(request, response, callback, HttpStatus.UNAUTHORIZED_401, refusal);
      return;
    }
    JsonNode event;
    try {
      event = json.readTree(body);
    } catch (IOException e) {
      Response.writeError(request, response, callback, HttpStatus.BAD_REQUEST_400,
          "malformed JSON");
      return;
    }
    if (event == null || !event.path("event_id").isTextual()
        || !event.path("object_type").isTextual() || !event.path("metric").isTextual()) {
      Response.writeError(request, response, callback, HttpStatus.BAD_REQUEST_400,
          "not a Customer.io event");
      return;
    }
    dispatch(event.get("object_type").asText() + "_" + event.get("metric").asText());
    response.setStatus(HttpStatus.OK_200);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain;charset=utf-8");
    response.write(true, ByteBuffer.wrap(OK), callback);
  }

  /** Null if the request is authentic, else why not. */
  private String verify(HttpFields headers, byte[] body) {
    String timestamp = headers.get(TIMESTAMP);
    String signature = headers.get(SIGNATURE);
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
  private void dispatch(String eventName) {
    switch (eventName) {
      case "email_delivered" -> emailsDelivered.increment();
      case "email_opened" -> emailsOpened.increment();
      case "sms_delivered" -> smsDelivered.increment();
      case "push_delivered" -> pushDelivered.increment();
      default -> others.increment();
    }
  }

  /** Events handled so far. */
  long handled() {
    return emailsDelivered.sum() + emailsOpened.sum() + smsDelivered.sum() + pushDelivered.sum()
        + others.sum();
  }
}
