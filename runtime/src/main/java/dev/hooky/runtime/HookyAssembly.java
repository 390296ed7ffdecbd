package dev.hooky.runtime;

import dev.hooky.runtime.console.AdminGate;
import dev.hooky.runtime.console.AdminHandler;
import dev.hooky.runtime.console.AdminToken;
import dev.hooky.runtime.console.Console;
import dev.hooky.runtime.dispatch.Dispatcher;
import dev.hooky.runtime.dispatch.HandlerListener;
import dev.hooky.runtime.dispatch.HandlerRunner;
import dev.hooky.runtime.dispatch.InboxAcceptor;
import dev.hooky.runtime.dispatch.SynchronousAcceptor;
import dev.hooky.runtime.http.BodyBudget;
import dev.hooky.runtime.http.DeliveryAcceptor;
import dev.hooky.runtime.http.WebhookObserver;
import dev.hooky.runtime.http.WebhookPipeline;
import dev.hooky.runtime.inbox.Inbox;
import dev.hooky.runtime.metrics.HookyMetrics;
import dev.hooky.runtime.metrics.MetricsHandler;
import dev.hooky.runtime.parse.EventParser;
import dev.hooky.runtime.verify.SignatureVerifier;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.server.Handler;

/**
 * The receive pipeline assembled once from a {@link HookyConfig}, whatever mounts it: verifier,
 * parser, inbox, handler runner, dispatcher, console and metrics, joined in one {@link
 * WebhookPipeline}. A mount carries requests to {@link #pipeline()}, calls {@link #start()} to run
 * the workers, and {@link #close} once it no longer takes requests.
 */
final class HookyAssembly {
  private final HookyConfig config;
  private final Inbox inbox;
  private final HookyMetrics metrics;
  private final HandlerRunner runner;
  private final Console console;
  private final Dispatcher dispatcher;
  private final WebhookPipeline pipeline;
  private RetentionPurger purger;

  /** Starts loading what is slow to load (parser, inbox, registry) on threads of its own. */
  static StartupLoading load(HookyConfig config) {
    // The parser's longest string is the body limit: no string inside a body the limit lets
    // through can break a parsing limit.
    return StartupLoading.begin(() -> new EventParser(config.limits().maxBodyBytes()),
        parser -> InboxOpener.open(config, parser),
        config.admin() && config.meterRegistry() == null);
  }

  HookyAssembly(HookyConfig config, StartupLoading.Loaded loaded) {
    this.config = config;
    EventParser parser = loaded.parser();
    this.inbox = loaded.inbox();
    boolean inboxMode = config.deliveryMode() == DeliveryMode.INBOX;
    SignatureVerifier verifier = verifier(config, inbox);
    this.metrics = !config.admin() && config.meterRegistry() == null ? null : new HookyMetrics(
        config.meterRegistry() != null ? config.meterRegistry() : loaded.registry(),
        inboxMode ? inbox : null, config.retryPolicy(), config.clock());
    AtomicReference<Dispatcher> workers = new AtomicReference<>();
    this.console = !config.admin() ? null : new Console(inbox, config.adminToken() != null
        ? AdminToken.of(config.adminToken()) : AdminToken.generate(),
        () -> !inboxMode || (workers.get() != null && workers.get().isRunning()),
        config.consoleRedaction(), verifier);
    HandlerListener listener = metrics == null ? HandlerListener.NONE : metrics;
    if (console != null) {
      // Live Logs count forwarding attempts per destination.
      listener = HandlerListener.both(listener, console);
    }
    this.runner = new HandlerRunner(config.routers(), config.handlerTimeout(), listener);
    DeliveryAcceptor acceptor;
    if (inboxMode) {
      dispatcher = new Dispatcher(inbox, runner, config.workerThreads(),
          console == null ? (eventId, succeeded) -> { } : console::handled,
          metrics == null ? (claim, succeeded) -> { } : metrics);
      workers.set(dispatcher);
      acceptor = new InboxAcceptor(inbox);
    } else {
      dispatcher = null;
      acceptor = new SynchronousAcceptor(runner, inbox, HookyBuilder.DEDUP_WINDOW,
          HookyBuilder.DEDUP_MAX_ENTRIES, config.clock());
    }
    WebhookObserver observers = config.observer();
    if (console != null) {
      observers = WebhookObserver.both(observers, console);
    }
    if (metrics != null) {
      observers = WebhookObserver.both(observers, metrics.observer());
    }
    this.pipeline = new WebhookPipeline(config.path(), config.limits(), verifier, parser,
        acceptor, new InboxAcceptor(inbox), observers, config.clock(),
        config.bodyBudget() != null ? config.bodyBudget() : BodyBudget.fromMaxHeap());
  }

  /**
   * The verifier: a signed timestamp may be as old as the tolerance, but never older than the
   * retention (purged ids are forgotten) nor than the oldest id the inbox still remembers, so that
   * every replay it accepts is recognised as a duplicate.
   */
  private static SignatureVerifier verifier(HookyConfig config, Inbox inbox) {
    Duration tolerance = config.timestampTolerance();
    Duration past = tolerance.isZero() ? Duration.ZERO
        : Collections.min(List.of(tolerance, config.retention()));
    Duration future = tolerance.isZero() ? Duration.ZERO
        : Collections.min(List.of(tolerance, HookyBuilder.FUTURE_TOLERANCE));
    return new SignatureVerifier(config.signingKeys(), past, future, config.clock(),
        inbox::rememberedSince);
  }

  HookyConfig config() {
    return config;
  }

  WebhookPipeline pipeline() {
    return pipeline;
  }

  Inbox inbox() {
    return inbox;
  }

  /** The console, or null without an admin server. */
  Console console() {
    return console;
  }

  /**
   * The admin API, Live Logs and (with Hooky's own registry) {@code /metrics}, behind the token
   * and host checks; null without an admin server.
   */
  Handler adminHandler() {
    return console == null ? null : new AdminGate(config.adminHost(), console.token(),
        new MetricsHandler(new AdminHandler(console),
            config.meterRegistry() == null ? metrics : null, console.token()));
  }

  /** Starts the workers (in inbox mode) and the retention purge. */
  synchronized void start() {
    if (dispatcher != null) {
      dispatcher.start();
    }
    if (purger == null) {
      purger = new RetentionPurger(inbox, config.retention(), config.clock());
    }
  }

  /** Whether handlers run: the workers started, or in synchronous mode always. */
  boolean workersRunning() {
    return dispatcher == null || dispatcher.isRunning();
  }

  /** Ends Live Logs' streams, before the admin server stops. */
  void closeConsole() {
    if (console != null) {
      console.close();
    }
  }

  /**
   * Lets the workers run the handlers of every event already accepted within {@code left}, then
   * closes the inbox and removes Hooky's meters from the application's registry. The mount must
   * take no more requests.
   */
  synchronized void close(Duration left) {
    closeConsole();
    if (dispatcher != null) {
      dispatcher.close(left.isNegative() ? Duration.ZERO : left);
    }
    runner.close();
    if (purger != null) {
      purger.close();
    }
    inbox.close();
    if (config.meterRegistry() != null && metrics != null) {
      metrics.removeMeters();
    }
  }
}
