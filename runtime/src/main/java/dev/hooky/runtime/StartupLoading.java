package dev.hooky.runtime;

import dev.hooky.customerio.Channel;
import dev.hooky.customerio.CustomerIoEventType;
import dev.hooky.runtime.inbox.Inbox;
import dev.hooky.runtime.metrics.HookyMetrics;
import dev.hooky.runtime.parse.EventParser;
import dev.hooky.runtime.parse.MalformedEventException;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The part of start-up that is mostly class loading, on two threads of its own while the caller
 * builds Jetty's objects: the parser and then the inbox (Jackson, SQLite's native library), and the
 * metrics registry (Micrometer). Then, without anyone waiting for it, the first request's own
 * loading: an HMAC (the JCE provider) and one event of each channel parsed (the parse path and
 * every event class), so that the first request Customer.io sends does not pay for them. One per
 * channel, not per type: the types of a channel share their class, and on two cores the warm-up
 * competes with the start-up it is meant to shorten.
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
    Thread warming = new Thread(() -> {
      try {
        warmUp(parsing.join());
      } catch (RuntimeException parserFailed) {
        // finish() reports it.
      }
    }, "hooky-warm-up");
    warming.setDaemon(true);
    warming.setPriority(Thread.MIN_PRIORITY);
    warming.start();
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

  /** Loads what the first request would; results are dropped, failures ignored. */
  static void warmUp(EventParser parser) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(new byte[32], "HmacSHA256"));
      mac.doFinal(new byte[64]);
    } catch (GeneralSecurityException | RuntimeException ignored) {
      // Only a warm-up: the verifier reports a missing algorithm when it is used.
    }
    Set<Channel> loaded = EnumSet.noneOf(Channel.class);
    for (CustomerIoEventType type : CustomerIoEventType.values()) {
      if (!loaded.add(type.channel())) {
        continue;
      }
      try {
        parser.parse(sampleBody(type));
      } catch (MalformedEventException | RuntimeException ignored) {
        // Only a warm-up.
      }
    }
  }

  /** A small well-formed event of {@code type}, for the warm-up. */
  static byte[] sampleBody(CustomerIoEventType type) {
    return ("{\"event_id\":\"hooky-warm-up\",\"object_type\":\"" + type.objectType()
        + "\",\"metric\":\"" + type.metric() + "\",\"timestamp\":1700000000,\"data\":{"
        + "\"identifiers\":{\"id\":\"1\",\"email\":\"a@example.com\"},\"customer_id\":\"1\","
        + "\"delivery_id\":\"d\",\"recipient\":\"a@example.com\"}}")
        .getBytes(StandardCharsets.UTF_8);
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
