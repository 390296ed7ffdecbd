package dev.hooky.servlet;

import dev.hooky.runtime.HookyBuilder;
import dev.hooky.runtime.HookyEmbedded;
import dev.hooky.runtime.inbox.Inbox;
import dev.hooky.runtime.testing.Mount;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.Optional;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.Wrapper;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;

/**
 * {@link HookyServlet} on embedded Tomcat with Tomcat's defaults, async, mapped to {@code /*} so
 * that it also answers other paths (404) and {@code /healthz} as every mount does.
 */
final class TomcatMount implements Mount {
  @Override
  public Mounted start(HookyBuilder builder) {
    HookyEmbedded hooky = builder.embed();
    Tomcat tomcat = new Tomcat();
    try {
      tomcat.setBaseDir(Files.createTempDirectory("hooky-tomcat").toString());
    } catch (IOException e) {
      hooky.close();
      throw new UncheckedIOException(e);
    }
    Connector connector = new Connector();
    connector.setPort(0);
    connector.setProperty("address", "127.0.0.1");
    tomcat.getService().addConnector(connector);
    Context context = tomcat.addContext("", null);
    Wrapper servlet = Tomcat.addServlet(context, "hooky", new HookyServlet(hooky));
    servlet.setAsyncSupported(true);
    context.addServletMappingDecoded("/*", "hooky");
    hooky.start();
    try {
      tomcat.start();
    } catch (LifecycleException e) {
      hooky.close();
      throw new IllegalStateException("Tomcat did not start", e);
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
          tomcat.stop();
          tomcat.destroy();
        } catch (LifecycleException e) {
          throw new IllegalStateException("Tomcat did not stop", e);
        } finally {
          hooky.close();
        }
      }
    };
  }
}
