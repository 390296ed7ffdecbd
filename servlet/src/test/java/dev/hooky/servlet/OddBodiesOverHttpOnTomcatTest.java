package dev.hooky.servlet;

import dev.hooky.runtime.http.OddBodiesOverHttpTest;
import dev.hooky.runtime.testing.Mount;

/** {@link OddBodiesOverHttpTest} against {@link HookyServlet} on embedded Tomcat. */
class OddBodiesOverHttpOnTomcatTest extends OddBodiesOverHttpTest {
  @Override
  protected Mount mount() {
    return new TomcatMount();
  }
}
