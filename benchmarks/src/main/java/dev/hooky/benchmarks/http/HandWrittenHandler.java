package dev.hooky.benchmarks.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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
  static final String SIGNATURE = HandWrittenWork.SIGNATURE;
  static final String TIMESTAMP = HandWrittenWork.TIMESTAMP;
  private static final byte[] OK = "ok".getBytes(StandardCharsets.US_ASCII);

  private final HandWrittenWork work;
  private final int maxBodyBytes;
  private final ObjectReader json = new ObjectMapper().reader();

  HandWrittenHandler(String signingKey, int maxBodyBytes, Duration tolerance) {
    this.work = new HandWrittenWork(signingKey, tolerance);
    this.maxBodyBytes = maxBodyBytes;
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
    HttpFields headers = request.getHeaders();
    String refusal = work.verify(headers.get(TIMESTAMP), headers.get(SIGNATURE), body);
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
    work.count(event.get("object_type").asText() + "_" + event.get("metric").asText());
    response.setStatus(HttpStatus.OK_200);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain;charset=utf-8");
    response.write(true, ByteBuffer.wrap(OK), callback);
  }

  /** Events handled so far. */
  long handled() {
    return work.handled();
  }
}
