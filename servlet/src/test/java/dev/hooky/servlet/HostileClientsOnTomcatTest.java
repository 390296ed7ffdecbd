package dev.hooky.servlet;

import dev.hooky.runtime.http.HostileClientsTest;
import dev.hooky.runtime.testing.Mount;

/** {@link HostileClientsTest} against {@link HookyServlet} on embedded Tomcat. */
class HostileClientsOnTomcatTest extends HostileClientsTest {
  @Override
  protected Mount mount() {
    return new TomcatMount();
  }
}
