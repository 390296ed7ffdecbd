package dev.hooky.runtime;

import dev.hooky.runtime.console.Console;
import dev.hooky.runtime.dispatch.Dispatcher;
import dev.hooky.runtime.dispatch.HandlerRunner;
import dev.hooky.runtime.inbox.Inbox;
import dev.hooky.runtime.metrics.HookyMetrics;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A running Hooky server. {@link #close} stops it gracefully. */
public final class HookyServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HookyServer.class);

  private final Server server;
  private final ServerConnector connector;
  private final Dispatcher dispatcher;
  private final HandlerRunner runner;
  private final Inbox inbox;
  private final String path;
  private final Duration shutdownTimeout;
  private final RetentionPurger purger;
  private final Server adminServer;
  private final Console console;
  /** Meters in the application's registry, removed at close; null with Hooky's own registry. */
  private final HookyMetrics applicationMetrics;
  private final int adminPort;
  private final String adminHost;
  /** Read once at start: the connector forgets it when stopped. */
  private final int port;
  private boolean closed;

  HookyServer(Server server, ServerConnector connector, Dispatcher dispatcher,
      HandlerRunner runner, Inbox inbox, String path, Duration shutdownTimeout,
      Duration retention, Clock clock, Server adminServer, ServerConnector adminConnector,
      Console console, HookyMetrics applicationMetrics) {
    this.server = server;
    this.connector = connector;
    this.dispatcher = dispatcher;
    this.runner = runner;
    this.inbox = inbox;
    this.path = path;
    this.shutdownTimeout = shutdownTimeout;
    this.port = connector.getLocalPort();
    this.purger = new RetentionPurger(inbox, retention, clock);
    this.adminServer = adminServer;
    this.console = console;
    this.applicationMetrics = applicationMetrics;
    this.adminPort = adminConnector == null ? -1 : adminConnector.getLocalPort();
    this.adminHost = adminConnector == null ? null : adminConnector.getHost();
  }

  /** The port the webhook endpoint listens on: the one chosen when {@code port(0)} was asked. */
  public int port() {
    return port;
  }

  /** The webhook endpoint's URL, e.g. {@code http://localhost:8080/webhooks/customerio}. */
  public URI url() {
    return URI.create("http://" + hostForUrl(connector.getHost()) + ":" + port() + path);
  }

  private static String hostForUrl(String host) {
    if (host == null || host.equals("0.0.0.0") || host.equals("::")) {
      return "localhost";
    }
    return host.contains(":") ? "[" + host + "]" : host;
  }

  /** The admin port (console API, health, readiness), or -1 when the admin server is off. */
  public int adminPort() {
    return adminPort;
  }

  /** The admin API's base URL, e.g. {@code http://127.0.0.1:8081/api}; empty when off. */
  public Optional<URI> adminUrl() {
    return adminPort < 0 ? Optional.empty()
        : Optional.of(URI.create("http://" + hostForUrl(adminHost) + ":" + adminPort
            + "/api"));
  }

  /**
   * The Live Logs page's URL with the token, e.g. {@code http://127.0.0.1:8081/?token=…}, as
   * printed at start-up; empty when the admin server is off.
   */
  public Optional<URI> consoleUrl() {
    return adminUrl().map(api -> api.resolve(
        "/?token=" + URLEncoder.encode(console.token().value(), StandardCharsets.UTF_8)));
  }

  /** The admin token (configured, or generated at start-up); empty when the admin server is off. */
  public Optional<String> adminToken() {
    return console == null ? Optional.empty()
        : Optional.of(console.token().value());
  }

  /** The inbox, for the console and tests: query, replay. */
  public Inbox inbox() {
    return inbox;
  }

  /** How many accepted events wait for their handlers. */
  public int pendingDeliveries() {
    return inbox.depth();
  }

  /**
   * Stops accepting requests, lets requests in flight finish, lets the workers run the handlers of
   * every event already accepted, then stops, all within the shutdown timeout.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    long start = System.nanoTime();
    try {
      server.stop();
    } catch (Exception e) {
      log.warn("The HTTP server did not stop cleanly", e);
    }
    if (console != null) {
      console.close();
      try {
        adminServer.stop();
      } catch (Exception e) {
        log.warn("The admin server did not stop cleanly", e);
      }
    }
    Duration left = shutdownTimeout.minusNanos(System.nanoTime() - start);
    if (dispatcher != null) {
      dispatcher.close(left.isNegative() ? Duration.ZERO : left);
    }
    runner.close();
    purger.close();
    inbox.close();
    if (applicationMetrics != null) {
      applicationMetrics.removeMeters();
    }
    log.info("Hooky stopped");
  }
}
