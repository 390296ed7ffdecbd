package dev.hooky.runtime.http;

import java.time.Duration;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/** Builds Hooky's Jetty servers the same way: quiet headers, plain errors, a graceful stop. */
public final class JettyServers {
  /**
   * On close, requests in flight get the whole stop timeout (GracefulHandler); connections that
   * are merely idle need not keep the process waiting for Jetty's default second.
   */
  private static final long SHUTDOWN_IDLE_TIMEOUT_MILLIS = 100;

  private JettyServers() {}

  /** A server and the connector it listens on (its port, once started). */
  public record Listening(Server server, ServerConnector connector, GracefulHandler graceful) {
    /** Sets what the server serves; before {@link Server#start()}. */
    public void serve(Handler handler) {
      graceful.setHandler(handler);
    }
  }

  /** How many connections the webhook port holds at once by default; beyond, new ones wait. */
  public static final int DEFAULT_MAX_CONNECTIONS = 2048;
  /**
   * How long an idle connection stays open by default: Customer.io reuses connections between
   * events, and an idle one costs no thread, only a socket.
   */
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(15);

  /**
   * A server, not yet started, on {@code host:port}, whose handler comes later ({@link
   * Listening#serve}): building Jetty's objects can then overlap other start-up work.
   */
  public static Listening create(String name, QueuedThreadPool threads, String host, int port,
      Duration stopTimeout) {
    return create(name, threads, host, port, stopTimeout, DEFAULT_MAX_CONNECTIONS,
        DEFAULT_IDLE_TIMEOUT);
  }

  /**
   * As {@link #create(String, QueuedThreadPool, String, int, Duration)}, holding at most {@code
   * maxConnections} connections at once (further ones wait in the accept queue) and closing
   * connections idle for {@code idleTimeout}.
   */
  public static Listening create(String name, QueuedThreadPool threads, String host, int port,
      Duration stopTimeout, int maxConnections, Duration idleTimeout) {
    threads.setName(name);
    Server server = new Server(threads);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setSendXPoweredBy(false);
    ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
    connector.setHost(host);
    connector.setPort(port);
    connector.setShutdownIdleTimeout(SHUTDOWN_IDLE_TIMEOUT_MILLIS);
    connector.setIdleTimeout(idleTimeout.toMillis());
    server.addConnector(connector);
    server.addBean(new NetworkConnectionLimit(maxConnections, connector));
    GracefulHandler graceful = new GracefulHandler();
    server.setHandler(graceful);
    server.setStopTimeout(stopTimeout.toMillis());
    server.setErrorHandler(new PlainErrorHandler());
    return new Listening(server, connector, graceful);
  }
}
