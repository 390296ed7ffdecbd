package dev.hooky.cli;

import dev.hooky.runtime.Hooky;
import dev.hooky.runtime.HookyBuilder;
import dev.hooky.runtime.HookyServer;
import dev.hooky.runtime.forward.ForwardSpec;
import dev.hooky.runtime.forward.HttpDestination;
import dev.hooky.runtime.inbox.RetryPolicy;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code hooky serve}: the receiver as a standalone gateway. It verifies and stores Customer.io's
 * webhooks like any Hooky server, and its only handlers are forwarding destinations: each one gets
 * the original body, signed per Standard Webhooks, with the inbox's retries, dead letters, replay
 * and Live Logs.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = {"Receive Customer.io webhooks and forward each event, signed per Standard"
        + " Webhooks, to apps in any language.",
        "Configured like the server, by environment (CUSTOMERIO_WEBHOOK_SIGNING_KEYS, HOOKY_PORT,"
            + " HOOKY_INBOX, HOOKY_ADMIN_PORT, HOOKY_ADMIN_TOKEN, ...); flags override it.",
        "Example: hooky serve --forward 'https://app.internal/hooks/cio;events=email_*,"
            + "sms_delivered'"},
    footer = {"", "DESTINATION: URL[;events=PATTERN,...][;secret=env:NAME|file:PATH]"
        + "[;timeout=5s][;name=NAME]",
        "  events: sms_delivered, email_* or * (default *), as in @OnCustomerIoEvent;",
        "  secret: where the whsec_ secret is (default env:HOOKY_FORWARD_SECRET), never the secret"
            + " itself.",
        "Without --forward, HOOKY_FORWARD holds the destinations, separated by whitespace."})
final class ServeCommand implements Callable<Integer> {
  static final String FORWARD_VARIABLE = "HOOKY_FORWARD";
  static final String FORWARD_TIMEOUT_VARIABLE = "HOOKY_FORWARD_TIMEOUT";
  /** Forwarding waits on the network: more workers than cores, unless configured. */
  static final int DEFAULT_WORKERS = 8;

  @ParentCommand
  HookyCommand hooky;

  @Spec
  CommandSpec spec;

  @Option(names = "--forward", paramLabel = "DESTINATION",
      description = "Forward to this destination (repeatable): URL with optional ;events=...,"
          + " ;secret=env:NAME, ;timeout=..., ;name=...")
  List<String> forwards = new ArrayList<>();

  @Option(names = "--forward-timeout", paramLabel = "DURATION",
      description = "Time-out of one forwarding attempt where a destination sets none, e.g. 800ms,"
          + " 10s. Default: $HOOKY_FORWARD_TIMEOUT or 5s.")
  String forwardTimeout;

  @Option(names = "--port", description = "Webhook port. Default: $HOOKY_PORT or 8080.")
  Integer port;

  @Option(names = "--host", description = "Address to bind. Default: $HOOKY_HOST or 0.0.0.0.")
  String host;

  @Option(names = "--path",
      description = "Webhook path. Default: $HOOKY_PATH or /webhooks/customerio.")
  String path;

  @Option(names = "--inbox", description = "sqlite:PATH, postgres:JDBC-URL or memory. Default:"
      + " $HOOKY_INBOX or sqlite:hooky.db.")
  String inbox;

  @Option(names = "--admin-port",
      description = "Live Logs and admin API port; -1 turns it off. Default: $HOOKY_ADMIN_PORT or"
          + " 8081.")
  Integer adminPort;

  @Option(names = "--admin-host",
      description = "Address of the admin port. Default: $HOOKY_ADMIN_HOST or 127.0.0.1.")
  String adminHost;

  @Option(names = "--workers", description = "Threads that forward. Default:"
      + " $HOOKY_WORKER_THREADS or " + DEFAULT_WORKERS + ".")
  Integer workers;

  @Option(names = "--max-attempts", description = "Attempts per event and destination before it"
      + " is dead-lettered. Default: 12.")
  Integer maxAttempts;

  @Option(names = "--retry-delay", paramLabel = "DURATION", description = "Wait after a first"
      + " failed attempt, doubling each time up to 6 h. Default: 30s.")
  String retryDelay;

