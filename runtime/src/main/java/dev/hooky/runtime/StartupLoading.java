package dev.hooky.runtime;

import dev.hooky.runtime.inbox.Inbox;
import dev.hooky.runtime.metrics.HookyMetrics;
import dev.hooky.runtime.parse.EventParser;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The part of start-up that is mostly class loading, on two threads of its own while the caller
 * builds Jetty's objects: the parser and then the inbox (Jackson, SQLite's native library), and the
 * metrics registry (Micrometer).
 */
final class StartupLoading {
  /** What the loading made. {@code registry} is null without metrics. */
  record Loaded(EventParser parser, Inbox inbox, PrometheusMeterRegistry registry) {}

  private final ExecutorService threads = Executors.newFixedThreadPool(2, runnable -> {
    Thread thread = new Thread(runnable, "hooky-start");
    thread.setDaemon(true);
    return thread;
  });
  private final CompletableFuture<EventParser> parsing;
  private final CompletableFuture<Inbox> opening;
  private final CompletableFuture<PrometheusMeterRegistry> registering;

  private StartupLoading(Supplier<EventParser> newParser, Function<EventParser, Inbox> openInbox,
      boolean withMetrics) {
    parsing = CompletableFuture.supplyAsync(newParser, threads);
    opening = parsing.thenApplyAsync(openInbox, threads);
    registering = withMetrics
        ? CompletableFuture.supplyAsync(HookyMetrics::newRegistry, threads)
        : CompletableFuture.completedFuture(null);
  }

  /** Starts loading; {@code openInbox} runs once {@code newParser} made the parser. */
  static StartupLoading begin(Supplier<EventParser> newParser,
      Function<EventParser, Inbox> openInbox, boolean withMetrics) {
    return new StartupLoading(newParser, openInbox, withMetrics);
  }

  /**
   * Waits for everything.
   *
   * @throws RuntimeException what a step threw, as it threw it (a bad inbox setting, say)
   */
  Loaded finish() {
    try {
      return new Loaded(join(parsing), join(opening), join(registering));
    } finally {
      threads.shutdown();
    }
  }

  private static <T> T join(CompletableFuture<T> task) {
    try {
      return task.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException) {
        throw (RuntimeException) e.getCause();
      }
      if (e.getCause() instanceof Error) {
        throw (Error) e.getCause();
      }
      throw e;
    }
  }
}
