package dev.hooky.runtime.http;

import dev.hooky.runtime.testing.Mount;

/** {@link HostileClientsTest} against Hooky's Jetty handler in a plain Jetty server of the user's. */
class HostileClientsOnJettyHandlerTest extends HostileClientsTest {
  @Override
  protected Mount mount() {
    return Mount.JETTY_HANDLER;
  }
}
