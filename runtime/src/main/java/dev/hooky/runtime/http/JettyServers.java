package dev.hooky.runtime.http;

import java.time.Duration;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
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

  /**
   * A server, not yet started, on {@code host:port}, whose handler comes later ({@link
   * Listening#serve}): building Jetty's objects can then overlap other start-up work.
   */
  public static Listening create(String name, QueuedThreadPool threads, String host, int port,
      Duration stopTimeout) {
    threads.setName(name);
    Server server = new Server(threads);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setSendXPoweredBy(false);
    ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
    connector.setHost(host);
    connector.setPort(port);
    connector.setShutdownIdleTimeout(SHUTDOWN_IDLE_TIMEOUT_MILLIS);
    server.addConnector(connector);
    GracefulHandler graceful = new GracefulHandler();
    server.setHandler(graceful);
    server.setStopTimeout(stopTimeout.toMillis());
    server.setErrorHandler(new PlainErrorHandler());
    return new Listening(server, connector, graceful);
  }
}
