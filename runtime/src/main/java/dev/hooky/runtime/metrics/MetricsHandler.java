package dev.hooky.runtime.metrics;

import dev.hooky.runtime.console.AdminGate;
import dev.hooky.runtime.console.AdminToken;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers {@code GET /metrics} on the admin port in the Prometheus text format, for holders of the
 * admin token ({@code Authorization: Bearer …}, as the API); hands every other request on. When
 * Hooky's meters go to the application's registry, {@code /metrics} answers 404 saying where they
 * are: the application publishes them its own way.
 */
public final class MetricsHandler extends Handler.Wrapper {
  private static final Logger log = LoggerFactory.getLogger(MetricsHandler.class);
  /** The path on the admin port. */
  public static final String PATH = "/metrics";
  private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
  static final String NOT_SERVED = "not served: Hooky's meters go to the application's"
      + " MeterRegistry (meterRegistry(...)); publish them from there\n";

  private final HookyMetrics metrics;
  private final AdminToken token;

  /**
   * @param metrics the meters to serve; {@code null} when they go to the application's registry
   */
  public MetricsHandler(Handler next, HookyMetrics metrics, AdminToken token) {
    super(next);
    this.metrics = metrics;
    this.token = Objects.requireNonNull(token, "token == null");
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    if (!Request.getPathInContext(request).equals(PATH)) {
      return super.handle(request, response, callback);
    }
    if (metrics == null) {
      text(response, callback, 404, NOT_SERVED);
    } else if (!HttpMethod.GET.is(request.getMethod())) {
      response.getHeaders().put(HttpHeader.ALLOW, "GET");
      text(response, callback, 405, "method not allowed: use GET\n");
    } else if (!AdminGate.bearerMatches(request, token)) {
      // AdminGate, in front, refuses these first (and limits guessing); a second lock.
      response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer realm=\"hooky\"");
      text(response, callback, 401, "missing or wrong admin token: send Authorization: Bearer"
          + " <token> (HOOKY_ADMIN_TOKEN, or the one printed at start-up)\n");
    } else {
      String body;
      try {
        body = metrics.scrape();
      } catch (RuntimeException e) {
        log.error("Could not render the metrics", e);
        text(response, callback, 500, "internal error; see the server log\n");
        return true;
      }
      response.setStatus(200);
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, PROMETHEUS_TEXT);
      response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
      response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
    }
    return true;
  }

  private static void text(Response response, Callback callback, int status, String body) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain;charset=utf-8");
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
  }
}
