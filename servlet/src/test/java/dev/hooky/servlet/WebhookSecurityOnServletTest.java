package dev.hooky.servlet;

import dev.hooky.runtime.http.WebhookSecurityTest;
import dev.hooky.runtime.testing.Mount;

/** {@link WebhookSecurityTest} against {@link HookyServlet} on Jetty EE10. */
class WebhookSecurityOnServletTest extends WebhookSecurityTest {
  @Override
  protected Mount mount() {
    return ServletMounts.JETTY_EE10;
  }
}
