package dev.hooky.runtime;

import dev.hooky.customerio.CustomerIoHandler;
import dev.hooky.runtime.console.AdminHosts;
import dev.hooky.runtime.console.AdminToken;
import dev.hooky.runtime.dispatch.CallbackRouter;
import dev.hooky.runtime.dispatch.RouterRegistry;
import dev.hooky.runtime.http.BodyBudget;
import dev.hooky.runtime.forward.Destination;
import dev.hooky.runtime.forward.ForwardingHandler;
import dev.hooky.runtime.http.JettyServers;
import dev.hooky.runtime.http.WebhookLimits;
import dev.hooky.runtime.http.WebhookObserver;
import dev.hooky.runtime.inbox.MemoryInbox;
import dev.hooky.runtime.inbox.RetryPolicy;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Configures Hooky: {@link #start()} runs it as a {@link HookyServer} with ports of its own,
 * {@link #embed()} assembles it for a server the application runs ({@link HookyEmbedded}). Every
 * setting has a default but the signing keys and the handlers; {@link Hooky#fromEnvironment()}
 * fills the builder from environment variables.
 */
public final class HookyBuilder {
  private static final Logger log = LoggerFactory.getLogger(HookyBuilder.class);

  /** Large enough for email_sent with Body Content (rendered HTML). */
  public static final int DEFAULT_MAX_BODY_BYTES = WebhookLimits.DEFAULT_MAX_BODY_BYTES;
  public static final String DEFAULT_PATH = "/webhooks/customerio";
  /**
   * How old a signed timestamp may be: as far back as de-duplication remembers event ids, so that
   * a retry carrying its first attempt's timestamp never goes stale, while a replay inside the
   * window is a duplicate and one outside it is refused.
   */
  public static final Duration DEFAULT_TIMESTAMP_TOLERANCE = Duration.ofDays(8);
  /** How far ahead of this server's clock a signed timestamp may be. */
  public static final Duration FUTURE_TOLERANCE = Duration.ofMinutes(5);
  /** A SQLite file in the working directory. */
  public static final String DEFAULT_INBOX = "sqlite:hooky.db";
  /** Customer.io retries for 7 days, so an event id must be remembered a little longer. */
  static final Duration DEDUP_WINDOW = Duration.ofDays(8);
  static final int DEDUP_MAX_ENTRIES = 100_000;
  public static final int DEFAULT_ADMIN_PORT = 8081;

  private int port = 8080;
  private String host = "0.0.0.0";
  private String path = DEFAULT_PATH;
  private final List<String> signingKeys = new ArrayList<>();
  private Duration timestampTolerance = DEFAULT_TIMESTAMP_TOLERANCE;
  private Clock clock = Clock.systemUTC();
  private int maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
  private long maxRequestBytes = WebhookLimits.DEFAULT_HARD_CAP_BYTES;
  private Duration bodyTimeout = WebhookLimits.DEFAULT_BODY_TIMEOUT;
  private int maxConnections = JettyServers.DEFAULT_MAX_CONNECTIONS;
  private Duration idleTimeout = JettyServers.DEFAULT_IDLE_TIMEOUT;
  private BodyBudget bodyBudget;
  private int workerThreads = Math.max(2, Runtime.getRuntime().availableProcessors());
  private DeliveryMode deliveryMode = DeliveryMode.INBOX;
  private final List<Object> handlers = new ArrayList<>();
  private String inboxSpec = DEFAULT_INBOX;
  private DataSource inboxDataSource;
  private int inboxCapacity = 10_000;
  private int inboxHistory = MemoryInbox.DEFAULT_HISTORY;
  private RetryPolicy retryPolicy = RetryPolicy.DEFAULT;
  private Duration retention = DEDUP_WINDOW;
  private Duration lease;
  private Duration handlerTimeout = Duration.ofSeconds(30);
  private Duration shutdownTimeout = Duration.ofSeconds(30);
  private WebhookObserver observer = WebhookObserver.NONE;
  /** Null: 8081, or any free port when the webhook port is 0. */
  private Integer adminPort;
  private String adminHost = "127.0.0.1";
  private String adminToken;
  private boolean consoleRedaction = true;
  /** Null: a Prometheus registry of Hooky's own, served on the admin port. */
  private MeterRegistry meterRegistry;

  HookyBuilder() {}

  /** The port to listen on; 0 picks a free one ({@link HookyServer#port()} tells which). */
  public HookyBuilder port(int port) {
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port must be 0 to 65535, was " + port);
    }
    this.port = port;
    return this;
  }

  /** The address to bind; default {@code 0.0.0.0}, every interface (Customer.io must reach it). */
  public HookyBuilder host(String host) {
    Objects.requireNonNull(host, "host == null");
    if (host.isBlank()) {
      throw new IllegalArgumentException("host must not be blank; use 0.0.0.0 for every interface");
    }
    this.host = host;
    return this;
  }

  /** The webhook path; default {@code /webhooks/customerio}. */
  public HookyBuilder path(String path) {
    Objects.requireNonNull(path, "path == null");
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException("path must start with '/': " + path);
    }
    this.path = path;
    return this;
  }

  /**
   * The signing keys to accept, from Customer.io's Data &amp; Integrations &gt; Integrations &gt;
   * Reporting webhooks. Several keys serve rotation or several workspaces; a request signed with any
   * of them verifies. Replaces keys set before.
   */
  public HookyBuilder signingKeys(String... keys) {
    Objects.requireNonNull(keys, "keys == null");
    signingKeys.clear();
    signingKeys.addAll(Arrays.asList(keys));
    return this;
  }

  /**
   * How old {@code X-CIO-Timestamp} may be; default 8 days, as far back as de-duplication
   * remembers event ids (and never further back than the retention, or than the memory inbox's
   * oldest remembered id). A timestamp may be at most this, and at most 5 minutes, ahead of now.
   * {@link Duration#ZERO} turns the check off.
   */
  public HookyBuilder timestampTolerance(Duration tolerance) {
    Objects.requireNonNull(tolerance, "tolerance == null");
    if (tolerance.isNegative() || (!tolerance.isZero() && tolerance.toSeconds() == 0)) {
      throw new IllegalArgumentException(
          "tolerance must be zero (off) or at least one second: " + tolerance);
    }
    this.timestampTolerance = tolerance;
    return this;
  }

  /** The clock for timestamp checks and received-at times; default the system clock. */
  public HookyBuilder clock(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock == null");
    return this;
  }

  /**
   * The body limit; default 5 MiB. An authentic body over it is quarantined with its first bytes,
   * size and SHA-256 (answered 200); up to {@link #maxRequestBytes} are read to check its signature.
   */
  public HookyBuilder maxBodyBytes(int maxBodyBytes) {
    if (maxBodyBytes < 1) {
      throw new IllegalArgumentException("maxBodyBytes must be positive: " + maxBodyBytes);
    }
    this.maxBodyBytes = maxBodyBytes;
    return this;
  }

  /**
   * The hard cap on a request's body: past it Hooky stops reading and answers 413. Default 64 MiB
   * (or the body limit, if larger).
   */
  public HookyBuilder maxRequestBytes(long maxRequestBytes) {
    if (maxRequestBytes < 1) {
      throw new IllegalArgumentException("maxRequestBytes must be positive: " + maxRequestBytes);
    }
    this.maxRequestBytes = maxRequestBytes;
    return this;
  }

  /**
   * How long a request's body may take to arrive after its headers; a slower sender is answered
   * 408 and disconnected. Default 5 s: Customer.io sends fast and waits only 4 s.
   */
  public HookyBuilder bodyTimeout(Duration bodyTimeout) {
    this.bodyTimeout = requirePositive(bodyTimeout, "bodyTimeout");
    return this;
  }

  /**
   * How many connections the webhook port holds at once (beyond, new ones wait to be accepted);
   * default 2048. Idle connections cost a socket, not a thread.
   */
  public HookyBuilder maxConnections(int maxConnections) {
    if (maxConnections < 1) {
      throw new IllegalArgumentException("maxConnections must be positive: " + maxConnections);
    }
    this.maxConnections = maxConnections;
    return this;
  }

  /** How long an idle webhook connection stays open; default 15 s. */
  public HookyBuilder idleTimeout(Duration idleTimeout) {
    this.idleTimeout = requirePositive(idleTimeout, "idleTimeout");
    return this;
  }

  /**
   * The most body bytes all requests in flight may hold in memory together; beyond, requests are
   * answered 503 with Retry-After. Default a quarter of the maximum heap, at least 16 MiB.
   */
  public HookyBuilder maxInFlightBodyBytes(long bytes) {
    if (bytes < 1) {
      throw new IllegalArgumentException("maxInFlightBodyBytes must be positive: " + bytes);
    }
    this.bodyBudget = new BodyBudget(bytes);
    return this;
  }

  /** How many threads run handlers; default the number of cores, at least 2. */
  public HookyBuilder workerThreads(int workerThreads) {
    if (workerThreads < 1) {
      throw new IllegalArgumentException("workerThreads must be positive: " + workerThreads);
    }
    this.workerThreads = workerThreads;
    return this;
  }

  /** When handlers run; default {@link DeliveryMode#INBOX}. */
  public HookyBuilder deliveryMode(DeliveryMode deliveryMode) {
    this.deliveryMode = Objects.requireNonNull(deliveryMode, "deliveryMode == null");
    return this;
  }

  /**
   * The objects whose {@code @OnCustomerIoEvent} methods handle events, each compiled with
   * hooky-processor. Adds to those given before. Events reach the objects in the order given.
   */
  public HookyBuilder handlers(Object... handlers) {
    Objects.requireNonNull(handlers, "handlers == null");
    for (Object handler : handlers) {
      this.handlers.add(Objects.requireNonNull(handler, "a handler is null"));
    }
    return this;
  }

  /**
   * Adds a handler given at run time rather than by an annotated method: it runs next to the
   * generated routers, after those given before it, and is retried, timed out and shown in Live
   * Logs like them.
   *
   * @param name how the inbox and Live Logs know it; unique and stable across restarts
   * @param events event names ({@code sms_delivered}), channel wildcards ({@code email_*}) or
   *     {@code *}, as in {@code @OnCustomerIoEvent}
   * @param callback called with each matching event; it has finished when its stage completes
   * @throws IllegalArgumentException for a blank name or an unknown event, with a suggestion
   */
  public HookyBuilder handler(
      String name, List<String> events, CustomerIoHandler.AsyncMethod callback) {
    handlers.add(CallbackRouter.of(name, events, callback));
    return this;
  }

  /**
   * Forwards the events matching {@code events} to {@code destination}: one more handler (see
   * {@link #handler}), so a failed attempt is retried by the retry policy, dead-lettered in the
   * end, and replayable.
   */
  public HookyBuilder forward(Destination destination, List<String> events) {
    Objects.requireNonNull(destination, "destination == null");
    return handler(destination.name(), events, new ForwardingHandler(destination));
  }

  /**
   * Where accepted events wait for their handlers:
   *
   * <ul>
   *   <li>{@code sqlite:PATH}: the default, {@code sqlite:hooky.db} in the working directory. A
   *       durable file for one process.
   *   <li>{@code postgres:JDBC-URL}, e.g. {@code postgres:jdbc:postgresql://db/app?user=hooky}:
   *       for several instances sharing one database. Needs {@code org.postgresql:postgresql} and
   *       {@code com.zaxxer:HikariCP} on the classpath.
   *   <li>{@code memory}: fast, but events not yet handled are lost when the process dies.
   * </ul>
   */
  public HookyBuilder inbox(String inbox) {
    Objects.requireNonNull(inbox, "inbox == null");
    if (!inbox.equals("memory") && !inbox.startsWith("sqlite:")
        && !inbox.startsWith("postgres:")) {
      throw new IllegalArgumentException("unsupported inbox \"" + inbox + "\": use"
          + " sqlite:PATH, postgres:JDBC-URL or memory");
    }
    if (inbox.endsWith(":")) {
      throw new IllegalArgumentException("inbox \"" + inbox + "\" lacks its path or URL");
    }
    this.inboxSpec = inbox;
    this.inboxDataSource = null;
    return this;
  }

  /**
   * Keeps the inbox in PostgreSQL through a {@link DataSource} the application manages (its pool,
   * its credentials); Hooky creates or migrates its tables at start-up and does not close it.
   */
  public HookyBuilder postgresInbox(DataSource dataSource) {
    this.inboxDataSource = Objects.requireNonNull(dataSource, "dataSource == null");
    this.inboxSpec = "postgres:(data source)";
    return this;
  }

  /** When to retry a delivery whose handler failed, and when to give up; see {@link RetryPolicy}. */
  public HookyBuilder retryPolicy(RetryPolicy retryPolicy) {
    this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy == null");
    return this;
  }

  /**
   * How long finished deliveries are kept (for de-duplication and Live Logs) before they are
   * purged; default 8 days, at least 1 day, since Customer.io retries for 7.
   */
  public HookyBuilder retention(Duration retention) {
    requirePositive(retention, "retention");
    if (retention.compareTo(Duration.ofDays(1)) < 0) {
      throw new IllegalArgumentException("retention must be at least a day: " + retention);
    }
    this.retention = retention;
    return this;
  }

  /**
   * How long a claimed delivery stays leased to this instance before another may take it over;
   * default twice the handler time-out, at least 5 minutes. Only matters for PostgreSQL.
   */
  public HookyBuilder lease(Duration lease) {
    this.lease = requirePositive(lease, "lease");
    return this;
  }

  /** How many accepted events may wait for handlers before requests are answered 503. */
  public HookyBuilder inboxCapacity(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("inboxCapacity must be positive: " + capacity);
    }
    this.inboxCapacity = capacity;
    return this;
  }

  /**
   * How many handled deliveries the memory inbox keeps for Live Logs, the newest (at most 32 MiB
   * of their bodies); default 1,000. Dead and quarantined ones are kept apart, up to 10,000. Each
   * one kept outlives young collections, so a longer history makes their pauses longer under load.
   * The SQL inboxes keep every delivery for the {@link #retention}.
   */
  public HookyBuilder inboxHistory(int deliveries) {
    if (deliveries < 1) {
      throw new IllegalArgumentException("inboxHistory must be positive: " + deliveries);
    }
    this.inboxHistory = deliveries;
    return this;
  }

  /** How long one handler may run before it counts as failed; default 30 s. */
  public HookyBuilder handlerTimeout(Duration timeout) {
    this.handlerTimeout = requirePositive(timeout, "handlerTimeout");
    return this;
  }

  /** How long {@link HookyServer#close()} waits for requests and handlers; default 30 s. */
  public HookyBuilder shutdownTimeout(Duration timeout) {
    this.shutdownTimeout = requirePositive(timeout, "shutdownTimeout");
    return this;
  }

  /** Hears about every request's outcome (Live Logs, metrics); default none. */
  public HookyBuilder observer(WebhookObserver observer) {
    this.observer = Objects.requireNonNull(observer, "observer == null");
    return this;
  }

  /**
   * The admin port (console API, health, readiness): default 8081, or any free port when {@link
   * #port} is 0; -1 turns the admin server off.
   */
  public HookyBuilder adminPort(int adminPort) {
    if (adminPort < -1 || adminPort > 65_535) {
      throw new IllegalArgumentException("adminPort must be -1 (off) or 0 to 65535: " + adminPort);
    }
    this.adminPort = adminPort;
    return this;
  }

  /**
   * The address the admin port binds: default {@code 127.0.0.1}, this machine only. Any other
   * address requires a configured {@link #adminToken}.
   */
  public HookyBuilder adminHost(String adminHost) {
    Objects.requireNonNull(adminHost, "adminHost == null");
    if (adminHost.isBlank()) {
      throw new IllegalArgumentException("adminHost must not be blank");
    }
    this.adminHost = adminHost;
    return this;
  }

  /**
   * The token the admin API requires ({@code Authorization: Bearer <token>}); by default one is
   * generated at start-up and printed once in the log.
   */
  public HookyBuilder adminToken(String adminToken) {
    this.adminToken = AdminToken.of(adminToken).value();
    return this;
  }

  /**
   * Whether Live Logs masks email addresses and phone numbers ({@code t***@example.com}); default
   * true. Handlers and the inbox always see the originals.
   */
  public HookyBuilder consoleRedaction(boolean redact) {
    this.consoleRedaction = redact;
    return this;
  }

  /**
   * Sends Hooky's meters ({@code hooky.*}: deliveries, rejections, answer and handler times,
   * retries, dead letters, inbox depth) to the application's registry, to be published with its
   * own. The admin port then serves no {@code /metrics} (it answers 404 saying so), and the meters
   * are removed from the registry when the server closes. By default Hooky keeps a Prometheus
   * registry of its own, served as {@code GET /metrics} on the admin port.
   */
  public HookyBuilder meterRegistry(MeterRegistry registry) {
    this.meterRegistry = Objects.requireNonNull(registry, "registry == null");
    return this;
  }

  /**
   * Starts the server.
   *
   * @throws IllegalStateException when the configuration cannot work (no signing key, a handler
   *     without a generated router, the port taken), with what to change
   */
  public HookyServer start() {
    return HookyServer.start(config());
  }

  /**
   * Assembles Hooky for a server the application already runs, without a webhook port of its own:
   * mount {@link HookyEmbedded#webhookHandler()} in Jetty 12, or {@code HookyServlet} in a Servlet
   * container, then call {@link HookyEmbedded#start()}. The inbox is open when this returns.
   *
   * @throws IllegalStateException when the configuration cannot work (no signing key, a handler
   *     without a generated router), with the same messages as {@link #start()}
   */
  public HookyEmbedded embed() {
    return HookyEmbedded.assemble(config());
  }

  /** The configuration, checked and frozen. */
  HookyConfig config() {
    checkSigningKeys();
    checkAdminExposure();
    RouterRegistry routers = routers();
    int admin = adminPort != null ? adminPort : port == 0 ? 0 : DEFAULT_ADMIN_PORT;
    WebhookLimits limits = new WebhookLimits(maxBodyBytes,
        Math.max(maxRequestBytes, maxBodyBytes), bodyTimeout);
    return new HookyConfig(host, port, path, signingKeys, timestampTolerance, clock, limits,
        maxConnections, idleTimeout, bodyBudget, workerThreads, deliveryMode, routers,
        handlers.size(), inboxSpec, inboxDataSource, inboxCapacity, inboxHistory, retryPolicy,
        retention, lease, handlerTimeout, shutdownTimeout, observer, admin, adminHost, adminToken,
        consoleRedaction, meterRegistry);
  }

  private RouterRegistry routers() {
    RouterRegistry routers;
    try {
      routers = RouterRegistry.of(handlers);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(e.getMessage(), e.getCause());
    }
    if (handlers.isEmpty()) {
      log.warn("No handlers: events are accepted but nothing handles them; pass your handler"
          + " objects to handlers(...)");
    }
    return routers;
  }

  private void checkAdminExposure() {
    if (adminPort != null && adminPort < 0) {
      return;
    }
    boolean loopback = AdminHosts.isLoopback(adminHost);
    if (!loopback && adminToken == null) {
      throw new IllegalStateException("the admin port would listen on " + adminHost + " with a"
          + " generated token: set HOOKY_ADMIN_TOKEN (or adminToken(...)) to expose it beyond this"
          + " machine, or keep HOOKY_ADMIN_HOST at 127.0.0.1");
    }
    String weakness = adminToken == null ? null : AdminToken.weakness(adminToken).orElse(null);
    if (weakness != null && !loopback) {
      throw new IllegalStateException(weakness + ", and the admin port would listen on "
          + adminHost + ", beyond this machine, where a weak token can be guessed: "
          + AdminToken.HOW_TO_GENERATE + ", and set it as HOOKY_ADMIN_TOKEN (or adminToken(...));"
          + " or keep HOOKY_ADMIN_HOST at 127.0.0.1");
    }
    if (weakness != null) {
      log.warn("{}: acceptable only because the admin port listens on {} (loopback); {}",
          weakness, adminHost, AdminToken.HOW_TO_GENERATE);
    }
  }

  private void checkSigningKeys() {
    if (signingKeys.isEmpty()) {
      throw new IllegalStateException("no Customer.io signing key: set "
          + Hooky.SIGNING_KEYS_VARIABLE + " or call signingKeys(...). Copy the key from"
          + " Customer.io: Data & Integrations > Integrations > Reporting webhooks");
    }
    for (int i = 0; i < signingKeys.size(); i++) {
      String key = signingKeys.get(i);
      if (key == null || key.isBlank()) {
        throw new IllegalStateException("signing key " + (i + 1) + " of " + signingKeys.size()
            + " is blank: check " + Hooky.SIGNING_KEYS_VARIABLE + " or signingKeys(...)");
      }
    }
  }

  private static Duration requirePositive(Duration duration, String name) {
    Objects.requireNonNull(duration, name + " == null");
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException(name + " must be positive: " + duration);
    }
    return duration;
  }
}