  @Override
  public Integer call() throws InterruptedException {
    HookyServer server = start();
    CountDownLatch stopped = new CountDownLatch(1);
    // SIGTERM (docker stop) and Ctrl-C: finish what is in flight, then exit.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      stopped.countDown();
    }, "hooky-serve-shutdown"));
    stopped.await();
    return 0;
  }

  /**
   * Configures and starts the gateway; for {@link #call} and for tests.
   *
   * @throws ParameterException for configuration that cannot work, saying what to change
   */
  HookyServer start() {
    HookyBuilder builder;
    try {
      builder = Hooky.fromEnvironment(hooky.environment);
      if (!hooky.environment.containsKey(Hooky.WORKERS_VARIABLE)) {
        builder.workerThreads(DEFAULT_WORKERS);
      }
      if (port != null) {
        builder.port(port);
      }
      if (host != null) {
        builder.host(host);
      }
      if (path != null) {
        builder.path(path);
      }
      if (inbox != null) {
        builder.inbox(inbox);
      }
      if (adminPort != null) {
        builder.adminPort(adminPort);
      }
      if (adminHost != null) {
        builder.adminHost(adminHost);
      }
      if (workers != null) {
        builder.workerThreads(workers);
      }
      if (maxAttempts != null || retryDelay != null) {
        RetryPolicy defaults = RetryPolicy.DEFAULT;
        Duration first = retryDelay == null ? defaults.initialDelay()
            : duration(retryDelay, "--retry-delay");
        builder.retryPolicy(new RetryPolicy(
            maxAttempts == null ? defaults.maxAttempts() : maxAttempts, first,
            defaults.multiplier(), Collections.max(List.of(first, defaults.maxDelay())),
            defaults.jitter()));
      }
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    Duration timeout = timeout();
    List<ForwardSpec> destinations = destinations();
    PrintWriter out = spec.commandLine().getOut();
    for (int i = 0; i < destinations.size(); i++) {
      ForwardSpec destination = destinations.get(i);
      HttpDestination http;
      try {
        http = destination.destination(hooky.environment, timeout, Clock.systemUTC());
        builder.forward(http, destination.events());
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), "destination " + (i + 1) + ": "
            + e.getMessage());
      }
    }
    HookyServer server;
    try {
      server = builder.start();
    } catch (IllegalStateException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    out.println("hooky serve: receiving on " + server.url());
    for (ForwardSpec destination : destinations) {
      out.println("  " + destination.describe());
    }
    server.adminUrl().ifPresent(admin -> out.println("  Live Logs: " + admin.resolve("/")
        + (hooky.environment.containsKey(Hooky.ADMIN_TOKEN_VARIABLE)
            ? " (token from " + Hooky.ADMIN_TOKEN_VARIABLE + ")"
            : " (token generated and shown once in the log)")));
    out.flush();
    return server;
  }

  private List<ForwardSpec> destinations() {
    List<ForwardSpec> specs = new ArrayList<>();
    for (int i = 0; i < forwards.size(); i++) {
      try {
        specs.add(ForwardSpec.parse(forwards.get(i)));
      } catch (IllegalArgumentException e) {
        // Numbered, not quoted: a mistyped flag may hold a pasted secret.
        throw new ParameterException(spec.commandLine(), "--forward " + (i + 1) + ": "
            + e.getMessage());
      }
    }
    if (forwards.isEmpty()) {
      try {
        specs.addAll(ForwardSpec.parseAll(hooky.env(FORWARD_VARIABLE, "")));
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), FORWARD_VARIABLE + ": " + e.getMessage());
      }
    }
    if (specs.isEmpty()) {
      throw new ParameterException(spec.commandLine(), "nothing to forward to: give --forward"
          + " URL (repeatable) or set " + FORWARD_VARIABLE);
    }
    return specs;
  }

  private Duration timeout() {
    String text = forwardTimeout != null ? forwardTimeout
        : hooky.env(FORWARD_TIMEOUT_VARIABLE, null);
    if (text == null) {
      return HttpDestination.DEFAULT_TIMEOUT;
    }
    return duration(text, forwardTimeout != null ? "--forward-timeout"
        : FORWARD_TIMEOUT_VARIABLE);
  }

  private Duration duration(String text, String what) {
    try {
      return ForwardSpec.duration(what, text);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage() + ", was " + text);
    }
  }
}
