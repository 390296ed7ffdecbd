package dev.hooky.runtime.http;

import dev.hooky.customerio.event.CustomerIoEvent;
import dev.hooky.runtime.inbox.InboundDelivery;
import dev.hooky.runtime.parse.EventParser;
import dev.hooky.runtime.parse.MalformedEventException;
import dev.hooky.runtime.parse.PartialEvent;
import dev.hooky.runtime.verify.SignatureVerifier;
import dev.hooky.runtime.verify.Verification;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The webhook endpoint. In order: method, declared size against the hard cap (413), content type,
 * the signature headers' form (401, body unread), then the body, read without parking a thread
 * (each chunk is fed to the HMAC as it arrives and kept up to the body limit), the signature (401),
 * parsing (a typed event, or a quarantined raw body: never a 400) and the {@link
 * DeliveryAcceptor}. Every path completes the callback exactly once; no request content can make
 * it answer 500 or show a stack trace. Also answers {@code GET /healthz}.
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
  private static final byte[] QUARANTINED_BODY = "quarantined\n".getBytes(StandardCharsets.UTF_8);

  private final String path;
  private final WebhookLimits limits;
  private final SignatureVerifier verifier;
  private final EventParser parser;
  private final DeliveryAcceptor acceptor;
  private final DeliveryAcceptor quarantine;
  private final WebhookObserver observer;
  private final Clock clock;
  private final BodyBudget budget;
  private final RejectionLog rejections;

  /**
   * @param acceptor takes verified, parsed deliveries
   * @param quarantine takes verified deliveries whose body could not become a typed event (the
   *     inbox, whatever the delivery mode: they never reach handlers)
   * @param budget the in-flight body bytes all requests share
   */
  public WebhookHandler(String path, WebhookLimits limits, SignatureVerifier verifier,
      EventParser parser, DeliveryAcceptor acceptor, DeliveryAcceptor quarantine,
      WebhookObserver observer, Clock clock, BodyBudget budget) {
    this(path, limits, verifier, parser, acceptor, quarantine, observer, clock, budget,
        new RejectionLog(clock));
  }

  WebhookHandler(String path, WebhookLimits limits, SignatureVerifier verifier,
      EventParser parser, DeliveryAcceptor acceptor, DeliveryAcceptor quarantine,
      WebhookObserver observer, Clock clock, BodyBudget budget, RejectionLog rejections) {
    this.path = path;
    this.limits = limits;
    this.verifier = verifier;
    this.parser = parser;
    this.acceptor = acceptor;
    this.quarantine = quarantine;
    this.observer = observer;
    this.clock = clock;
    this.budget = budget;
    this.rejections = rejections;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    Instant receivedAt = clock.instant();
    String target = Request.getPathInContext(request);
    if (target.equals(HEALTH_PATH) && HttpMethod.GET.is(request.getMethod())) {
      write(response, callback, Answer.of(200, "ok"), false);
      return true;
    }
    if (!target.equals(path)) {
      write(response, callback, Answer.of(404, "not found: webhooks go to " + path),
          hasBody(request));
      return true;
    }
    if (!HttpMethod.POST.is(request.getMethod())) {
      response.getHeaders().put(HttpHeader.ALLOW, "POST");
      write(response, callback, Answer.of(405, "method not allowed: use POST"), hasBody(request));
      return true;
    }
    Answer refused = refuseBeforeBody(request, receivedAt);
    if (refused != null) {
      // The body stays unread: do not let the connection carry it into a next request.
      write(response, callback, refused, hasBody(request));
      return true;
    }
    HttpFields headers = request.getHeaders();
    SignatureVerifier.Check check = verifier.begin(headers.get(TIMESTAMP), headers.get(SIGNATURE));
    new BodyRead(request, response, callback, receivedAt,
        new IncomingBody(check, limits.maxBodyBytes(), request.getLength(), budget)).start();
    return true;
  }

  /** The answer to a request refused on its headers alone, or {@code null} to read its body. */
  private Answer refuseBeforeBody(Request request, Instant receivedAt) {
    if (request.getLength() > limits.hardCapBytes()) {
      return reject(request, receivedAt, HttpStatus.PAYLOAD_TOO_LARGE_413,
          "body too large: the limit is " + limits.hardCapBytes() + " bytes", null);
    }
    HttpFields headers = request.getHeaders();
    String contentType = headers.get(HttpHeader.CONTENT_TYPE);
    if (contentType != null && !isJson(contentType)) {
      return reject(request, receivedAt, HttpStatus.UNSUPPORTED_MEDIA_TYPE_415,
          "unsupported content type: expected application/json", null);
    }
    int signatures = count(headers, SIGNATURE);
    int timestamps = count(headers, TIMESTAMP);
    if (signatures > 1 || timestamps > 1) {
      return reject(request, receivedAt, HttpStatus.UNAUTHORIZED_401, "more than one "
          + (signatures > 1 ? SIGNATURE : TIMESTAMP) + " header", null);
    }
    String malformed =
        SignatureVerifier.malformedHeaders(headers.get(TIMESTAMP), headers.get(SIGNATURE));
    if (malformed != null) {
      return reject(request, receivedAt, HttpStatus.UNAUTHORIZED_401, malformed, null);
    }
    return null;
  }

  /**
   * Reads one request's body without holding a thread while it waits for bytes: each call takes
   * what has arrived and asks Jetty to call again when there is more. A deadline cuts off senders
   * too slow to be Customer.io.
   */
  private final class BodyRead implements Runnable {
    private final Request request;
    private final Response response;
    private final Callback callback;
    private final Instant receivedAt;
    private final IncomingBody body;
    /** Set by whichever finishes first: the last chunk, a failure, or the deadline. */
    private final AtomicBoolean finished = new AtomicBoolean();
    private Scheduler.Task deadline;

    BodyRead(Request request, Response response, Callback callback, Instant receivedAt,
        IncomingBody body) {
      this.request = request;
      this.response = response;
      this.callback = callback;
      this.receivedAt = receivedAt;
      this.body = body;
    }

    void start() {
      deadline = request.getComponents().getScheduler().schedule(this::timedOut,
          limits.bodyTimeout().toMillis(), TimeUnit.MILLISECONDS);
      run();
    }

    @Override
    public void run() {
      try {
        readAvailable();
      } catch (RuntimeException e) {
        // A bug of ours: the request must still be answered, once, and never with a 500.
        log.error("Could not read a webhook body; answering 503", e);
        if (finish()) {
          answerUnread(new Answer(HttpStatus.SERVICE_UNAVAILABLE_503,
              "temporarily unable to take the event; send it again", RETRY_AFTER_SECONDS));
        }
      }
    }

    private void readAvailable() {
      while (!finished.get()) {
        Content.Chunk chunk = request.read();
        if (chunk == null) {
          request.demand(this);
          return;
        }
        if (Content.Chunk.isFailure(chunk)) {
          if (finish()) {
            answerUnread(reject(request, receivedAt, HttpStatus.UNAUTHORIZED_401,
                "incomplete body, so its signature cannot be checked: "
                    + String.valueOf(chunk.getFailure()), body));
          }
          return;
        }
        boolean last = chunk.isLast();
        ByteBuffer bytes = chunk.getByteBuffer();
        Answer refused = null;
        if (body.size() + bytes.remaining() > limits.hardCapBytes()) {
          refused = reject(request, receivedAt, HttpStatus.PAYLOAD_TOO_LARGE_413,
              "body too large: the limit is " + limits.hardCapBytes() + " bytes", body);
        } else if (!body.add(bytes)) {
          refused = reject(request, receivedAt, HttpStatus.SERVICE_UNAVAILABLE_503,
              "too many request bodies in memory right now; send it again", body);
        }
        chunk.release();
        if (refused != null) {
          if (finish()) {
            answerUnread(refused);
          }
          return;
        }
        if (last) {
          if (finish()) {
            Answer answer;
            try {
              answer = answerBody(request, receivedAt, body);
            } catch (RuntimeException e) {
              // A bug of ours past verification: never a 500, ask for the event again.
              log.error("Could not answer an authentic webhook; answering 503", e);
              answer = new Answer(HttpStatus.SERVICE_UNAVAILABLE_503,
                  "temporarily unable to take the event; send it again", RETRY_AFTER_SECONDS);
            } finally {
              body.release();
            }
            write(response, callback, answer, false);
          }
          return;
        }
      }
    }

    private void timedOut() {
      if (finish()) {
        answerUnread(reject(request, receivedAt, HttpStatus.REQUEST_TIMEOUT_408,
            "body not received within " + limits.bodyTimeout().toMillis() + " ms", body));
      }
    }

    /** True for the one caller that finishes this read. */
    private boolean finish() {
      if (!finished.compareAndSet(false, true)) {
        return false;
      }
      deadline.cancel();
      return true;
    }

    private void answerUnread(Answer answer) {
      body.release();
      write(response, callback, answer, true);
    }
  }

  /** The answer to a request whose whole body has arrived. */
  private Answer answerBody(Request request, Instant receivedAt, IncomingBody body) {
    Verification verification = body.check().finish();
    if (!verification.verified()) {
      Answer answer = Answer.of(HttpStatus.UNAUTHORIZED_401, verification.reason());
      recordRejection(request, receivedAt, answer, body, verification);
      return answer;
    }
    Map<String, List<String>> headers = keptHeaders(request.getHeaders());
    byte[] bytes = body.kept();
    InboundDelivery delivery;
    if (body.overLimit()) {
      delivery = quarantined(bytes, receivedAt, headers, "too large: " + body.size()
          + " bytes, over the limit of " + limits.maxBodyBytes() + "; kept the first "
          + bytes.length + " bytes; SHA-256 of the whole body " + body.sha256Hex(), body);
    } else {
      delivery = parse(bytes, receivedAt, headers, body);
    }
    Answer answer;
    try {
      answer = delivery.quarantined()
          ? quarantined(quarantine.accept(delivery)) : acceptor.accept(delivery);
    } catch (RuntimeException e) {
      // Storage trouble is ours, not the sender's: ask Customer.io to send the event again. The
      // inbox logs the fault once when it starts and once when it ends, not once per request.
      rejections.rejected(HttpStatus.SERVICE_UNAVAILABLE_503,
          "could not store an authentic event: " + e.getMessage(), Request.getRemoteAddr(request));
      answer = new Answer(HttpStatus.SERVICE_UNAVAILABLE_503, "temporarily unable to store the"
          + " event; send it again", RETRY_AFTER_SECONDS);
    }
    try {
      observer.accepted(delivery, answer);
    } catch (RuntimeException e) {
      // Logs, metrics and Live Logs are told after the fact: their failure must not change the
      // answer to an event that is already stored.
      log.error("An observer failed on {} {}; the answer stands", delivery.eventName(),
          delivery.eventId(), e);
    }
    return answer;
  }

  private InboundDelivery parse(byte[] bytes, Instant receivedAt,
      Map<String, List<String>> headers, IncomingBody body) {
    try {
      CustomerIoEvent event = parser.parse(bytes, receivedAt);
      return new InboundDelivery(event.eventId(), event.name(), receivedAt, headers, bytes, event);
    } catch (MalformedEventException e) {
      return quarantined(bytes, receivedAt, headers, e.getMessage(), body);
    } catch (RuntimeException e) {
      // A bug of ours, not a fault of the sender: the event is kept, to replay once fixed.
      log.error("Could not parse an authentic webhook body; it is quarantined. Please report"
          + " this", e);
      return quarantined(bytes, receivedAt, headers, "parser error: " + e, body);
    }
  }

  private InboundDelivery quarantined(byte[] bytes, Instant receivedAt,
      Map<String, List<String>> headers, String reason, IncomingBody body) {
    PartialEvent partial = parser.readWhatCan(bytes);
    String key = partial.eventId() != null ? partial.eventId() : "sha256:" + body.sha256Hex();
    return InboundDelivery.quarantined(key, partial.eventName(), receivedAt, headers, bytes,
        reason);
  }

  /** What the inbox said about a quarantined delivery, in the words the sender sees. */
  private static Answer quarantined(Answer stored) {
    return stored == Answer.OK ? Answer.QUARANTINED : stored;
  }

  private Answer reject(Request request, Instant at, int status, String reason,
      IncomingBody body) {
    Answer answer = status == HttpStatus.SERVICE_UNAVAILABLE_503
        ? new Answer(status, reason, RETRY_AFTER_SECONDS) : Answer.of(status, reason);
    recordRejection(request, at, answer, body, null);
    return answer;
  }

  private void recordRejection(Request request, Instant at, Answer answer, IncomingBody body,
      Verification verification) {
    String remote = Request.getRemoteAddr(request);
    rejections.rejected(answer.status(), answer.body(), remote);
    boolean read = body != null && verification != null;
    observer.rejected(new Rejection(at, answer.status(), answer.body(), remote,
        read ? (int) Math.min(Integer.MAX_VALUE, body.size()) : -1,
        read ? body.sha256Hex() : null, verification));
  }

  private static boolean hasBody(Request request) {
    // -1: no Content-Length, so possibly chunked; closing costs a reconnect, never a stall.
    return request.getLength() != 0;
  }

  private static int count(HttpFields headers, String name) {
    int count = 0;
    for (HttpField field : headers) {
      if (field.is(name)) {
        count++;
      }
    }
    return count;
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

  private static void write(Response response, Callback callback, Answer answer, boolean close) {
    response.setStatus(answer.status());
    if (answer.retryAfterSeconds() > 0) {
      response.getHeaders().put(HttpHeader.RETRY_AFTER, answer.retryAfterSeconds());
    }
    if (close) {
      response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
    }
    response.getHeaders().put(PLAIN_TEXT);
    // The answers of nearly every request are encoded once; a read-only view is written.
    byte[] body = answer == Answer.OK ? OK_BODY
        : answer == Answer.DUPLICATE ? DUPLICATE_BODY
        : answer == Answer.QUARANTINED ? QUARANTINED_BODY
        : (answer.body() + "\n").getBytes(StandardCharsets.UTF_8);
    response.write(true, ByteBuffer.wrap(body).asReadOnlyBuffer(), callback);
  }
}
