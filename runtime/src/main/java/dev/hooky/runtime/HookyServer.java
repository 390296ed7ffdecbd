package dev.hooky.runtime;

import dev.hooky.runtime.http.JettyServers;
import dev.hooky.runtime.http.WebhookHandler;
import dev.hooky.runtime.inbox.Inbox;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A running Hooky server. {@link #close} stops it gracefully. */
public final class HookyServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HookyServer.class);

  private final Server server;
  private final String host;
  private final HookyAssembly assembly;
  private final AdminServer adminServer;
  /** Read once at start: the connector forgets it when stopped. */
  private final int port;
  private boolean closed;

  private HookyServer(Server server, String host, int port, HookyAssembly assembly,
      AdminServer adminServer) {
    this.server = server;
    this.host = host;
    this.port = port;
    this.assembly = assembly;
    this.adminServer = adminServer;
  }

  /**
   * Assembles and starts the standalone server: the webhook port, the admin port and the workers.
   * Jetty's objects are built while the parser, inbox and registry load.
   */
  static HookyServer start(HookyConfig config) {
    StartupLoading loading = HookyAssembly.load(config);
    JettyServers.Listening webhooks = JettyServers.create("hooky-http", new QueuedThreadPool(),
        config.host(), config.port(), config.shutdownTimeout(), config.maxConnections(),
        config.idleTimeout());
    HookyAssembly assembly = new HookyAssembly(config, loading.finish());
    AdminServer admin = config.admin() ? new AdminServer(config, assembly.console()) : null;
    webhooks.serve(new WebhookHandler(assembly.pipeline()));
    if (admin != null) {
      admin.serve(assembly);
    }
    assembly.start();
    try {
      webhooks.server().start();
      if (admin != null) {
        admin.start();
      }
    } catch (Exception e) {
      if (admin != null) {
        stopQuietly(admin.server());
      }
      assembly.close(Duration.ZERO);
      stopQuietly(webhooks.server());
      throw new IllegalStateException("could not listen on " + config.host() + ":"
          + config.port() + " (admin " + config.adminHost() + ":" + config.adminPort() + "): " + e
          + "; choose other ports with port(...) and adminPort(...), or HOOKY_PORT and"
          + " HOOKY_ADMIN_PORT", e);
    }
    HookyServer started = new HookyServer(webhooks.server(), config.host(),
        webhooks.connector().getLocalPort(), assembly, admin);
    log.info("Hooky listening on {} ({} handler object(s), delivery mode {}, inbox {})",
        started.url(), config.handlerObjects(), config.deliveryMode().name().toLowerCase(),
        assembly.inbox().describe());
    AdminServer.logConsole(assembly.console(), started.adminUrl(), started.consoleUrl());
    return started;
  }

  /** The port the webhook endpoint listens on: the one chosen when {@code port(0)} was asked. */
  public int port() {
    return port;
  }

  /** The webhook endpoint's URL, e.g. {@code http://localhost:8080/webhooks/customerio}. */
  public URI url() {
    return URI.create("http://" + AdminServer.hostForUrl(host) + ":" + port()
        + assembly.config().path());
  }

  /** The admin port (console API, health, readiness), or -1 when the admin server is off. */
  public int adminPort() {
    return adminServer == null ? -1 : adminServer.port();
  }

  /** The admin API's base URL, e.g. {@code http://127.0.0.1:8081/api}; empty when off. */
  public Optional<URI> adminUrl() {
    return adminServer == null ? Optional.empty() : Optional.of(adminServer.apiUrl());
  }

  /**
   * The Live Logs page's URL with the token, e.g. {@code http://127.0.0.1:8081/?token=…}, as
   * printed at start-up; empty when the admin server is off.
   */
  public Optional<URI> consoleUrl() {
    return adminServer == null ? Optional.empty() : Optional.of(adminServer.consoleUrl());
  }

  /** The admin token (configured, or generated at start-up); empty when the admin server is off. */
  public Optional<String> adminToken() {
    return assembly.console() == null ? Optional.empty()
        : Optional.of(assembly.console().token().value());
  }

  /** The inbox, for the console and tests: query, replay. */
  public Inbox inbox() {
    return assembly.inbox();
  }

  /** How many accepted events wait for their handlers. */
  public int pendingDeliveries() {
    return assembly.inbox().depth();
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
    if (adminServer != null) {
      assembly.closeConsole();
      adminServer.stop();
    }
    assembly.close(assembly.config().shutdownTimeout().minusNanos(System.nanoTime() - start));
    log.info("Hooky stopped");
  }

  static void stopQuietly(Server server) {
    try {
      server.stop();
    } catch (Exception ignored) {
      // Already failing to start; the start failure is what the user needs to see.
    }
  }
}
