package dev.hooky.runtime.http;

import dev.hooky.customerio.event.CustomerIoEvent;
import dev.hooky.runtime.inbox.InboundDelivery;
import dev.hooky.runtime.parse.EventParser;
import dev.hooky.runtime.parse.MalformedEventException;
import dev.hooky.runtime.verify.SignatureVerifier;
import dev.hooky.runtime.verify.Verification;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The webhook endpoint: size limit, method, content type, signature over the raw bytes, parsing,
 * then the {@link DeliveryAcceptor}. Every path completes the callback exactly once; no request
 * content can make it answer 500 or show a stack trace. Also answers {@code GET /healthz}.
 */
public final class WebhookHandler extends Handler.Abstract {
  private static final Logger log = LoggerFactory.getLogger(WebhookHandler.class);
  static final String SIGNATURE = "X-CIO-Signature";
  static final String TIMESTAMP = "X-CIO-Timestamp";
  private static final String HEALTH_PATH = "/healthz";
  static final int RETRY_AFTER_SECONDS = 5;
  /** Headers kept with each delivery: to re-verify it later, and to show it in Live Logs. */
  private static final List<String> KEPT_HEADERS = List.of(SIGNATURE, TIMESTAMP,
      HttpHeader.CONTENT_TYPE.asString(), HttpHeader.USER_AGENT.asString());
  private static final HttpField PLAIN_TEXT =
      new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, "text/plain;charset=utf-8");
  private static final byte[] OK_BODY = "ok\n".getBytes(StandardCharsets.UTF_8);
  private static final byte[] DUPLICATE_BODY = "duplicate\n".getBytes(StandardCharsets.UTF_8);

  private final String path;
  private final int maxBodyBytes;
  private final SignatureVerifier verifier;
  private final EventParser parser;
  private final DeliveryAcceptor acceptor;
  private final WebhookObserver observer;
  private final Clock clock;

  public WebhookHandler(String path, int maxBodyBytes, SignatureVerifier verifier,
      EventParser parser, DeliveryAcceptor acceptor, WebhookObserver observer, Clock clock) {
    this.path = path;
    this.maxBodyBytes = maxBodyBytes;
    this.verifier = verifier;
    this.parser = parser;
    this.acceptor = acceptor;
    this.observer = observer;
    this.clock = clock;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    Instant receivedAt = clock.instant();
    String target = Request.getPathInContext(request);
    if (target.equals(HEALTH_PATH) && HttpMethod.GET.is(request.getMethod())) {
      write(response, callback, Answer.of(200, "ok"));
      return true;
    }
    if (!target.equals(path)) {
      write(response, callback, Answer.of(404, "not found: webhooks go to " + path));
      return true;
    }
    if (!HttpMethod.POST.is(request.getMethod())) {
      response.getHeaders().put(HttpHeader.ALLOW, "POST");
      write(response, callback, Answer.of(405, "method not allowed: use POST"));
      return true;
    }
    Answer answer = answerWebhook(request, receivedAt);
    if (answer.status() == HttpStatus.PAYLOAD_TOO_LARGE_413) {
      // The rest of the body was not read; do not let the connection carry it into a next request.
      response.getHeaders().put(HttpHeader.CONNECTION, "close");
    }
    write(response, callback, answer);
    return true;
  }

  private Answer answerWebhook(Request request, Instant receivedAt) {
    long declaredLength = request.getLength();
    if (declaredLength > maxBodyBytes) {
      return reject(request, receivedAt, HttpStatus.PAYLOAD_TOO_LARGE_413, tooLarge(), null, null);
    }
    String contentType = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
    if (contentType != null && !isJson(contentType)) {
      return reject(request, receivedAt, HttpStatus.UNSUPPORTED_MEDIA_TYPE_415,
          "unsupported content type: expected application/json", null, null);
    }
    byte[] body;
    try {
      body = BodyReader.read(request, maxBodyBytes);
    } catch (IOException e) {
      return reject(request, receivedAt, HttpStatus.BAD_REQUEST_400,
          "could not read the body: " + e.getMessage(), null, null);
    }
    if (body == null) {
      return reject(request, receivedAt, HttpStatus.PAYLOAD_TOO_LARGE_413, tooLarge(), null, null);
    }
    HttpFields headers = request.getHeaders();
    List<String> signatures = headers.getValuesList(SIGNATURE);
    List<String> timestamps = headers.getValuesList(TIMESTAMP);
    if (signatures.size() > 1 || timestamps.size() > 1) {
      return reject(request, receivedAt, HttpStatus.UNAUTHORIZED_401, "more than one "
          + (signatures.size() > 1 ? SIGNATURE : TIMESTAMP) + " header", body, null);
    }
    Verification verification = verifier.verify(timestamps.isEmpty() ? null : timestamps.get(0),
        signatures.isEmpty() ? null : signatures.get(0), body);
    if (!verification.verified()) {
      return reject(request, receivedAt, HttpStatus.UNAUTHORIZED_401, verification.reason(),
          body, verification);
    }
    CustomerIoEvent event;
    try {
      event = parser.parse(body, receivedAt);
    } catch (MalformedEventException e) {
      return reject(request, receivedAt, HttpStatus.BAD_REQUEST_400, e.getMessage(), body,
          verification);
    } catch (RuntimeException e) {
      // A bug of ours, not a fault of the sender; still never a 500 for an authentic request.
      log.error("Could not parse an authentic webhook body; please report this", e);
      return reject(request, receivedAt, HttpStatus.BAD_REQUEST_400, "unparseable event",
          body, verification);
    }
    InboundDelivery delivery = new InboundDelivery(event.eventId(), event.name(), receivedAt,
        keptHeaders(headers), body, event);
    Answer answer;
    try {
      answer = acceptor.accept(delivery);
    } catch (RuntimeException e) {
      // Storage trouble is ours, not the sender's: ask Customer.io to send the event again.
      log.error("Could not take {} {}; answering 503", delivery.eventName(), delivery.eventId(), e);
      answer = new Answer(HttpStatus.SERVICE_UNAVAILABLE_503, "temporarily unable to store the"
          + " event; send it again", RETRY_AFTER_SECONDS);
    }
    observer.accepted(delivery, answer);
    return answer;
  }

  private Answer reject(Request request, Instant at, int status, String reason, byte[] body,
      Verification verification) {
    String remote = Request.getRemoteAddr(request);
    if (status == HttpStatus.UNAUTHORIZED_401) {
      log.warn("Rejected webhook from {}: {}", remote, reason);
    } else {
      log.info("Rejected webhook from {} with {}: {}", remote, status, reason);
    }
    observer.rejected(new Rejection(at, status, reason, remote, body == null ? -1 : body.length,
        body == null ? null : Digests.sha256Hex(body), verification));
    return Answer.of(status, reason);
  }

  private String tooLarge() {
    return "body too large: the limit is " + maxBodyBytes + " bytes";
  }

  private static boolean isJson(String contentType) {
    int parameters = contentType.indexOf(';');
    String mediaType = (parameters < 0 ? contentType : contentType.substring(0, parameters))
        .trim().toLowerCase(Locale.ROOT);
    return mediaType.equals("application/json") || mediaType.endsWith("+json");
  }

  private static Map<String, List<String>> keptHeaders(HttpFields headers) {
    Map<String, List<String>> kept = new LinkedHashMap<>(8);
    for (HttpField field : headers) {
      for (String name : KEPT_HEADERS) {
        if (name.equalsIgnoreCase(field.getName())) {
          // Nearly always one value: a list of one, and a new list only for a second value.
          kept.merge(name, List.of(field.getValue()), (first, more) -> {
            List<String> all = new ArrayList<>(first);
            all.addAll(more);
            return all;
          });
        }
      }
    }
    return kept;
  }

  private static void write(Response response, Callback callback, Answer answer) {
    response.setStatus(answer.status());
    if (answer.retryAfterSeconds() > 0) {
      response.getHeaders().put(HttpHeader.RETRY_AFTER, answer.retryAfterSeconds());
    }
    response.getHeaders().put(PLAIN_TEXT);
    // The two answers of nearly every request are encoded once; a read-only view is written.
    byte[] body = answer == Answer.OK ? OK_BODY
        : answer == Answer.DUPLICATE ? DUPLICATE_BODY
        : (answer.body() + "\n").getBytes(StandardCharsets.UTF_8);
    response.write(true, ByteBuffer.wrap(body).asReadOnlyBuffer(), callback);
  }
}
