package dev.hooky.benchmarks.http;

import dev.hooky.benchmarks.BenchmarkFiles;
import dev.hooky.benchmarks.ClosedLoopLoad;
import dev.hooky.benchmarks.CpuSample;
import dev.hooky.benchmarks.FixedRateLoad;
import dev.hooky.benchmarks.MachineInfo;
import dev.hooky.benchmarks.PostgresTarget;
import dev.hooky.benchmarks.SignedEvents;
import dev.hooky.benchmarks.SteadyWarmUp;
import dev.hooky.benchmarks.WebhookClient;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * One server in one round: starts its JVM, times the first 2xx, runs the closed-loop phase (warm-up
 * until steady, then the window) and the fixed-rate phase, waits for its handler to catch up, reads
 * its memory, and stops it. Every server gets the same load: a new signed event per request.
 */
final class ServerTrial implements AutoCloseable {
  /** The webhook path, Hooky's default; the hand-made servers answer on any path. */
  static final String PATH = "/webhooks/customerio";
  /** Unmeasured time at the fixed rate before its window: connections open, pacing settles. */
  static final Duration FIXED_RATE_LEAD_IN = Duration.ofSeconds(2);
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  private final HttpOptions options;
  private final Path scratch;
  private final Path sqliteDirectory;
  private final PostgresTarget postgres;
  private final String runTag;

  /**
   * @param scratch where the servers' logs go
   * @param sqliteDirectory where the SQLite inbox files go, one per round
   */
  private ServerTrial(HttpOptions options, Path scratch, Path sqliteDirectory,
      PostgresTarget postgres) {
    this.options = options;
    this.scratch = scratch;
    this.sqliteDirectory = sqliteDirectory;
    this.postgres = postgres;
    this.runTag = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(2);
  }

