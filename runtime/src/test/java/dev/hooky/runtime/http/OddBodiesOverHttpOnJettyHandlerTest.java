package dev.hooky.runtime.http;

import dev.hooky.runtime.testing.Mount;

/** {@link OddBodiesOverHttpTest} against Hooky's Jetty handler in a plain Jetty server of the user's. */
class OddBodiesOverHttpOnJettyHandlerTest extends OddBodiesOverHttpTest {
  @Override
  protected Mount mount() {
    return Mount.JETTY_HANDLER;
  }
}
