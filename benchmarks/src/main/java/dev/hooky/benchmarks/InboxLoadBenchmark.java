package dev.hooky.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The inbox load benchmark: acknowledged events per second and acknowledgement latency (p50, p99)
 * of the memory, SQLite and PostgreSQL inboxes under the same closed-loop HTTP load, as ratios to
 * the memory inbox measured in the same run.
 *
 * <p>Each round runs every inbox once, in the same order (memory, SQLite, PostgreSQL, then again),
 * so that the machine's slow spells fall on all of them alike. Each run is an {@link InboxLoadRun}
 * in a fresh JVM with a fresh inbox (a new SQLite file, a new PostgreSQL schema). The results go to
 * a Markdown file; see {@code benchmarks/README.md}.
 */
public final class InboxLoadBenchmark {
  /** Beyond warm-up, measured period and drain: JVM start, server start and stop. */
  private static final long RUN_OVERHEAD_SECONDS = 120;

  private final BenchmarkOptions options;
  private final PostgresTarget postgres;
  private final String runTag;
  private final Path scratch;

  private InboxLoadBenchmark(BenchmarkOptions options, PostgresTarget postgres, Path scratch) {
    this.options = options;
    this.postgres = postgres;
    this.runTag = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(2);
    this.scratch = scratch;
  }

  public static void main(String[] args) throws Exception {
    BenchmarkOptions options = OptionValues.parseOrExit(args, BenchmarkOptions.USAGE, BenchmarkOptions::parse);
    if (options == null) {
      return;
    }
    ZonedDateTime started = ZonedDateTime.now();
    String revision = MachineInfo.sourceRevision();
    PostgresTarget postgres = options.inboxes().contains("postgres")
        ? PostgresTarget.open()
        : PostgresTarget.unavailable("not asked for (--inboxes)");
    Path scratch = Files.createTempDirectory("hooky-bench");
    List<InboxRun> runs;
    try {
      if (options.inboxes().contains("postgres") && !postgres.available()) {
        System.out.println("PostgreSQL not run: " + postgres.unavailableReason());
      }
      runs = new InboxLoadBenchmark(options, postgres, scratch).runAll();
    } finally {
      postgres.close();
      BenchmarkFiles.deleteRecursively(scratch);
    }
    InboxReport report = new InboxReport(options, started, revision, postgres, runs);
    Path output = options.output().toAbsolutePath();
    if (output.getParent() != null) {
      Files.createDirectories(output.getParent());
    }
    Files.writeString(output, report.markdown());
    System.out.println();
    System.out.println(report.summary());
    System.out.println("Results: " + options.output());
  }

  private List<InboxRun> runAll() throws IOException, InterruptedException, SQLException {
    List<String> inboxes = new ArrayList<>(options.inboxes());
    if (!postgres.available()) {
      inboxes.remove("postgres");
    }
    System.out.printf(Locale.ROOT, "%d round(s) of %s, each run in a fresh JVM: %d s warm-up +"
            + " %d s measured (+ start, drain of at most %d s), %d senders (%s)%n",
        options.rounds(), String.join(", ", inboxes), options.warmupSeconds(),
        options.durationSeconds(), options.drainTimeoutSeconds(), options.concurrency(),
        options.client().description());
    List<InboxRun> runs = new ArrayList<>();
    for (int round = 1; round <= options.rounds(); round++) {
      for (String inbox : inboxes) {
        InboxRun run = runInOwnJvm(inbox, round);
        runs.add(run);
        System.out.printf(Locale.ROOT, "round %d/%d %-8s %,9.0f acked/s  p50 %6.2f ms  p99 %7.2f"
                + " ms  errors %d  handled %,d/s; after the load %,d/%,d%s in %.1f s%s%n",
            round, options.rounds(), inbox, run.ackedPerSecond(), run.p50Millis(),
            run.p99Millis(), run.load().totalErrors(), Math.round(run.handledPerSecond()),
            run.handled(), run.load().acked(), run.drained() ? "" : " (NOT ALL HANDLED)",
            run.drainSeconds(),
            run.logProblems().isEmpty() ? "" : "\n    logged: " + run.logProblems());
      }
    }
    return runs;
  }

  private InboxRun runInOwnJvm(String inbox, int round)
      throws IOException, InterruptedException, SQLException {
    String name = inbox + "-r" + round;
    Path result = scratch.resolve(name + ".properties");
    Path log = scratch.resolve(name + ".log");
    Path sqliteFile = null;
    String schema = null;
    String setting;
    switch (inbox) {
      case "memory":
        setting = "memory";
        break;
      case "sqlite":
        Files.createDirectories(options.sqliteDirectory());
        sqliteFile = options.sqliteDirectory().toAbsolutePath()
            .resolve("hooky-bench-" + runTag + "-r" + round + ".db");
        setting = "sqlite:" + sqliteFile;
        break;
      case "postgres":
        schema = "hooky_bench_" + runTag + "_r" + round;
        setting = postgres.createSchema(schema);
        break;
      default:
        throw new IllegalArgumentException(inbox);
    }
    try {
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
      command.addAll(List.of("-cp", System.getProperty("java.class.path"),
          InboxLoadRun.class.getName(), inbox, Integer.toString(round), setting,
          result.toString()));
      command.addAll(options.runArguments());
      Process process = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(log.toFile()).start();
      // On Ctrl-C, the run's JVM goes too.
      Thread stopRun = new Thread(process::destroyForcibly, "bench-stop-run");
      Runtime.getRuntime().addShutdownHook(stopRun);
      long limit = options.warmupSeconds() + options.durationSeconds()
          + options.drainTimeoutSeconds() + RUN_OVERHEAD_SECONDS;
      try {
        if (!process.waitFor(limit, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor();
          throw new IllegalStateException("the " + name + " run took over " + limit + " s; its"
              + " log ends:\n" + BenchmarkFiles.tail(log));
        }
      } finally {
        try {
          Runtime.getRuntime().removeShutdownHook(stopRun);
        } catch (IllegalStateException alreadyShuttingDown) {
          // The hook is running or has run.
        }
      }
      if (process.exitValue() != 0 || !Files.exists(result)) {
        throw new IllegalStateException("the " + name + " run failed (exit "
            + process.exitValue() + "); its log ends:\n" + BenchmarkFiles.tail(log));
      }
      return InboxRun.load(result).withLogProblems(BenchmarkFiles.problems(log));
    } finally {
      if (schema != null) {
        postgres.dropSchema(schema);
      }
      if (sqliteFile != null) {
        BenchmarkFiles.deleteSqlite(sqliteFile);
      }
    }
  }
}
