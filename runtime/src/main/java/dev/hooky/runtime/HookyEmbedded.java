package dev.hooky.runtime;

import dev.hooky.runtime.http.WebhookHandler;
import dev.hooky.runtime.http.WebhookPipeline;
import dev.hooky.runtime.inbox.Inbox;
import dev.hooky.runtime.inbox.InboxHealth;
import java.net.URI;
import java.util.Optional;
import org.eclipse.jetty.server.Handler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hooky without a webhook port of its own, for a server the application already runs: mount
 * {@link #webhookHandler()} in a Jetty 12 server, or the {@code HookyServlet} (module
 * hooky-servlet) in a Servlet container. {@link #start()} starts the workers and, unless {@code
 * adminPort(-1)}, the admin port (Live Logs); {@link #close()} drains and stops them. The webhook
 * answers, limits and checks are exactly those of {@link HookyServer}.
 *
 * <pre>{@code
 * HookyEmbedded hooky = Hooky.server().signingKeys(key).handlers(new MyHandlers()).embed();
 * ContextHandler webhooks = new ContextHandler(hooky.webhookHandler(), "/");
 * myJettyServer.setHandler(webhooks);
 * hooky.start();
 * myJettyServer.start();
 * }</pre>
 *
 * <p>The builder's {@code port}, {@code host}, {@code maxConnections} and {@code idleTimeout}
 * concern Hooky's own webhook port and are ignored here: the application's server owns its
 * connections.
 */
public final class HookyEmbedded implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HookyEmbedded.class);

  private final HookyAssembly assembly;
  private final WebhookHandler handler;
  private final AdminServer adminServer;
  private boolean started;
  private boolean closed;

  private HookyEmbedded(HookyAssembly assembly) {
    this.assembly = assembly;
    this.handler = new WebhookHandler(assembly.pipeline());
    this.adminServer = assembly.console() == null ? null
        : new AdminServer(assembly.config(), assembly.console());
    if (adminServer != null) {
      adminServer.serve(assembly);
    }
  }

  /** Assembles the pipeline and opens the inbox; nothing runs or listens until {@link #start}. */
  static HookyEmbedded assemble(HookyConfig config) {
    return new HookyEmbedded(new HookyAssembly(config, HookyAssembly.load(config).finish()));
  }

  /**
   * The webhook endpoint as a Jetty 12 handler: {@code POST} on the path (relative to its
   * context), {@code GET /healthz}, 404 and 405 elsewhere. Events it accepts before {@link
   * #start()} wait in the inbox for the workers.
   */
  public Handler webhookHandler() {
    return handler;
  }

  /** What every mount carries requests to, for mounts of other servers (the Servlet). */
  public WebhookPipeline pipeline() {
    return assembly.pipeline();
  }

  /**
   * The admin API, Live Logs and (with Hooky's own registry) {@code /metrics} as a Jetty handler,
   * token-protected, to mount in the application's own server instead of the admin port; empty
   * when the admin port is off ({@code adminPort(-1)}).
   */
  public Optional<Handler> adminHandler() {
    return Optional.ofNullable(assembly.adminHandler());
  }

  /**
   * Starts the workers, the retention purge and the admin port.
   *
   * @throws IllegalStateException when the admin port cannot listen
   */
  public synchronized void start() {
    if (started) {
      return;
    }
    started = true;
    assembly.start();
    if (adminServer != null) {
      try {
        adminServer.start();
      } catch (Exception e) {
        HookyServer.stopQuietly(adminServer.server());
        throw new IllegalStateException("could not listen on " + assembly.config().adminHost()
            + ":" + assembly.config().adminPort() + " for the admin port: " + e
            + "; choose another with adminPort(...), or HOOKY_ADMIN_PORT; -1 turns it off", e);
      }
    }
    log.info("Hooky embedded at {} ({} handler object(s), delivery mode {}, inbox {})",
        assembly.config().path(), assembly.config().handlerObjects(),
        assembly.config().deliveryMode().name().toLowerCase(), assembly.inbox().describe());
    AdminServer.logConsole(assembly.console(), adminUrl(), consoleUrl());
  }

  /** Whether handlers run: started (in inbox mode), and not closed. */
  public synchronized boolean isRunning() {
    return started && !closed && assembly.workersRunning();
  }

  /** The webhook path the handler and the Servlet answer, e.g. {@code /webhooks/customerio}. */
  public String path() {
    return assembly.config().path();
  }

  /** The admin port, or -1 when it is off or not started. */
  public int adminPort() {
    return adminServer == null ? -1 : adminServer.port();
  }

  /** The admin API's base URL once started; empty when the admin port is off. */
  public Optional<URI> adminUrl() {
    return adminPort() < 0 ? Optional.empty() : Optional.of(adminServer.apiUrl());
  }

  /** The Live Logs page's URL with the token once started; empty when the admin port is off. */
  public Optional<URI> consoleUrl() {
    return adminPort() < 0 ? Optional.empty() : Optional.of(adminServer.consoleUrl());
  }

  /** The admin token (configured or generated); empty when the admin port is off. */
  public Optional<String> adminToken() {
    return assembly.console() == null ? Optional.empty()
        : Optional.of(assembly.console().token().value());
  }

  /** The inbox: query, replay. */
  public Inbox inbox() {
    return assembly.inbox();
  }

  /** The inbox's health, for the application's health checks. */
  public InboxHealth health() {
    return assembly.inbox().health();
  }

  /**
   * Stops the admin port, lets the workers run the handlers of every event already accepted
   * within the shutdown timeout, and closes the inbox. Stop the application's server (or remove
   * the handler) first, so that no request arrives meanwhile.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    long start = System.nanoTime();
    if (adminServer != null) {
      assembly.closeConsole();
      adminServer.stop();
    }
    assembly.close(assembly.config().shutdownTimeout().minusNanos(System.nanoTime() - start));
    log.info("Hooky stopped");
  }
}
