package dev.hooky.runtime.console;

import dev.hooky.runtime.metrics.MetricsHandler;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin port's front door, before any admin handler: answers only to names that cannot be
 * rebound ({@link AdminHosts}; 421 otherwise), and for the token-protected paths ({@code /api/…},
 * {@code /metrics}) refuses clients that made too many failed token attempts (429 with
 * Retry-After, without comparing their token) and counts each failure ({@link TokenAttempts}).
 * {@code /healthz} and {@code /readyz} hold no data and answer any name, for load balancers.
 */
public final class AdminGate extends Handler.Wrapper {
  private static final Logger log = LoggerFactory.getLogger(AdminGate.class);
  private static final String BEARER = "Bearer ";
  /** How much of a refused Host value the answer repeats. */
  private static final int HOST_SHOWN = 100;

  private final AdminHosts hosts;
  private final String adminHost;
  private final AdminToken token;
  private final TokenAttempts attempts;
  private final AtomicBoolean flushScheduled = new AtomicBoolean();

  /**
   * @param adminHost the address the admin port binds, also accepted as a {@code Host}
   * @param token the admin token
   * @param next the admin handlers
   */
  public AdminGate(String adminHost, AdminToken token, Handler next) {
    this(adminHost, token, next, System::nanoTime, log::warn);
  }

  AdminGate(String adminHost, AdminToken token, Handler next, LongSupplier nanoClock,
      Consumer<String> logLine) {
    super(next);
    this.adminHost = Objects.requireNonNull(adminHost, "adminHost == null");
    this.hosts = new AdminHosts(adminHost);
    this.token = Objects.requireNonNull(token, "token == null");
    this.attempts = new TokenAttempts(nanoClock, logLine);
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    String path = Request.getPathInContext(request);
    if (path.equals("/healthz") || path.equals("/readyz")) {
      return super.handle(request, response, callback);
    }
    String host = request.getHeaders().get(HttpHeader.HOST);
    String uriHost = request.getHttpURI().getHost();
    InetAddress local = address(request.getConnectionMetaData().getLocalSocketAddress());
    if (!hosts.allowed(host, local) || (uriHost != null && !hosts.allowed(uriHost, local))) {
      refuse(path, response, callback, 421, "this admin port answers only to localhost,"
          + " 127.0.0.1, [::1], " + adminHost + " or its own address, not to Host "
          + quote(host) + ": a browser sent here under another name may be the victim of DNS"
          + " rebinding. Open the console through one of those names (an SSH tunnel to"
          + " 127.0.0.1 works).");
      return true;
    }
    if (!path.startsWith("/api/") && !path.equals(MetricsHandler.PATH)) {
      return super.handle(request, response, callback);
    }
    String client = TokenAttempts.clientKey(
        address(request.getConnectionMetaData().getRemoteSocketAddress()));
    long retryAfter = attempts.retryAfterSeconds(client);
    if (retryAfter > 0) {
      response.getHeaders().put(HttpHeader.RETRY_AFTER, Long.toString(retryAfter));
      refuse(path, response, callback, 429, "too many wrong admin tokens from " + client
          + ": try again in " + retryAfter + " s");
      scheduleFlush(request);
      return true;
    }
    if (!bearerMatches(request, token)) {
      attempts.failed(client);
      scheduleFlush(request);
      response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer realm=\"hooky\"");
      refuse(path, response, callback, 401, "missing or wrong admin token: send"
          + " Authorization: Bearer <token> (HOOKY_ADMIN_TOKEN, or the one printed at start-up)");
      return true;
    }
    return super.handle(request, response, callback);
  }

  /** Whether {@code request} carries {@code Authorization: Bearer <token>}. */
  public static boolean bearerMatches(Request request, AdminToken token) {
    String header = request.getHeaders().get(HttpHeader.AUTHORIZATION);
    return header != null && header.regionMatches(true, 0, BEARER, 0, BEARER.length())
        && token.matches(header.substring(BEARER.length()).trim());
  }

  /** Makes sure the tail of a burst of failures is logged when its interval ends. */
  private void scheduleFlush(Request request) {
    if (flushScheduled.compareAndSet(false, true)) {
      request.getComponents().getScheduler().schedule(() -> {
        flushScheduled.set(false);
        attempts.flush();
      }, attempts.secondsUntilFlush(), TimeUnit.SECONDS);
    }
  }

  private static InetAddress address(SocketAddress socket) {
    return socket instanceof InetSocketAddress ? ((InetSocketAddress) socket).getAddress() : null;
  }

  /** {@code value} in quotes, shortened, with anything unprintable replaced. */
  private static String quote(String value) {
    if (value == null) {
      return "(none)";
    }
    StringBuilder quoted = new StringBuilder("\"");
    for (int i = 0; i < value.length() && i < HOST_SHOWN; i++) {
      char c = value.charAt(i);
      quoted.append(c >= 0x20 && c < 0x7f ? c : '?');
    }
    return quoted.append(value.length() > HOST_SHOWN ? "…\"" : "\"").toString();
  }

  /** A refusal: JSON under {@code /api/}, as the API answers, plain text elsewhere. */
  private static void refuse(String path, Response response, Callback callback, int status,
      String message) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    response.getHeaders().put("X-Content-Type-Options", "nosniff");
    String body;
    if (path.startsWith("/api/")) {
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
      body = DeliveryJson.write(DeliveryJson.JSON.createObjectNode().put("error", message));
    } else {
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain;charset=utf-8");
      body = message + "\n";
    }
    response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
  }
}
