package dev.hooky.benchmarks;

import dev.hooky.runtime.Hooky;
import dev.hooky.runtime.HookyBuilder;
import dev.hooky.runtime.HookyServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One inbox in one round, in a JVM of its own that {@link InboxLoadBenchmark} starts: Hooky
 * in-process on 127.0.0.1 with the given inbox and a {@link CountingHandler}, the closed-loop load,
 * then a bounded wait for the handler to see every acknowledged event. A fresh JVM per run keeps
 * the runs apart: no JIT profile, heap or leftover thread of one run weighs on the next.
 *
 * <p>Arguments: {@code INBOX ROUND SETTING RESULT-FILE [--key=value ...]}, where SETTING is the
 * {@code inbox(...)} value and the options are {@link BenchmarkOptions}'.
 */
public final class InboxLoadRun {
  private InboxLoadRun() {}

  public static void main(String[] args) throws Exception {
    if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    }
    if (args.length < 4) {
      System.err.println("Usage: InboxLoadRun INBOX ROUND SETTING RESULT-FILE [--key=value ...];"
          + " started by InboxLoadBenchmark");
      System.exit(2);
    }
    BenchmarkOptions options =
        BenchmarkOptions.parse(Arrays.copyOfRange(args, 4, args.length));
    InboxRun run = run(args[0], Integer.parseInt(args[1]), args[2], options);
    run.store(Path.of(args[3]));
    // Also ends Hooky's threads when the server was left running with a backlog (see run).
    System.exit(0);
  }

  static InboxRun run(String inbox, int round, String setting, BenchmarkOptions options)
      throws InterruptedException, SQLException {
    CountingHandler handler = new CountingHandler();
    HookyBuilder builder = Hooky.server()
        .host("127.0.0.1")
        .port(0)
        .signingKeys(SignedEvents.SIGNING_KEY)
        .handlers(handler)
        .inbox(setting)
        .shutdownTimeout(Duration.ofSeconds(10));
    if (options.workerThreads() > 0) {
      builder.workerThreads(options.workerThreads());
    }
    Connection postgres = setting.startsWith("postgres:")
        ? DriverManager.getConnection(setting.substring("postgres:".length())) : null;
    HookyServer server = builder.start();
    boolean drained = false;
    try (WebhookClient client = options.client().connect(server.url())) {
      AtomicLong sequence = new AtomicLong();
      // 9 characters and a dash, then 16 digits: as long as Customer.io's ULIDs.
      String idPrefix = String.format(Locale.ROOT, "%s%c%02d-",
          HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(2),
          inbox.charAt(0), round % 100);
      Window window = new Window(server, handler, postgres);
      ClosedLoopLoad.Result load = ClosedLoopLoad.run(client,
          () -> new SignedEvents(SignedEvents.SIGNING_KEY, idPrefix, sequence),
          options.concurrency(), Duration.ofSeconds(options.warmupSeconds()),
          Duration.ofSeconds(options.durationSeconds()), window);

      long stopped = System.nanoTime();
      long handledWhenStopped = handler.handled();
      long deadline = stopped + TimeUnit.SECONDS.toNanos(options.drainTimeoutSeconds());
      while (handler.handled() < load.acked() && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      double drainSeconds = (System.nanoTime() - stopped) / 1e9;
      long handled = handler.handled();
      drained = handled >= load.acked();
      long waitingAfter = drained ? 0 : server.pendingDeliveries();
      return new InboxRun(inbox, round, load, handledWhenStopped, handled, drained, drainSeconds,
          waitingAfter,          window.handledAtEnd - window.handledAtStart, window.waitingAtEnd,
          window.cpuAtStart.until(window.cpuAtEnd),
          window.transactionsAtStart < 0 || window.transactionsAtEnd < 0
              ? -1 : window.transactionsAtEnd - window.transactionsAtStart, "");
    } finally {
      if (drained) {
        server.close();
      }
      // Else leave it: close() would spend its shutdown timeout on the backlog, then interrupt
      // the workers; the JVM exits right after anyway.
      if (postgres != null) {
        postgres.close();
      }
    }
  }

  /** Readings at the measured window's edges. */
  private static final class Window implements ClosedLoopLoad.WindowObserver {
    private final HookyServer server;
    private final CountingHandler handler;
    private final Connection postgres;
    CpuSample cpuAtStart;
    CpuSample cpuAtEnd;
    long handledAtStart;
    long handledAtEnd;
    long waitingAtEnd;
    long transactionsAtStart = -1;
    long transactionsAtEnd = -1;

    Window(HookyServer server, CountingHandler handler, Connection postgres) {
      this.server = server;
      this.handler = handler;
      this.postgres = postgres;
    }

    @Override
    public void windowStarted() {
      handledAtStart = handler.handled();
      if (postgres != null) {
        transactionsAtStart = PostgresTarget.nextTransactionId(postgres);
      }
      cpuAtStart = CpuSample.now();
    }

    @Override
    public void windowEnded() {
      cpuAtEnd = CpuSample.now();
      handledAtEnd = handler.handled();
      if (postgres != null) {
        transactionsAtEnd = PostgresTarget.nextTransactionId(postgres);
      }
      waitingAtEnd = server.pendingDeliveries();
    }
  }
}
