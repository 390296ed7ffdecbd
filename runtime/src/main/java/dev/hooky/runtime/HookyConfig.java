package dev.hooky.runtime;

import dev.hooky.runtime.dispatch.RouterRegistry;
import dev.hooky.runtime.http.BodyBudget;
import dev.hooky.runtime.http.WebhookLimits;
import dev.hooky.runtime.http.WebhookObserver;
import dev.hooky.runtime.inbox.RetryPolicy;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;

/**
 * What {@link HookyBuilder} gathered, checked and frozen: everything an {@link HookyAssembly} and
 * its mounts need. The standalone server, the Jetty handler and the Servlet are all built from one.
 *
 * @param handlerObjects how many handler objects the routers serve (for the start-up log)
 * @param adminPort the admin port: 0 for any free one, -1 for none
 * @param inboxDataSource the PostgreSQL data source, or null to open {@code inboxSpec}
 * @param adminToken the configured admin token, or null to generate one
 * @param meterRegistry the application's registry, or null for a Prometheus registry of Hooky's
 */
record HookyConfig(
    String host,
    int port,
    String path,
    List<String> signingKeys,
    Duration timestampTolerance,
    Clock clock,
    WebhookLimits limits,
    int maxConnections,
    Duration idleTimeout,
    BodyBudget bodyBudget,
    int workerThreads,
    DeliveryMode deliveryMode,
    RouterRegistry routers,
    int handlerObjects,
    String inboxSpec,
    DataSource inboxDataSource,
    int inboxCapacity,
    int inboxHistory,
    RetryPolicy retryPolicy,
    Duration retention,
    Duration lease,
    Duration handlerTimeout,
    Duration shutdownTimeout,
    WebhookObserver observer,
    int adminPort,
    String adminHost,
    String adminToken,
    boolean consoleRedaction,
    MeterRegistry meterRegistry) {

  HookyConfig {
    signingKeys = List.copyOf(signingKeys);
  }

  /** Whether an admin server (Live Logs, console API, {@code /metrics}) is wanted. */
  boolean admin() {
    return adminPort >= 0;
  }
}
