package dev.hooky.servlet;

import dev.hooky.runtime.http.OddBodiesOverHttpTest;
import dev.hooky.runtime.testing.Mount;

/** {@link OddBodiesOverHttpTest} against {@link HookyServlet} on Jetty EE10. */
class OddBodiesOverHttpOnServletTest extends OddBodiesOverHttpTest {
  @Override
  protected Mount mount() {
    return ServletMounts.JETTY_EE10;
  }
}
