package dev.hooky.runtime.http;

import dev.hooky.runtime.testing.Mount;

/** {@link WebhookSecurityTest} against Hooky's Jetty handler in a plain Jetty server of the user's. */
class WebhookSecurityOnJettyHandlerTest extends WebhookSecurityTest {
  @Override
  protected Mount mount() {
    return Mount.JETTY_HANDLER;
  }
}
