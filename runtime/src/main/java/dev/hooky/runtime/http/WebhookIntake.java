package dev.hooky.runtime.http;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * One webhook request whose body is arriving: the mount feeds it chunks as they come ({@link
 * #offer}), then says how the body ended ({@link #complete}, {@link #timedOut}, {@link #failed}).
 * Whichever ends it first gets the answer; every later call gets {@code null}, so that a deadline
 * firing on another thread while a chunk is fed cannot answer twice. Each answer says whether the
 * connection must close (a body left unread must not become the next request).
 */
public final class WebhookIntake {
  /** The answer and whether to close the connection after it. */
  public record Outcome(Answer answer, boolean closeConnection) {}

  private final WebhookPipeline pipeline;
  private final WebhookRequest request;
  private final Instant receivedAt;
  private final IncomingBody body;
  private final AtomicBoolean finished = new AtomicBoolean();

  WebhookIntake(WebhookPipeline pipeline, WebhookRequest request, Instant receivedAt,
      IncomingBody body) {
    this.pipeline = pipeline;
    this.request = request;
    this.receivedAt = receivedAt;
    this.body = body;
  }

  /**
   * Takes the next chunk of the body (its remaining bytes; the position is left unchanged).
   *
   * @return {@code null} to go on reading, or the refusal that ends the request (413 past the hard
   *     cap, 503 past the in-flight budget), or {@code null} also when the request already ended
   */
  public Outcome offer(ByteBuffer chunk) {
    if (finished.get()) {
      return null;
    }
    if (body.size() + chunk.remaining() > pipeline.limits().hardCapBytes()) {
      return endUnread(() -> pipeline.refuse(request, receivedAt, 413, pipeline.tooLarge(), body));
    }
    if (!body.add(chunk)) {
      return endUnread(() -> pipeline.refuse(request, receivedAt, 503,
          "too many request bodies in memory right now; send it again", body));
    }
    return null;
  }

  /** The body's last byte arrived: its answer, or {@code null} when the request already ended. */
  public Outcome complete() {
    if (!finished.compareAndSet(false, true)) {
      return null;
    }
    try {
      return new Outcome(pipeline.answerBody(request, receivedAt, body), false);
    } finally {
      body.release();
    }
  }

  /**
   * As {@link #complete}, without waiting for the inbox's commit: completes with the answer on
   * {@code executor} once the event is stored, or with {@code null} when the request already
   * ended. Never completes exceptionally.
   */
  public CompletionStage<Outcome> completeAsync(Executor executor) {
    if (!finished.compareAndSet(false, true)) {
      return CompletableFuture.completedFuture(null);
    }
    CompletionStage<Answer> answer;
    try {
      answer = pipeline.answerBodyAsync(request, receivedAt, body, executor);
    } finally {
      // The kept bytes now belong to the delivery; the buffer's charge ends with its reading.
      body.release();
    }
    return answer.thenApply(result -> new Outcome(result, false));
  }

  /** The body did not arrive within the time allowed: 408, or {@code null} when already ended. */
  public Outcome timedOut() {
    if (finished.get()) {
      return null;
    }
    return endUnread(() -> pipeline.refuse(request, receivedAt, 408, "body not received within "
        + pipeline.limits().bodyTimeout().toMillis() + " ms", body));
  }

  /** Reading failed (the client went away, or sent less than it declared). */
  public Outcome failed(Throwable failure) {
    if (finished.get()) {
      return null;
    }
    return endUnread(() -> pipeline.refuse(request, receivedAt, 401,
        "incomplete body, so its signature cannot be checked: " + failure, body));
  }

  /**
   * Reading failed through a bug of ours, not the client: 503 with Retry-After, so that an
   * authentic sender tries again instead of being refused; {@code null} when already ended.
   */
  public Outcome broken(Throwable bug) {
    if (finished.get()) {
      return null;
    }
    return endUnread(() -> pipeline.refuse(request, receivedAt, 503,
        "temporarily unable to take the event; send it again", body));
  }

  /** Whether the request has its answer. */
  public boolean finished() {
    return finished.get();
  }

  /** Ends the request with a refusal, recorded only by the caller that ends it. */
  private Outcome endUnread(Supplier<Answer> refusal) {
    if (!finished.compareAndSet(false, true)) {
      return null;
    }
    body.release();
    return new Outcome(refusal.get(), true);
  }
}
