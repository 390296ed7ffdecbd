package dev.hooky.benchmarks.http;

import java.util.function.LongSupplier;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * Jetty as the two hand-made servers run it: Jetty's defaults (thread pool, HTTP/1.1 connector)
 * and nothing else, on 127.0.0.1. Hooky builds its own Jetty server the same way in substance:
 * a default {@code QueuedThreadPool}, one connector, a blocking {@code Handler.Abstract}.
 */
final class JettyOnLoopback {
  private JettyOnLoopback() {}

  /** Starts {@code handler} on {@code port}, 0 for any free one. */
  static Server start(Handler handler, int port) throws Exception {
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(port);
    server.addConnector(connector);
    server.setHandler(handler);
    server.start();
    return server;
  }

  static int port(Server server) {
    return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
  }

  /** Stops the server, saying so on stderr (the log) if it does not stop cleanly. */
  static void stop(Server server) {
    try {
      server.stop();
    } catch (Exception e) {
      System.err.println("Jetty did not stop cleanly: " + e);
    }
  }

  /** A control-channel target for a Jetty server whose handler counts what it handled. */
  static ServerControl.Target target(Server server, LongSupplier handled) {
    return new ServerControl.Target() {
      @Override
      public int port() {
        return JettyOnLoopback.port(server);
      }

      @Override
      public long handled() {
        return handled.getAsLong();
      }

      @Override
      public long waiting() {
        return 0;
      }

      @Override
      public void stop() {
        JettyOnLoopback.stop(server);
      }
    };
  }
}
