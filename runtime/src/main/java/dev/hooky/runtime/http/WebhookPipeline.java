package dev.hooky.runtime.http;

import dev.hooky.customerio.event.CustomerIoEvent;
import dev.hooky.runtime.inbox.InboundDelivery;
import dev.hooky.runtime.parse.EventParser;
import dev.hooky.runtime.parse.MalformedEventException;
import dev.hooky.runtime.parse.PartialEvent;
import dev.hooky.runtime.verify.SignatureVerifier;
import dev.hooky.runtime.verify.Verification;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The webhook endpoint's decisions, whatever server carries the request: the route, then the
 * request's head (declared size against the hard cap: 413; content type: 415; the signature
 * headers' form: 401, the body unread), then the body as it streams in ({@link WebhookIntake}:
 * each chunk is fed to the HMAC and kept up to the body limit), the signature (401), parsing (a
 * typed event, or a quarantined raw body: never a 400) and the {@link DeliveryAcceptor}. No
 * request content can make it answer 500 or show a stack trace. Thread-safe.
 *
 * <p>A mount (Jetty's handler, the Servlet) reads the body its own way, without parking a thread,
 * and writes the {@link Answer}s; every mount therefore answers the same.
 */
public final class WebhookPipeline {
  private static final Logger log = LoggerFactory.getLogger(WebhookPipeline.class);
  public static final String SIGNATURE = "X-CIO-Signature";
  public static final String TIMESTAMP = "X-CIO-Timestamp";
  static final String CONTENT_TYPE = "Content-Type";
  /** Answers {@code GET} on this path with 200, for load balancers. */
  public static final String HEALTH_PATH = "/healthz";
  /** Seconds a 503 asks the sender to wait before trying again. */
  public static final int RETRY_AFTER_SECONDS = 5;
  /** Headers kept with each delivery: to re-verify it later, and to show it in Live Logs. */
  private static final List<String> KEPT_HEADERS =
      List.of(SIGNATURE, TIMESTAMP, CONTENT_TYPE, "User-Agent");
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
  public WebhookPipeline(String path, WebhookLimits limits, SignatureVerifier verifier,
      EventParser parser, DeliveryAcceptor acceptor, DeliveryAcceptor quarantine,
      WebhookObserver observer, Clock clock, BodyBudget budget) {
    this(path, limits, verifier, parser, acceptor, quarantine, observer, clock, budget,
        new RejectionLog(clock));
  }

  WebhookPipeline(String path, WebhookLimits limits, SignatureVerifier verifier,
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

  /** The webhook path, e.g. {@code /webhooks/customerio}. */
  public String path() {
    return path;
  }

  public WebhookLimits limits() {
    return limits;
  }

  /** Now, by the pipeline's clock: a request's arrival time. */
  public Instant now() {
    return clock.instant();
  }

  /**
   * The answer to a request that is not a webhook POST ({@code GET /healthz}: 200; another path:
   * 404; another method: 405, to be sent with {@code Allow: POST}), or {@code null} for a webhook.
   */
  public Answer route(String pathInContext, String method) {
    if (pathInContext.equals(HEALTH_PATH) && method.equals("GET")) {
      return Answer.of(200, "ok");
    }
    if (!pathInContext.equals(path)) {
      return Answer.of(404, "not found: webhooks go to " + path);
    }
    if (!method.equals("POST")) {
      return Answer.of(405, "method not allowed: use POST");
    }
    return null;
  }

  /**
   * The answer to a webhook request refused on its head alone, before any of its body is read, or
   * {@code null} to read the body with {@link #begin}.
   */
  public Answer checkHead(WebhookRequest request, Instant receivedAt) {
    if (request.declaredLength() > limits.hardCapBytes()) {
      return refuse(request, receivedAt, 413, tooLarge(), null);
    }
    String contentType = request.header(CONTENT_TYPE);
    if (contentType != null && !isJson(contentType)) {
      return refuse(request, receivedAt, 415,
          "unsupported content type: expected application/json", null);
    }
    List<String> signatures = request.headers(SIGNATURE);
    List<String> timestamps = request.headers(TIMESTAMP);
    if (signatures.size() > 1 || timestamps.size() > 1) {
      return refuse(request, receivedAt, 401, "more than one "
          + (signatures.size() > 1 ? SIGNATURE : TIMESTAMP) + " header", null);
    }
    String malformed = SignatureVerifier.malformedHeaders(request.header(TIMESTAMP),
        request.header(SIGNATURE));
    return malformed == null ? null : refuse(request, receivedAt, 401, malformed, null);
  }

  /** Starts taking the body of a request whose head {@link #checkHead} let through. */
  public WebhookIntake begin(WebhookRequest request, Instant receivedAt) {
    SignatureVerifier.Check check =
        verifier.begin(request.header(TIMESTAMP), request.header(SIGNATURE));
    return new WebhookIntake(this, request, receivedAt,
        new IncomingBody(check, limits.maxBodyBytes(), request.declaredLength(), budget));
  }

  /** The bytes of {@code answer}'s plain-text body, the common ones encoded once. */
  public static byte[] encode(Answer answer) {
    return answer == Answer.OK ? OK_BODY
        : answer == Answer.DUPLICATE ? DUPLICATE_BODY
        : answer == Answer.QUARANTINED ? QUARANTINED_BODY
        : (answer.body() + "\n").getBytes(StandardCharsets.UTF_8);
  }

  /** The answer to a request whose whole body has arrived; never throws. */
  Answer answerBody(WebhookRequest request, Instant receivedAt, IncomingBody body) {
    try {
      Checked checked = check(request, receivedAt, body);
      if (checked.refusal() != null) {
        return checked.refusal();
      }
      InboundDelivery delivery = checked.delivery();
      Answer answer = null;
      RuntimeException failure = null;
      try {
        answer = acceptorFor(delivery).accept(delivery);
      } catch (RuntimeException e) {
        failure = e;
      }
      return told(request, delivery, answer, failure);
    } catch (RuntimeException e) {
      return bug(e);
    }
  }

  /**
   * As {@link #answerBody}, without waiting for the inbox: the answer completes when the inbox
   * has stored the event (the group commit), on {@code executor}. Never completes exceptionally.
   */
  CompletionStage<Answer> answerBodyAsync(WebhookRequest request, Instant receivedAt,
      IncomingBody body, Executor executor) {
    try {
      Checked checked = check(request, receivedAt, body);
      if (checked.refusal() != null) {
        return CompletableFuture.completedFuture(checked.refusal());
      }
      InboundDelivery delivery = checked.delivery();
      CompletionStage<Answer> stored;
      try {
        stored = acceptorFor(delivery).acceptAsync(delivery);
      } catch (RuntimeException e) {
        stored = CompletableFuture.failedFuture(e);
      }
      BiFunction<Answer, Throwable, Answer> tell = (answer, failure) -> {
        try {
          return told(request, delivery, answer, unwrap(failure));
        } catch (RuntimeException e) {
          return bug(e);
        }
      };
      CompletableFuture<Answer> future = stored.toCompletableFuture();
      // Stored already (the memory inbox): answer on this thread, no hop. Otherwise off the
      // inbox's writer thread, which commits the next batch meanwhile.
      return future.isDone() ? future.handle(tell) : future.handleAsync(tell, executor);
    } catch (RuntimeException e) {
      return CompletableFuture.completedFuture(bug(e));
    }
  }

  /** Verified and parsed: the delivery to accept, or else the refusal. */
  private record Checked(Answer refusal, InboundDelivery delivery) {}

  private Checked check(WebhookRequest request, Instant receivedAt, IncomingBody body) {
    Verification verification = body.check().finish();
    if (!verification.verified()) {
      Answer answer = Answer.of(401, verification.reason());
      record(request, receivedAt, answer, body, verification);
      return new Checked(answer, null);
    }
    Map<String, List<String>> headers = keptHeaders(request);
    byte[] bytes = body.kept();
    if (body.overLimit()) {
      return new Checked(null, quarantined(bytes, receivedAt, headers, "too large: "
          + body.size() + " bytes, over the limit of " + limits.maxBodyBytes()
          + "; kept the first " + bytes.length + " bytes; SHA-256 of the whole body "
          + body.sha256Hex(), body));
    }
    return new Checked(null, parse(bytes, receivedAt, headers, body));
  }

  private DeliveryAcceptor acceptorFor(InboundDelivery delivery) {
    return delivery.quarantined() ? quarantine : acceptor;
  }

  /**
   * The answer to an accepted delivery, once the acceptor said it (or failed), and the observers
   * told: storage trouble is ours, not the sender's, so it asks Customer.io to send again (the
   * inbox logs the fault once when it starts and once when it ends, not once per request).
   */
  private Answer told(WebhookRequest request, InboundDelivery delivery, Answer stored,
      Throwable failure) {
    Answer answer;
    if (failure != null) {
      rejections.rejected(503, "could not store an authentic event: " + failure.getMessage(),
          request.remoteAddress());
      answer = unavailable("temporarily unable to store the event; send it again");
    } else {
      answer = delivery.quarantined() && stored == Answer.OK ? Answer.QUARANTINED : stored;
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

  private static Answer bug(RuntimeException e) {
    // A bug of ours past verification: never a 500, ask for the event again.
    log.error("Could not answer an authentic webhook; answering 503", e);
    return unavailable("temporarily unable to take the event; send it again");
  }

  private static Throwable unwrap(Throwable failure) {
    return failure instanceof CompletionException && failure.getCause() != null
        ? failure.getCause() : failure;
  }

  private InboundDelivery parse(byte[] bytes, Instant receivedAt,
      Map<String, List<String>> headers, IncomingBody body) {
    try {
      CustomerIoEvent event = parser.parse(bytes);
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

  private static Answer unavailable(String reason) {
    return new Answer(503, reason, RETRY_AFTER_SECONDS);
  }

  /** Records and logs a refusal; its answer. */
  Answer refuse(WebhookRequest request, Instant at, int status, String reason,
      IncomingBody body) {
    Answer answer = status == 503 ? unavailable(reason) : Answer.of(status, reason);
    record(request, at, answer, body, null);
    return answer;
  }

  String tooLarge() {
    return "body too large: the limit is " + limits.hardCapBytes() + " bytes";
  }

  private void record(WebhookRequest request, Instant at, Answer answer, IncomingBody body,
      Verification verification) {
    String remote = request.remoteAddress();
    rejections.rejected(answer.status(), answer.body(), remote);
    boolean read = body != null && verification != null;
    Rejection rejection = new Rejection(at, answer.status(), answer.body(), remote,
        read ? (int) Math.min(Integer.MAX_VALUE, body.size()) : -1,
        read ? body.sha256Hex() : null, verification);
    try {
      observer.rejected(rejection);
    } catch (RuntimeException e) {
      // As for accepted events: the observers are told of a decision already made, and their
      // failure must neither turn the refusal into a 500 nor leave the request unanswered.
      log.error("An observer failed on a {} refusal; the answer stands", answer.status(), e);
    }
  }

  private static boolean isJson(String contentType) {
    int parameters = contentType.indexOf(';');
    String mediaType = (parameters < 0 ? contentType : contentType.substring(0, parameters))
        .trim().toLowerCase(Locale.ROOT);
    return mediaType.equals("application/json") || mediaType.endsWith("+json");
  }

  private static Map<String, List<String>> keptHeaders(WebhookRequest request) {
    Map<String, List<String>> kept = new LinkedHashMap<>(8);
    for (String name : KEPT_HEADERS) {
      List<String> values = request.headers(name);
      if (!values.isEmpty()) {
        kept.put(name, values.size() == 1 ? List.of(values.get(0)) : new ArrayList<>(values));
      }
    }
    return kept;
  }
}
