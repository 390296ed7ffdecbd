package dev.hooky.runtime.forward;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * POSTs the original JSON body to one configured URL, signed per Standard Webhooks. A 2xx answer
 * is a delivered event; any other status (redirects are not followed), a time-out or a connection
 * failure is a failed attempt whose detail names the status and the latency.
 *
 * <p>The time-out covers connecting and the answer's status line and headers; the answer's body
 * is read within the handler time-out, which interrupts an attempt that outlasts it.
 *
 * <p>TLS certificates are verified by the Java runtime's trust store. The URL comes only from the
 * configuration, never from an event. The receiver's answer is read and dropped, at most {@link
 * #MAX_RESPONSE_BYTES} of it.
 */
public final class HttpDestination implements Destination {
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
  /** How much of an answer is read; the rest is cut off (the status is all that counts). */
  static final int MAX_RESPONSE_BYTES = 64 * 1024;
  private static final String USER_AGENT = "hooky-forward/0.1";

  private final String name;
  private final URI url;
  private final Duration timeout;
  private final StandardWebhookSigner signer;
  private final Clock clock;
  private final HttpClient client;

  /**
   * @param name the handler name (see {@link Destination#name()})
   * @param url an absolute http or https URL
   * @param timeout how long one attempt may take, answer included
   */
  public HttpDestination(String name, URI url, Duration timeout, StandardWebhookSigner signer,
      Clock clock) {
    this.name = Objects.requireNonNull(name, "name == null");
    this.url = checkUrl(url);
    this.timeout = Objects.requireNonNull(timeout, "timeout == null");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive: " + timeout);
    }
    this.signer = Objects.requireNonNull(signer, "signer == null");
    this.clock = Objects.requireNonNull(clock, "clock == null");
    // HTTP/1.1: every webhook receiver speaks it, and no h2c upgrade dance on plain http.
    this.client = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(timeout)
        .build();
  }

  static URI checkUrl(URI url) {
    Objects.requireNonNull(url, "url == null");
    String scheme = url.getScheme();
    if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
      throw new IllegalArgumentException("a destination must be an http:// or https:// URL");
    }
    if (url.getHost() == null || url.getHost().isEmpty()) {
      throw new IllegalArgumentException("a destination URL needs a host");
    }
    if (url.getRawUserInfo() != null) {
      throw new IllegalArgumentException("a destination URL may not hold credentials (user:password@):"
          + " they would show in logs; the signature authenticates the request");
    }
    if (url.getRawFragment() != null) {
      throw new IllegalArgumentException("a destination URL may not have a #fragment");
    }
    return url;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String describe() {
    return name + " (" + url.getScheme() + "://" + url.getAuthority() + url.getRawPath()
        + ", time-out " + timeout.toMillis() + " ms)";
  }

  public URI url() {
    return url;
  }

  public Duration timeout() {
    return timeout;
  }

  @Override
  public Outcome send(ForwardedEvent event) throws InterruptedException {
    long start = System.nanoTime();
    Map<String, String> signature;
    try {
      signature = signer.headers(event.eventId(), clock.instant().getEpochSecond(), event.body());
    } catch (IllegalArgumentException e) {
      return Outcome.failed(e.getMessage(), Duration.ZERO);
    }
    HttpRequest.Builder request = HttpRequest.newBuilder(url)
        .timeout(timeout)
        .header("Content-Type", "application/json")
        .header("User-Agent", USER_AGENT)
        .POST(HttpRequest.BodyPublishers.ofByteArray(event.body()));
    signature.forEach(request::header);
    // The blocking send, not sendAsync().get(): measured two to three times the throughput on two
    // cores (fewer hand-offs between the caller, the client's executor and its selector thread).
    int status;
    try {
      status = client.send(request.build(), info -> new DiscardingSubscriber(MAX_RESPONSE_BYTES))
          .statusCode();
    } catch (IOException e) {
      return failure(e, start);
    }
    Duration took = since(start);
    String detail = status + " in " + took.toMillis() + " ms";
    return status / 100 == 2 ? Outcome.delivered(detail, took) : Outcome.failed(detail, took);
  }

  private Outcome timedOut(long start) {
    return Outcome.failed("no answer within " + timeout.toMillis() + " ms", since(start));
  }

  private Outcome failure(Throwable cause, long start) {
    if (cause instanceof HttpConnectTimeoutException) {
      return Outcome.failed("could not connect within " + timeout.toMillis() + " ms",
          since(start));
    }
    if (cause instanceof HttpTimeoutException) {
      return timedOut(start);
    }
    Duration took = since(start);
    String what = cause instanceof ConnectException ? "could not connect"
        : cause instanceof IOException ? "connection failed" : "failed";
    String message = cause == null || cause.getMessage() == null ? ""
        : ": " + cause.getMessage().lines().findFirst().orElse("");
    return Outcome.failed(what + " after " + took.toMillis() + " ms" + message, took);
  }

  private static Duration since(long start) {
    return Duration.ofNanos(System.nanoTime() - start);
  }

  @Override
  public String toString() {
    return "HttpDestination[" + describe() + "]";
  }

  /** Reads the answer's body and drops it; stops reading past {@code limit} bytes. */
  private static final class DiscardingSubscriber implements HttpResponse.BodySubscriber<Void> {
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private final long limit;
    private long seen;
    private Flow.Subscription subscription;

    DiscardingSubscriber(long limit) {
      this.limit = limit;
    }

    @Override
    public CompletionStage<Void> getBody() {
      return done;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      this.subscription = subscription;
      subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
      for (ByteBuffer buffer : buffers) {
        seen += buffer.remaining();
      }
      if (seen > limit && !done.isDone()) {
        subscription.cancel();
        done.complete(null);
      }
    }

    @Override
    public void onError(Throwable throwable) {
      done.completeExceptionally(throwable);
    }

    @Override
    public void onComplete() {
      done.complete(null);
    }
  }
}
