package dev.hooky.servlet;

import dev.hooky.runtime.http.WebhookSecurityTest;
import dev.hooky.runtime.testing.Mount;

/** {@link WebhookSecurityTest} against {@link HookyServlet} on embedded Tomcat. */
class WebhookSecurityOnTomcatTest extends WebhookSecurityTest {
  @Override
  protected Mount mount() {
    return new TomcatMount();
  }
}
