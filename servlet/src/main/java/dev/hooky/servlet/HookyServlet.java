package dev.hooky.servlet;

import dev.hooky.runtime.HookyEmbedded;
import dev.hooky.runtime.http.Answer;
import dev.hooky.runtime.http.WebhookIntake;
import dev.hooky.runtime.http.WebhookPipeline;
import dev.hooky.runtime.http.WebhookRequest;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hooky's webhook endpoint as a Jakarta Servlet 6, for Tomcat, Undertow, Jetty EE10 and Spring
 * MVC. It carries requests to the same {@link WebhookPipeline} as Hooky's own server, so it gives
 * exactly the same answers (status, body, {@code Retry-After}, {@code Connection: close}) under the
 * same limits.
 *
 * <p>Register it with async support, mapped to the webhook path (or to {@code /*}): the body is
 * read with a {@link ReadListener}, so a slow sender holds no container thread, and a deadline of
 * the body timeout cuts it off. The application starts and closes the {@link HookyEmbedded} it
 * comes from.
 *
 * <pre>{@code
 * HookyEmbedded hooky = Hooky.server().signingKeys(key).handlers(new MyHandlers()).embed();
 * ServletRegistration.Dynamic webhooks =
 *     servletContext.addServlet("hooky", new HookyServlet(hooky));
 * webhooks.setAsyncSupported(true);
 * webhooks.addMapping(hooky.path());
 * hooky.start();
 * }</pre>
 */
public final class HookyServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private static final Logger log = LoggerFactory.getLogger(HookyServlet.class);
  private static final String PLAIN_TEXT = "text/plain;charset=utf-8";
  /** How much of a body one read takes, at most. */
  private static final int READ_SIZE = 16 * 1024;
  /** The least a read takes, whatever length is declared. */
  private static final int MIN_READ_SIZE = 512;

  private final transient WebhookPipeline pipeline;
  /** Cuts off bodies that take too long: one thread, as Jetty's scheduler does for its handler. */
  private final transient ScheduledExecutorService deadlines =
      Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "hooky-servlet-deadlines");
        thread.setDaemon(true);
        return thread;
      });

  /** The endpoint of {@code hooky}. */
  public HookyServlet(HookyEmbedded hooky) {
    this(hooky.pipeline());
  }

  /** The endpoint of {@code pipeline}. */
  public HookyServlet(WebhookPipeline pipeline) {
    this.pipeline = Objects.requireNonNull(pipeline, "pipeline == null");
  }

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    Instant receivedAt = pipeline.now();
    String pathInContext = request.getServletPath()
        + (request.getPathInfo() == null ? "" : request.getPathInfo());
    Answer routed = pipeline.route(pathInContext, request.getMethod());
    if (routed != null) {
      if (routed.status() == 405) {
        response.setHeader("Allow", "POST");
      }
      write(response, routed, routed.status() != 200 && hasBody(request));
      return;
    }
    ServletRequestHead head = new ServletRequestHead(request);
    Answer refused = pipeline.checkHead(head, receivedAt);
    if (refused != null) {
      // The body stays unread: do not let the connection carry it into a next request.
      write(response, refused, hasBody(request));
      return;
    }
    if (!request.isAsyncSupported()) {
      log.error("HookyServlet is registered without async support; register it with"
          + " setAsyncSupported(true) (asyncSupported = true)");
      write(response, new Answer(503, "the webhook endpoint is misconfigured; send it again"
          + " later", WebhookPipeline.RETRY_AFTER_SECONDS), true);
      return;
    }
    AsyncContext async = request.startAsync();
    // The pipeline's own deadline cuts off the body; handlers (synchronous mode) may run longer.
    async.setTimeout(0);
    BodyRead read = new BodyRead(async, request.getInputStream(),
        pipeline.begin(head, receivedAt), request.getContentLengthLong());
    read.start();
  }

  @Override
  public void destroy() {
    deadlines.shutdownNow();
    super.destroy();
  }

  /** A Servlet request as the pipeline sees it. */
  private record ServletRequestHead(HttpServletRequest request) implements WebhookRequest {
    @Override
    public List<String> headers(String name) {
      return Collections.list(request.getHeaders(name));
    }

    @Override
    public long declaredLength() {
      return request.getContentLengthLong();
    }

    @Override
    public String remoteAddress() {
      return request.getRemoteAddr();
    }
  }

  /**
   * Reads one request's body as the container says bytes are ready, without blocking; whoever ends
   * the request (the last byte, a refusal, the deadline, a failure) writes the answer, once.
   */
  private final class BodyRead implements ReadListener {
    private final AsyncContext async;
    private final ServletInputStream input;
    private final WebhookIntake intake;
    private final byte[] buffer;
    private ScheduledFuture<?> deadline;

    BodyRead(AsyncContext async, ServletInputStream input, WebhookIntake intake,
        long declaredLength) {
      this.async = async;
      this.input = input;
      this.intake = intake;
      // A typical event is under 1 KiB: no 16 KiB buffer for each.
      this.buffer = new byte[declaredLength > 0
          ? (int) Math.min(READ_SIZE, Math.max(MIN_READ_SIZE, declaredLength)) : READ_SIZE];
    }

    void start() {
      deadline = deadlines.schedule(() -> answer(intake.timedOut()),
          pipeline.limits().bodyTimeout().toMillis(), TimeUnit.MILLISECONDS);
      input.setReadListener(this);
    }

    @Override
    public void onDataAvailable() {
      try {
        while (!intake.finished() && input.isReady()) {
          int read = input.read(buffer);
          if (read < 0) {
            return; // onAllDataRead follows
          }
          WebhookIntake.Outcome refused = intake.offer(ByteBuffer.wrap(buffer, 0, read));
          if (refused != null) {
            answer(refused);
            return;
          }
        }
      } catch (IOException | RuntimeException e) {
        onError(e);
      }
    }

    @Override
    public void onAllDataRead() {
      // The container's thread goes back to its pool; the inbox's commit completes the answer on
      // a container thread of its own (AsyncContext.start), never on the inbox's writer.
      intake.completeAsync(async::start).whenComplete((outcome, failure) -> {
        if (failure != null) {
          // The container refused the completing task (shutting down, say): stored or not, a
          // 503 makes Customer.io send it again, and a duplicate is answered as one.
          log.error("Could not answer a webhook request", failure);
          answer(new WebhookIntake.Outcome(new Answer(503, "temporarily unable to take the event;"
              + " send it again", WebhookPipeline.RETRY_AFTER_SECONDS), false));
        } else {
          answer(outcome);
        }
      });
    }

    @Override
    public void onError(Throwable failure) {
      if (!(failure instanceof IOException)) {
        // A bug of ours: the request must still be answered, once, never with a 500, and never
        // with a refusal that would hold Customer.io back for an hour.
        log.error("Could not read a webhook body", failure);
        answer(intake.broken(failure));
        return;
      }
      answer(intake.failed(failure));
    }

    /** Writes the outcome of whoever ended the request; nothing for a {@code null} one. */
    private void answer(WebhookIntake.Outcome outcome) {
      if (outcome == null) {
        return;
      }
      deadline.cancel(false);
      try {
        write((HttpServletResponse) async.getResponse(), outcome.answer(),
            outcome.closeConnection());
      } catch (IOException | RuntimeException e) {
        log.debug("Could not write a webhook answer; the client went away", e);
      } finally {
        async.complete();
      }
    }
  }

  private static boolean hasBody(HttpServletRequest request) {
    // -1: no Content-Length, so possibly chunked; closing costs a reconnect, never a stall.
    return request.getContentLengthLong() != 0;
  }

  private static void write(HttpServletResponse response, Answer answer, boolean close)
      throws IOException {
    response.setStatus(answer.status());
    if (answer.retryAfterSeconds() > 0) {
      response.setIntHeader("Retry-After", answer.retryAfterSeconds());
    }
    if (close) {
      response.setHeader("Connection", "close");
    }
    response.setContentType(PLAIN_TEXT);
    byte[] body = WebhookPipeline.encode(answer);
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }
}
