package dev.hooky.servlet;

import dev.hooky.runtime.testing.Mount;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;

/** The Servlet mounted in Servlet containers, for the runtime's HTTP conformance suites. */
final class ServletMounts {
  private ServletMounts() {}

  /**
   * {@link HookyServlet} on Jetty 12's EE10 Servlet container, async, mapped to {@code /*} so that
   * it also answers other paths (404) and {@code /healthz} as every mount does.
   */
  static final Mount JETTY_EE10 = builder -> Mount.embeddedIn(builder.embed(), hooky -> {
    ServletContextHandler context = new ServletContextHandler("/");
    ServletHolder holder = new ServletHolder("hooky", new HookyServlet(hooky));
    holder.setAsyncSupported(true);
    context.addServlet(holder, "/*");
    return context;
  });
}
