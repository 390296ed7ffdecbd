package dev.hooky.runtime.testing;

import dev.hooky.runtime.HookyBuilder;
import dev.hooky.runtime.HookyEmbedded;
import dev.hooky.runtime.HookyServer;
import dev.hooky.runtime.inbox.Inbox;
import java.net.URI;
import java.util.Optional;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * One way of serving Hooky's webhook endpoint, for the HTTP conformance suites (WebhookSecurityTest,
 * HostileClientsTest, OddBodiesOverHttpTest): each suite runs against every mount, the standalone
 * server here, a user's Jetty server with Hooky's handler, and (in hooky-servlet) the Servlet on a
 * Servlet container, and must see exactly the same answers.
 */
@FunctionalInterface
public interface Mount {
  /** Starts what {@code builder} configures, mounted this way, on a free port of 127.0.0.1. */
  Mounted start(HookyBuilder builder);

  /** A started mount: where to send requests, and its inbox. */
  interface Mounted extends AutoCloseable {
    /** The webhook endpoint's URL. */
    URI url();

    /** The port the webhook endpoint listens on. */
    int port();

    Inbox inbox();

    /** The admin API's base URL; empty when the admin port is off. */
    Optional<URI> adminUrl();

    /** Stops the server, then Hooky. */
    @Override
    void close();
  }

  /** Hooky's own server: {@link HookyBuilder#start()}. */
  Mount STANDALONE = builder -> {
    HookyServer server = builder.start();
    return new Mounted() {
      @Override
      public URI url() {
        return server.url();
      }

      @Override
      public int port() {
        return server.port();
      }

      @Override
      public Inbox inbox() {
        return server.inbox();
      }

      @Override
      public Optional<URI> adminUrl() {
        return server.adminUrl();
      }

      @Override
      public void close() {
        server.close();
      }
    };
  };

  /** A plain Jetty 12 server of the user's, serving {@link HookyEmbedded#webhookHandler()}. */
  Mount JETTY_HANDLER = builder -> embeddedIn(builder.embed(), HookyEmbedded::webhookHandler);

  /**
   * Serves {@code hooky} from a Jetty server as a user would build one (default settings, one
   * connector on 127.0.0.1), with the handler {@code mount} makes; starts Hooky, then the server.
   */
  static Mounted embeddedIn(HookyEmbedded hooky,
      java.util.function.Function<HookyEmbedded, Handler> mount) {
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    server.setHandler(mount.apply(hooky));
    hooky.start();
    try {
      server.start();
    } catch (Exception e) {
      hooky.close();
      throw new IllegalStateException("the test's Jetty server did not start", e);
    }
    int port = connector.getLocalPort();
    return new Mounted() {
      @Override
      public URI url() {
        return URI.create("http://127.0.0.1:" + port + hooky.path());
      }

      @Override
      public int port() {
        return port;
      }

      @Override
      public Inbox inbox() {
        return hooky.inbox();
      }

      @Override
      public Optional<URI> adminUrl() {
        return hooky.adminUrl();
      }

      @Override
      public void close() {
        try {
          server.stop();
        } catch (Exception e) {
          throw new IllegalStateException("the test's Jetty server did not stop", e);
        } finally {
          hooky.close();
        }
      }
    };
  }
}
