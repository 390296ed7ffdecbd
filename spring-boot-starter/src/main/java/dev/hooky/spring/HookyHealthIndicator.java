package dev.hooky.spring;

import dev.hooky.runtime.HookyEmbedded;
import dev.hooky.runtime.inbox.InboxHealth;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Hooky's part of {@code /actuator/health}: UP while the inbox can store events, DOWN (with the
 * problem, e.g. {@code disk full}) while requests are answered 503.
 */
public class HookyHealthIndicator implements HealthIndicator {
  private final HookyEmbedded hooky;

  public HookyHealthIndicator(HookyEmbedded hooky) {
    this.hooky = hooky;
  }

  @Override
  public Health health() {
    InboxHealth inbox = hooky.health();
    Health.Builder health = inbox.writable() ? Health.up() : Health.down()
        .withDetail("problem", inbox.problem());
    return health.withDetail("inbox", hooky.inbox().describe())
        .withDetail("since", inbox.since().toString())
        .withDetail("workers", hooky.isRunning() ? "running" : "stopped")
        .build();
  }
}
