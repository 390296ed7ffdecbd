package dev.hooky.runtime;

import dev.hooky.runtime.dispatch.Dispatcher;
import dev.hooky.runtime.dispatch.HandlerRunner;
import dev.hooky.runtime.inbox.Inbox;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
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
  /** Read once at start: the connector forgets it when stopped. */
  private final int port;
  private boolean closed;

  HookyServer(Server server, ServerConnector connector, Dispatcher dispatcher,
      HandlerRunner runner, Inbox inbox, String path, Duration shutdownTimeout,
      Duration retention, Clock clock) {
    this.server = server;
    this.connector = connector;
    this.dispatcher = dispatcher;
    this.runner = runner;
    this.inbox = inbox;
    this.path = path;
    this.shutdownTimeout = shutdownTimeout;
    this.port = connector.getLocalPort();
    this.purger = new RetentionPurger(inbox, retention, clock);
  }

  /** The port the webhook endpoint listens on: the one chosen when {@code port(0)} was asked. */
  public int port() {
    return port;
  }

  /** The webhook endpoint's URL, e.g. {@code http://localhost:8080/webhooks/customerio}. */
  public URI url() {
    String host = connector.getHost();
    if (host == null || host.equals("0.0.0.0") || host.equals("::")) {
      host = "localhost";
    } else if (host.contains(":")) {
      host = "[" + host + "]";
    }
    return URI.create("http://" + host + ":" + port() + path);
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
    Duration left = shutdownTimeout.minusNanos(System.nanoTime() - start);
    if (dispatcher != null) {
      dispatcher.close(left.isNegative() ? Duration.ZERO : left);
    }
    runner.close();
    purger.close();
    inbox.close();
    log.info("Hooky stopped");
  }
}
