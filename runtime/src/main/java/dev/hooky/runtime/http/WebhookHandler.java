package dev.hooky.runtime.http;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
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
 * The {@link WebhookPipeline} as a Jetty 12 core handler: the standalone server's, and one a user
 * may put into a Jetty server of their own. Bodies are read with {@link Content.Source}'s demand
 * and read, so a slow sender holds no thread; a deadline cuts it off. Every path completes the
 * callback exactly once.
 */
public final class WebhookHandler extends Handler.Abstract {
  private static final Logger log = LoggerFactory.getLogger(WebhookHandler.class);
  private static final HttpField PLAIN_TEXT =
      new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, "text/plain;charset=utf-8");

  private final WebhookPipeline pipeline;

  public WebhookHandler(WebhookPipeline pipeline) {
    this.pipeline = pipeline;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    Instant receivedAt = pipeline.now();
    Answer routed = pipeline.route(Request.getPathInContext(request), request.getMethod());
    if (routed != null) {
      if (routed.status() == 405) {
        response.getHeaders().put(HttpHeader.ALLOW, "POST");
      }
      write(response, callback, routed, routed.status() != 200 && hasBody(request));
      return true;
    }
    JettyRequest head = new JettyRequest(request);
    Answer refused = pipeline.checkHead(head, receivedAt);
    if (refused != null) {
      // The body stays unread: do not let the connection carry it into a next request.
      write(response, callback, refused, hasBody(request));
      return true;
    }
    new BodyRead(request, response, callback, pipeline.begin(head, receivedAt)).start();
    return true;
  }

  /**
   * A Jetty request as the pipeline sees it. The pipeline asks about a dozen header lookups per
   * request: each is one pass over the fields that allocates no list for the usual single value
   * (Jetty's {@code getValuesList} grows an {@code ArrayList} every time).
   */
  private record JettyRequest(Request request) implements WebhookRequest {
    @Override
    public List<String> headers(String name) {
      int found = 0;
      String first = null;
      List<String> all = null;
      for (HttpField field : request.getHeaders()) {
        if (field.is(name)) {
          if (found == 0) {
            first = field.getValue();
          } else {
            if (all == null) {
              all = new ArrayList<>(2);
              all.add(first);
            }
            all.add(field.getValue());
          }
          found++;
        }
      }
      return found == 0 ? List.of() : found == 1 ? Collections.singletonList(first) : all;
    }

    @Override
    public String header(String name) {
      for (HttpField field : request.getHeaders()) {
        if (field.is(name)) {
          return field.getValue();
        }
      }
      return null;
    }

    @Override
    public long declaredLength() {
      return request.getLength();
    }

    @Override
    public String remoteAddress() {
      return Request.getRemoteAddr(request);
    }
  }

  /**
   * Reads one request's body without holding a thread while it waits for bytes: each call takes
   * what has arrived and asks Jetty to call again when there is more.
   */
  private final class BodyRead implements Runnable {
    private final Request request;
    private final Response response;
    private final Callback callback;
    private final WebhookIntake intake;
    private long started;
    /** Set once, by the reading thread, before it waits for more bytes; read by the answer. */
    private volatile Scheduler.Task deadline;

    BodyRead(Request request, Response response, Callback callback, WebhookIntake intake) {
      this.request = request;
      this.response = response;
      this.callback = callback;
      this.intake = intake;
    }

    void start() {
      started = System.nanoTime();
      run();
    }

    /**
     * Arms the deadline the first time the body is not all there yet: most webhook bodies arrive
     * with their headers, and need no timer at all.
     */
    private void armDeadline() {
      if (deadline == null) {
        long left = pipeline.limits().bodyTimeout().toNanos() - (System.nanoTime() - started);
        deadline = request.getComponents().getScheduler().schedule(
            () -> answer(intake.timedOut()), Math.max(0, left), TimeUnit.NANOSECONDS);
      }
    }

    @Override
    public void run() {
      try {
        readAvailable();
      } catch (RuntimeException e) {
        // A bug of ours: the request must still be answered, once, and never with a 500.
        log.error("Could not read a webhook body", e);
        answer(intake.broken(e));
      }
    }

    private void readAvailable() {
      while (!intake.finished()) {
        Content.Chunk chunk = request.read();
        if (chunk == null) {
          armDeadline();
          request.demand(this);
          return;
        }
        if (Content.Chunk.isFailure(chunk)) {
          answer(intake.failed(chunk.getFailure()));
          return;
        }
        boolean last = chunk.isLast();
        WebhookIntake.Outcome refused;
        try {
          refused = intake.offer(chunk.getByteBuffer());
        } finally {
          chunk.release();
        }
        if (refused != null) {
          answer(refused);
          return;
        }
        if (last) {
          // The request's thread goes back to the pool; the inbox's commit completes the answer.
          intake.completeAsync(request.getComponents().getExecutor()).thenAccept(this::answer);
          return;
        }
      }
    }

    /** Writes the outcome of whoever ended the request; nothing for a {@code null} one. */
    private void answer(WebhookIntake.Outcome outcome) {
      if (outcome != null) {
        Scheduler.Task armed = deadline;
        if (armed != null) {
          armed.cancel();
        }
        write(response, callback, outcome.answer(), outcome.closeConnection());
      }
    }
  }

  private static boolean hasBody(Request request) {
    // -1: no Content-Length, so possibly chunked; closing costs a reconnect, never a stall.
    return request.getLength() != 0;
  }

  private static void write(Response response, Callback callback, Answer answer, boolean close) {
    response.setStatus(answer.status());
    HttpFields.Mutable headers = response.getHeaders();
    if (answer.retryAfterSeconds() > 0) {
      headers.put(HttpHeader.RETRY_AFTER, answer.retryAfterSeconds());
    }
    if (close) {
      headers.put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
    }
    headers.put(PLAIN_TEXT);
    // The answers of nearly every request are encoded once; a read-only view is written.
    response.write(true, ByteBuffer.wrap(WebhookPipeline.encode(answer)).asReadOnlyBuffer(),
        callback);
  }
}
