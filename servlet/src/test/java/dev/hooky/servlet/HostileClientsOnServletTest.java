package dev.hooky.servlet;

import dev.hooky.runtime.http.HostileClientsTest;
import dev.hooky.runtime.testing.Mount;

/** {@link HostileClientsTest} against {@link HookyServlet} on Jetty EE10. */
class HostileClientsOnServletTest extends HostileClientsTest {
  @Override
  protected Mount mount() {
    return ServletMounts.JETTY_EE10;
  }
}
