package dev.hooky.benchmarks.http;

import dev.hooky.benchmarks.CountingHandler;
import dev.hooky.benchmarks.SignedEvents;
import dev.hooky.runtime.Hooky;
import dev.hooky.runtime.HookyEmbedded;
import dev.hooky.servlet.HookyServlet;
import java.io.PrintStream;
import java.time.Duration;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * Server (f): Hooky configured as {@link HookyTargetServer} configures it, but served by {@link
 * HookyServlet} in a Jetty 12 EE10 Servlet container with Jetty's defaults, as a user's Servlet
 * application would serve it. Run by the benchmark in a JVM of its own.
 *
 * <p>Arguments: {@code PORT INBOX}; then the {@link ServerControl} channel.
 */
public final class HookyServletServer {
  private HookyServletServer() {}

  public static void main(String[] args) throws Exception {
    PrintStream channel = ServerControl.takeStdout();
    if (args.length != 2) {
      System.err.println("Usage: HookyServletServer PORT INBOX; started by"
          + " HttpComparisonBenchmark");
      System.exit(2);
    }
    CountingHandler handler = new CountingHandler();
    // port(0): the admin port on a free port, as HookyTargetServer's.
    HookyEmbedded hooky = Hooky.server()
        .port(0)
        .signingKeys(SignedEvents.SIGNING_KEY)
        .handlers(handler)
        .inbox(args[1])
        .shutdownTimeout(Duration.ofSeconds(10))
        .embed();
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(Integer.parseInt(args[0]));
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler("/");
    ServletHolder holder = new ServletHolder("hooky", new HookyServlet(hooky));
    holder.setAsyncSupported(true);
    context.addServlet(holder, hooky.path());
    server.setHandler(context);
    hooky.start();
    server.start();
    ServerControl.serveAndExit(new ServerControl.Target() {
      @Override
      public int port() {
        return connector.getLocalPort();
      }

      @Override
      public long handled() {
        return handler.handled();
      }

      @Override
      public long waiting() {
        return hooky.inbox().depth();
      }

      @Override
      public void stop() {
        try {
          server.stop();
        } catch (Exception e) {
          System.err.println("Jetty did not stop cleanly: " + e);
        }
        if (hooky.inbox().depth() == 0) {
          hooky.close();
        }
      }
    }, channel);
  }
}
