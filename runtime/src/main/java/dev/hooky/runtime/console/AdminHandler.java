package dev.hooky.runtime.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hooky.runtime.http.Rejection;
import dev.hooky.runtime.inbox.DeliveryQuery;
import dev.hooky.runtime.inbox.DeliveryRecord;
import dev.hooky.runtime.inbox.DeliveryStatus;
import dev.hooky.runtime.inbox.InboxHealth;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin port: {@code /healthz}, {@code /readyz} and the Live Logs page (which holds no data)
 * for anyone who can reach it, and the JSON API under {@code /api/} for holders of the admin token
 * ({@code Authorization: Bearer …}).
 */
public final class AdminHandler extends Handler.Abstract {
  private static final Logger log = LoggerFactory.getLogger(AdminHandler.class);
  private static final String DELIVERIES = "/api/deliveries";
  private static final int DEFAULT_LIMIT = 50;

  private final Console console;

  public AdminHandler(Console console) {
    this.console = console;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    String path = Request.getPathInContext(request);
    try {
      if (path.equals("/healthz")) {
        text(response, callback, 200, "ok");
      } else if (path.equals("/readyz")) {
        ready(response, callback);
      } else if (ConsolePage.ASSETS.containsKey(path) && HttpMethod.GET.is(request.getMethod())) {
        asset(response, callback, ConsolePage.ASSETS.get(path));
      } else if (!path.startsWith("/api/")) {
        json(response, callback, 404, error("not found"));
      } else if (!authorized(request)) {
        response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer realm=\"hooky\"");
        json(response, callback, 401, error("missing or wrong admin token: send"
            + " Authorization: Bearer <token> (HOOKY_ADMIN_TOKEN, or the one printed at start-up)"));
      } else {
        api(request, response, callback, path);
      }
    } catch (BadRequest e) {
      json(response, callback, 400, error(e.getMessage()));
    } catch (RuntimeException e) {
      log.error("Admin API request {} failed", path, e);
      json(response, callback, 500, error("internal error; see the server log"));
    }
    return true;
  }

  private void api(Request request, Response response, Callback callback, String path) {
    String method = request.getMethod();
    Fields query = Request.extractQueryParameters(request);
    if (path.equals("/api/stream") && HttpMethod.GET.is(method)) {
      console.feed.subscribe(response, callback);
    } else if (path.equals(DELIVERIES) && HttpMethod.GET.is(method)) {
      json(response, callback, 200, deliveries(query));
    } else if (path.startsWith(DELIVERIES + "/") && path.endsWith("/replay")
        && HttpMethod.POST.is(method)) {
      String eventId = path.substring(DELIVERIES.length() + 1, path.length() - "/replay".length());
      boolean replayed = console.inbox.replay(eventId);
      json(response, callback, replayed ? 200 : 404, replayed
          ? DeliveryJson.JSON.createObjectNode().put("replayed", eventId)
          : error("no delivery with event id " + eventId));
    } else if (path.startsWith(DELIVERIES + "/") && HttpMethod.GET.is(method)) {
      String eventId = path.substring(DELIVERIES.length() + 1);
      Optional<DeliveryRecord> record = console.inbox.find(eventId);
      json(response, callback, record.isPresent() ? 200 : 404, record.isPresent()
          ? DeliveryJson.detail(record.get(), console.redactor, console.verifier) : error("no delivery with event id " + eventId));
    } else if (path.equals("/api/dead-letters/replay") && HttpMethod.POST.is(method)) {
      Instant since = instant(query.getValue("since"), "since");
      if (since == null) {
        throw new BadRequest("since is required, e.g. since=2h or since=2026-11-30T12:00:00Z");
      }
      int replayed = console.inbox.replayDeadLetters(since);
      json(response, callback, 200, DeliveryJson.JSON.createObjectNode().put("replayed", replayed));
    } else if (path.equals("/api/rejections") && HttpMethod.GET.is(method)) {
      ArrayNode list = DeliveryJson.JSON.createArrayNode();
      for (Rejection rejection : console.rejections.latest(limit(query))) {
        list.add(DeliveryJson.rejection(rejection, console.verifier.toleranceSeconds()));
      }
      json(response, callback, 200, DeliveryJson.JSON.createObjectNode().set("rejections", list));
    } else if (path.equals("/api/stats") && HttpMethod.GET.is(method)) {
      json(response, callback, 200, DeliveryJson.JSON.createObjectNode()
          .put("waiting", console.inbox.depth())
          .put("rejections", console.rejections.total())
          .put("streams", console.feed.subscribers())
          .put("inbox", console.inbox.describe()));
    } else if (path.equals("/api/drift") && HttpMethod.GET.is(method)) {
      json(response, callback, 200, console.drift.toJson());
    } else if (path.equals("/api/catalog") && HttpMethod.GET.is(method)) {
      json(response, callback, 200, DeliveryJson.catalog());
    } else {
      json(response, callback, 404, error("no such API: " + method + " " + path));
    }
  }

  private ObjectNode deliveries(Fields query) {
    String status = query.getValue("status");
    String cursor = query.getValue("cursor");
    int limit = limit(query);
    DeliveryQuery filter;
    try {
      filter = new DeliveryQuery(
          status == null || status.isBlank() ? null : DeliveryStatus.fromKey(status.trim()),
          blankToNull(query.getValue("event")), blankToNull(query.getValue("customer")),
          instant(query.getValue("since"), "since"), instant(query.getValue("until"), "until"),
          cursor == null || cursor.isBlank() ? null : Long.parseLong(cursor.trim()), limit,
          blankToNull(query.getValue("q")));
    } catch (IllegalArgumentException e) {
      throw new BadRequest("bad filter: " + e.getMessage());
    }
    List<DeliveryRecord> records = console.inbox.query(filter);
    ObjectNode page = DeliveryJson.JSON.createObjectNode();
    ArrayNode list = page.putArray("deliveries");
    records.forEach(record -> list.add(DeliveryJson.summary(record, console.redactor)));
    page.put("nextCursor", records.size() == limit
        ? Long.toString(records.get(records.size() - 1).id()) : null);
    return page;
  }

  private void ready(Response response, Callback callback) {
    InboxHealth health = console.inbox.health();
    if (!health.writable()) {
      text(response, callback, 503, "inbox cannot write since " + health.since() + ": "
          + health.problem());
      return;
    }
    try {
      console.inbox.depth();
    } catch (RuntimeException e) {
      text(response, callback, 503, "inbox unreachable: " + e.getMessage());
      return;
    }
    if (!console.workersRunning.getAsBoolean()) {
      text(response, callback, 503, "workers not running");
      return;
    }
    text(response, callback, 200, "ready");
  }

  private boolean authorized(Request request) {
    String header = request.getHeaders().get(HttpHeader.AUTHORIZATION);
    String prefix = "Bearer ";
    return header != null && header.regionMatches(true, 0, prefix, 0, prefix.length())
        && console.token.matches(header.substring(prefix.length()).trim());
  }

  private static int limit(Fields query) {
    String value = query.getValue("limit");
    if (value == null || value.isBlank()) {
      return DEFAULT_LIMIT;
    }
    try {
      int limit = Integer.parseInt(value.trim());
      if (limit < 1 || limit > 1000) {
        throw new BadRequest("limit must be 1 to 1000");
      }
      return limit;
    } catch (NumberFormatException e) {
      throw new BadRequest("limit must be a number");
    }
  }

  /** An ISO-8601 instant, or a time ago such as {@code 90s}, {@code 15m}, {@code 2h}, {@code 7d}. */
  static Instant instant(String value, String name) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String text = value.trim().toLowerCase(Locale.ROOT);
    try {
      if (text.matches("\\d+[smhd]")) {
        long amount = Long.parseLong(text.substring(0, text.length() - 1));
        Duration ago = switch (text.charAt(text.length() - 1)) {
          case 's' -> Duration.ofSeconds(amount);
          case 'm' -> Duration.ofMinutes(amount);
          case 'h' -> Duration.ofHours(amount);
          default -> Duration.ofDays(amount);
        };
        return Instant.now().minus(ago);
      }
      return Instant.parse(value.trim());
    } catch (DateTimeParseException | ArithmeticException e) {
      throw new BadRequest(name + " must be an instant such as 2026-11-30T12:00:00Z or a time ago"
          + " such as 2h, was \"" + value + "\"");
    }
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }

  private static ObjectNode error(String message) {
    return DeliveryJson.JSON.createObjectNode().put("error", message);
  }

  private static void json(Response response, Callback callback, int status, JsonNode body) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    response.write(true,
        ByteBuffer.wrap(DeliveryJson.write(body).getBytes(StandardCharsets.UTF_8)), callback);
  }

  private static void asset(Response response, Callback callback, ConsolePage.Asset asset) {
    response.setStatus(200);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, asset.contentType());
    response.getHeaders().put("Content-Security-Policy", ConsolePage.CONTENT_SECURITY_POLICY);
    response.getHeaders().put("X-Content-Type-Options", "nosniff");
    response.getHeaders().put("Referrer-Policy", "no-referrer");
    response.write(true, ByteBuffer.wrap(asset.bytes()), callback);
  }

  private static void text(Response response, Callback callback, int status, String body) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain;charset=utf-8");
    response.write(true, ByteBuffer.wrap((body + "\n").getBytes(StandardCharsets.UTF_8)),
        callback);
  }

  /** A request the API cannot serve as asked; answered 400 with the message. */
  private static final class BadRequest extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BadRequest(String message) {
      super(message);
    }
  }
}