  /**
   * Trials for a benchmark run: scratch directories named after {@code name} (the servers' logs;
   * the SQLite files, in a directory of their own on the disk asked for) and PostgreSQL when
   * asked for. {@link #close} ends every server JVM still running and deletes the directories;
   * so does Ctrl-C, after {@code onInterrupt}.
   */
  static ServerTrial open(HttpOptions options, String name, Runnable onInterrupt)
      throws IOException {
    Path scratch = Files.createTempDirectory(name);
    Files.createDirectories(options.sqliteDirectory());
    Path sqliteScratch = Files.createTempDirectory(options.sqliteDirectory(), name + "-sqlite");
    List<Path> directories = List.of(scratch, sqliteScratch);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      onInterrupt.run();
      cleanUp(directories);
    }, "bench-clean-up"));
    PostgresTarget postgres = options.servers().contains(ServerKind.POSTGRES)
        ? PostgresTarget.open()
        : PostgresTarget.unavailable("not asked for (--servers)");
    return new ServerTrial(options, scratch, sqliteScratch, postgres);
  }

  PostgresTarget postgres() {
    return postgres;
  }

  /** The servers asked for, without PostgreSQL when none could be had. */
  List<ServerKind> servers() {
    List<ServerKind> servers = new ArrayList<>(options.servers());
    if (!postgres.available()) {
      servers.remove(ServerKind.POSTGRES);
    }
    return servers;
  }

  /** Ends every server JVM still running, then deletes the scratch directories. */
  @Override
  public void close() {
    postgres.close();
    cleanUp(List.of(scratch, sqliteDirectory));
  }

  /** Safe to repeat, and to run on Ctrl-C while a trial runs. */
  private static void cleanUp(List<Path> scratchDirectories) {
    ServerProcess.destroyAll();
    for (Path directory : scratchDirectories) {
      try {
        BenchmarkFiles.deleteRecursively(directory);
      } catch (IOException e) {
        System.err.println("Could not delete " + directory + ": " + e.getMessage());
      }
    }
  }

  /**
   * Runs {@code server} for round {@code round}.
   *
   * @param fixedRate the fixed-rate phase's rate; NaN for half of this server's own closed-loop
   *     rate (plain-jetty, which sets the round's rate); 0 to leave the phase out
   * @throws IOException when the server fails to start or to answer its control channel
   */
  ServerRun run(ServerKind server, int round, double fixedRate)
      throws IOException, InterruptedException, SQLException {
    return withServer(server, round,
        (command, log) -> measure(server, round, fixedRate, command, log));
  }

  /**
   * Starts {@code server} for round {@code round}, times its first 2xx and reads its memory then,
   * and stops it: no load.
   *
   * @throws IOException when the server fails to start or to acknowledge an event
   */
  StartupRun startup(ServerKind server, int round)
      throws IOException, InterruptedException, SQLException {
    return withServer(server, round, (command, log) -> {
      SignedEvents events = new SignedEvents(SignedEvents.SIGNING_KEY,
          runTag + "s" + round + "-", new AtomicLong());
      try (ServerProcess process = ServerProcess.start(command, log)) {
        URI url = URI.create("http://127.0.0.1:" + process.awaitPort(START_TIMEOUT) + PATH);
        try (WebhookClient client = WebhookClient.Kind.SOCKET.connect(url)) {
          double startupMillis = firstAcknowledgement(process, client, events);
          return new StartupRun(server, round, startupMillis, process.memoryKb("VmRSS"),
              BenchmarkFiles.problems(log));
        }
      }
    });
  }

  /** What a trial does with the server's command line and log file. */
  private interface Measurement<T> {
    T measure(List<String> command, Path log) throws IOException, InterruptedException;
  }

  /** Prepares {@code server}'s inbox (a new SQLite file, a new PostgreSQL schema), and drops it. */
  private <T> T withServer(ServerKind server, int round, Measurement<T> measurement)
      throws IOException, InterruptedException, SQLException {
    String name = server.option() + "-r" + round;
    Path sqliteFile = null;
    String schema = null;
    List<String> arguments = new ArrayList<>(List.of("0"));
    switch (server) {
      case MEMORY, SERVLET, SPRING_BOOT -> arguments.add("memory");
      case SQLITE -> {
        sqliteFile = sqliteDirectory.toAbsolutePath()
            .resolve("hooky-http-" + runTag + "-r" + round + ".db");
        arguments.add("sqlite:" + sqliteFile);
      }
      case POSTGRES -> {
        schema = "hooky_http_" + runTag + "_r" + round;
        arguments.add(postgres.createSchema(schema));
      }
      default -> {
        // The hand-made servers take the port only.
      }
    }
    Path log = scratch.resolve(name + ".log");
    try {
      return measurement.measure(command(server, arguments), log);
    } finally {
      if (schema != null) {
        postgres.dropSchema(schema);
      }
      if (sqliteFile != null) {
        BenchmarkFiles.deleteSqlite(sqliteFile);
      }
    }
  }

  private ServerRun measure(ServerKind server, int round, double fixedRate, List<String> command,
      Path log) throws IOException, InterruptedException {
    AtomicLong sequence = new AtomicLong();
    // 9 characters and a dash, then 16 digits: as long as Customer.io's ULIDs.
    String idPrefix = String.format(Locale.ROOT, "%s%c%02d-",
        HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(2),
        server.option().charAt(0), round % 100);
    Supplier<SignedEvents> events =
        () -> new SignedEvents(SignedEvents.SIGNING_KEY, idPrefix, sequence);
    try (ServerProcess process = ServerProcess.start(command, log)) {
      URI url = URI.create("http://127.0.0.1:" + process.awaitPort(START_TIMEOUT) + PATH);
      try (WebhookClient client = WebhookClient.Kind.SOCKET.connect(url)) {
        double startupMillis = firstAcknowledgement(process, client, events.get());
        long rssReady = process.memoryKb("VmRSS");

        SteadyWarmUp warmUp = new SteadyWarmUp(
            Duration.ofSeconds(options.minWarmupSeconds(server)),
            Duration.ofSeconds(options.maxWarmupSeconds(server)));
        Window window = new Window(process);
        ClosedLoopLoad.Result closed = ClosedLoopLoad.run(client, events, options.connections(),
            warmUp, Duration.ofSeconds(options.durationSeconds()), window);
        if (window.failure != null) {
          throw window.failure;
        }

        double rate = Double.isNaN(fixedRate) ? closed.ackedPerSecond() / 2 : fixedRate;
        FixedRateLoad.Result fixed = rate > 0
            ? FixedRateLoad.run(client, events, options.connections(), rate, FIXED_RATE_LEAD_IN,
                Duration.ofSeconds(options.fixedDurationSeconds()))
            : null;

        long acked = 1 + closed.acked() + (fixed == null ? 0 : fixed.acked());
        long stopped = System.nanoTime();
        long deadline = stopped + TimeUnit.SECONDS.toNanos(options.drainTimeoutSeconds());
        long handled = process.handled();
        while (handled < acked && System.nanoTime() < deadline) {
          Thread.sleep(20);
          handled = process.handled();
        }
        double drainSeconds = (System.nanoTime() - stopped) / 1e9;
        long waiting = process.waiting();
        long rssPeak = process.memoryKb("VmHWM");
        double windowSeconds = options.durationSeconds();
        return new ServerRun(server, round, startupMillis, rssReady, rssPeak, warmUp.seconds(),
            warmUp.steady(), LoadFigures.of(closed), fixed == null ? Double.NaN : rate,
            fixed == null ? LoadFigures.NONE : LoadFigures.of(fixed),
            fixed == null ? 0 : fixed.notSent(), acked, handled, waiting, drainSeconds,
            (window.handledAtEnd - window.handledAtStart) / windowSeconds, window.cpu(),
            BenchmarkFiles.problems(log));
      }
    }
  }

  /**
   * Posts signed events until the first is acknowledged, and returns the time from the JVM's start
   * to that answer. The server prints its port once it listens, so this is normally the first
   * request; a refused or failed one is retried after a millisecond.
   */
  private static double firstAcknowledgement(ServerProcess process, WebhookClient client,
      SignedEvents events) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    String last = "no answer";
    try (WebhookClient.Sender sender = client.open()) {
      while (System.nanoTime() < deadline) {
        try {
          WebhookClient.Reply reply = sender.post(events.next());
          if (reply.status() == 200 && reply.body().equals("ok")) {
            return (System.nanoTime() - process.startedNanos()) / 1e6;
          }
          last = "HTTP " + reply.status() + " " + reply.body();
        } catch (IOException e) {
          last = e.toString();
        }
        Thread.sleep(1);
      }
    }
    throw new IOException("the server did not acknowledge a signed event within "
        + START_TIMEOUT.toSeconds() + " s; the last answer: " + last);
  }

  private List<String> command(ServerKind server, List<String> arguments) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(options.serverJvmOptions());
    // The jar the driver runs from holds every server too.
    command.addAll(List.of("-cp", System.getProperty("java.class.path"),
        server.mainClass().getName()));
    command.addAll(arguments);
    return command;
  }

  /** Readings at the closed-loop window's edges: CPU of both JVMs, the handler's count. */
  private static final class Window implements ClosedLoopLoad.WindowObserver {
    private final ServerProcess process;
    private CpuSample driverAtStart;
    private ServerCpu serverAtStart;
    private CpuSample driverAtEnd;
    private ServerCpu serverAtEnd;
    long handledAtStart;
    long handledAtEnd;
    /** The control channel failed during the window; thrown once the load has stopped. */
    IOException failure;

    Window(ServerProcess process) {
      this.process = process;
    }

    @Override
    public void windowStarted() {
      handledAtStart = handled();
      driverAtStart = CpuSample.now();
      serverAtStart = ServerCpu.now(process.pid());
    }

    @Override
    public void windowEnded() {
      driverAtEnd = CpuSample.now();
      serverAtEnd = ServerCpu.now(process.pid());
      handledAtEnd = handled();
    }

    ServerRun.Cpu cpu() {
      CpuSample.Usage driver = driverAtStart.until(driverAtEnd);
      ServerCpu.Usage server = serverAtStart.until(serverAtEnd, MachineInfo.cores());
      return new ServerRun.Cpu(driver.machineBusy(), driver.process(), server.process(),
          server.groups());
    }

    private long handled() {
      try {
        return process.handled();
      } catch (IOException e) {
        failure = e;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return 0;
    }
  }
}
