package dev.hooky.runtime.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hooky.runtime.console.QueryParams.BadRequest;
import dev.hooky.runtime.http.Rejection;
import dev.hooky.runtime.inbox.DeliveryQuery;
import dev.hooky.runtime.inbox.DeliveryRecord;
import dev.hooky.runtime.inbox.DeliveryStatus;
import dev.hooky.runtime.inbox.InboxHealth;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
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
  private static final int MOST_COUNTED = 1_000;
  private static final Set<String> NONE = Set.of();
  private static final Set<String> LIMIT = QueryParams.names("limit");
  private static final Set<String> SINCE = QueryParams.names("since");
  private static final Set<String> LIST = QueryParams.names("status", "event", "customer",
      "since", "until", "cursor", "limit", "q");

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
      } else if (!AdminGate.bearerMatches(request, console.token)) {
        // AdminGate, in front, refuses these first; this is a second lock on the same door.
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
    Fields query;
    try {
      query = Request.extractQueryParameters(request);
    } catch (RuntimeException e) {
      throw new BadRequest("the query string is not valid percent-encoded UTF-8");
    }
    String endpoint = method + " " + path;
    if (path.equals("/api/stream") && HttpMethod.GET.is(method)) {
      QueryParams.of(query, NONE, endpoint);
      console.feed.subscribe(response, callback);
    } else if (path.equals(DELIVERIES) && HttpMethod.GET.is(method)) {
      json(response, callback, 200, deliveries(QueryParams.of(query, LIST, endpoint)));
    } else if (path.startsWith(DELIVERIES + "/") && path.endsWith("/replay")
        && HttpMethod.POST.is(method)) {
      QueryParams.of(query, NONE, "POST " + DELIVERIES + "/{eventId}/replay");
      String eventId = eventId(
          path.substring(DELIVERIES.length() + 1, path.length() - "/replay".length()));
      boolean replayed = console.inbox.replay(eventId);
      json(response, callback, replayed ? 200 : 404, replayed
          ? DeliveryJson.JSON.createObjectNode().put("replayed", eventId)
          : error("no delivery with event id " + eventId));
    } else if (path.startsWith(DELIVERIES + "/") && HttpMethod.GET.is(method)) {
      QueryParams.of(query, NONE, "GET " + DELIVERIES + "/{eventId}");
      String eventId = eventId(path.substring(DELIVERIES.length() + 1));
      Optional<DeliveryRecord> record = console.inbox.find(eventId);
      json(response, callback, record.isPresent() ? 200 : 404, record.isPresent()
          ? DeliveryJson.detail(record.get(), console.redactor, console.verifier)
          : error("no delivery with event id " + eventId));
    } else if (path.equals("/api/dead-letters/replay") && HttpMethod.POST.is(method)) {
      Instant since = QueryParams.of(query, SINCE, endpoint).instant("since", Instant.now());
      if (since == null) {
        throw new BadRequest("since is required, e.g. since=2h or since=2026-11-30T12:00:00Z");
      }
      int replayed = console.inbox.replayDeadLetters(since);
      json(response, callback, 200, DeliveryJson.JSON.createObjectNode().put("replayed", replayed));
    } else if (path.equals("/api/rejections") && HttpMethod.GET.is(method)) {
      int limit = QueryParams.of(query, LIMIT, endpoint).limit("limit", DEFAULT_LIMIT);
      ArrayNode list = DeliveryJson.JSON.createArrayNode();
      for (Rejection rejection : console.rejections.latest(limit)) {
        list.add(DeliveryJson.rejection(rejection, console.verifier.toleranceSeconds()));
      }
      json(response, callback, 200, DeliveryJson.JSON.createObjectNode().set("rejections", list));
    } else if (path.equals("/api/stats") && HttpMethod.GET.is(method)) {
      QueryParams.of(query, NONE, endpoint);
      json(response, callback, 200, DeliveryJson.JSON.createObjectNode()
          .put("waiting", console.inbox.depth())
          .put("rejections", console.rejections.total())
          .put("streams", console.feed.subscribers())
          .put("inbox", console.inbox.describe()));
    } else if (path.equals("/api/summary") && HttpMethod.GET.is(method)) {
      QueryParams.of(query, NONE, endpoint);
      json(response, callback, 200, summary());
    } else if (path.equals("/api/drift") && HttpMethod.GET.is(method)) {
      QueryParams.of(query, NONE, endpoint);
      json(response, callback, 200, console.drift.toJson());
    } else if (path.equals("/api/catalog") && HttpMethod.GET.is(method)) {
      QueryParams.of(query, NONE, endpoint);
      json(response, callback, 200, DeliveryJson.catalog());
    } else {
      json(response, callback, 404, error("no such API: " + QueryParams.shown(endpoint)));
    }
  }

  private ObjectNode deliveries(QueryParams query) {
    Instant now = Instant.now();
    int limit = query.limit("limit", DEFAULT_LIMIT);
    Instant since = query.instant("since", now);
    Instant until = query.instant("until", now);
    if (since != null && until != null && !since.isBefore(until)) {
      throw new BadRequest("since (" + since + ") must be before until (" + until + ")");
    }
    DeliveryQuery filter = new DeliveryQuery(query.status("status"), query.eventPattern("event"),
        query.text("customer"), since, until, query.cursor("cursor"), limit, query.text("q"));
    List<DeliveryRecord> records = console.inbox.query(filter);
    ObjectNode page = DeliveryJson.JSON.createObjectNode();
    ArrayNode list = page.putArray("deliveries");
    records.forEach(record -> list.add(DeliveryJson.summary(record, console.redactor)));
    page.put("nextCursor", records.size() == limit
        ? Long.toString(records.get(records.size() - 1).id()) : null);
    return page;
  }

  /**
   * The last hour at a glance: what the console counted as it happened (received, quarantined,
   * duplicates, rejected, handled and failed attempts, in all and per minute), and how many of the
   * deliveries received in that hour now wait for a retry or are dead (at most {@value
   * #MOST_COUNTED} each: {@code "retryingMore": true} says there are more).
   */
  private ObjectNode summary() {
    ObjectNode node = console.activity.toJson();
    ObjectNode totals = (ObjectNode) node.get("totals");
    Instant hourAgo = Instant.now().minusSeconds(Activity.MINUTES * 60L);
    for (DeliveryStatus status : List.of(DeliveryStatus.RETRYING, DeliveryStatus.DEAD)) {
      int count = console.inbox.query(new DeliveryQuery(status, null, null, hourAgo, null, null,
          MOST_COUNTED, null)).size();
      totals.put(status.key(), count);
      totals.put(status.key() + "More", count == MOST_COUNTED);
    }
    node.set("forwarded", console.forwarding.toJson());
    return node;
  }

  /** An event id from a path: text an inbox can look up. */
  private static String eventId(String value) {
    if (value.isEmpty()) {
      throw new BadRequest("the event id is missing from the path");
    }
    return QueryParams.checkedText(value, "the event id");
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
}
