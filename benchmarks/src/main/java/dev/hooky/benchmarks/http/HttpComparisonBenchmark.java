package dev.hooky.benchmarks.http;

import dev.hooky.benchmarks.MachineInfo;
import dev.hooky.benchmarks.OptionValues;
import dev.hooky.benchmarks.PostgresTarget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The HTTP comparison of issues 7 and 13: Hooky (memory, SQLite and PostgreSQL inboxes) against a
 * minimal Jetty handler (a) and a hand-written verify + parse + switch handler (b), and on demand
 * against Hooky's other mounts and a plain Spring Boot application doing (b)'s work (h). Each
 * server runs in a JVM of its own ({@link ServerTrial}), one at a time, under the same load from
 * this JVM: a closed-loop phase for the maximum rate, then a fixed-rate phase at half of (a)'s
 * rate for latency. Rounds alternate the servers (a b c d e a b c d e …); the report ({@link
 * HttpReport}) gives each round's ratios to (a) and (b) and their medians, and a verdict on each
 * target of issue 13. See {@code benchmarks/README.md}.
 */
public final class HttpComparisonBenchmark {
  /** Set when the JVM begins to shut down (Ctrl-C): stop, and write no partial results. */
  private static volatile boolean stopping;

  private final HttpOptions options;
  private final ServerTrial trial;
  private final List<String> failures = new ArrayList<>();

  private HttpComparisonBenchmark(HttpOptions options, ServerTrial trial) {
    this.options = options;
    this.trial = trial;
  }

  public static void main(String[] args) throws IOException {
    HttpOptions options = OptionValues.parseOrExit(args, HttpOptions.USAGE, HttpOptions::parse);
    if (options == null) {
      return;
    }
    ZonedDateTime started = ZonedDateTime.now();
    String revision = MachineInfo.sourceRevision();
    // On Ctrl-C too: no server JVM outlives the benchmark, and its scratch files go with it.
    ServerTrial trial = ServerTrial.open(options, "hooky-http", () -> stopping = true);
    PostgresTarget postgres = trial.postgres();
    HttpComparisonBenchmark benchmark = new HttpComparisonBenchmark(options, trial);
    List<ServerRun> runs;
    try {
      if (options.servers().contains(ServerKind.POSTGRES) && !postgres.available()) {
        System.out.println("PostgreSQL not run: " + postgres.unavailableReason());
      }
      runs = benchmark.runAll();
    } catch (InterruptedException e) {
      System.err.println("Interrupted; no results written");
      System.exit(1);
      return;
    } finally {
      trial.close();
    }
    if (stopping) {
      System.out.println("Stopped; no results written");
      return;
    }
    HttpReport report = new HttpReport(options, started, revision, postgres, runs,
        benchmark.failures);
    Path output = options.output().toAbsolutePath();
    if (output.getParent() != null) {
      Files.createDirectories(output.getParent());
    }
    Files.writeString(output, report.markdown());
    System.out.println();
    System.out.println(report.summary());
    System.out.println("Results: " + options.output());
    if (runs.isEmpty()) {
      System.exit(1);
    }
  }

  private List<ServerRun> runAll() throws InterruptedException {
    List<ServerKind> servers = trial.servers();
    System.out.printf(Locale.ROOT, "%d round(s) of %s, each server in a JVM of its own: warm-up"
            + " until steady (at most %d s%s), %d s closed loop, %d s at a fixed rate, %d"
            + " connections%n", options.rounds(),
        String.join(", ", servers.stream().map(ServerKind::option).toList()),
        options.maxWarmupSeconds(), servers.stream().anyMatch(ServerKind::spring)
            ? String.format(Locale.ROOT, "; Spring Boot: at least %d s, at most %d s",
                options.springMinWarmupSeconds(), options.springMaxWarmupSeconds())
            : "", options.durationSeconds(), options.fixedDurationSeconds(),
        options.connections());
    List<ServerRun> runs = new ArrayList<>();
    // The round's fixed rate, set by plain-jetty; a round whose plain-jetty failed keeps the last.
    double rate = options.rate() > 0 ? options.rate() : 0;
    for (int round = 1; round <= options.rounds() && !stopping; round++) {
      for (ServerKind server : servers) {
        if (stopping) {
          break;
        }
        boolean setsRate = server == ServerKind.PLAIN_JETTY && options.rate() == 0;
        ServerRun run;
        try {
          run = trial.run(server, round, setsRate ? Double.NaN : rate);
        } catch (IOException | SQLException | RuntimeException e) {
          if (stopping) {
            break;
          }
          // The whole message (often the server's log tail) goes to the results.
          String failure = "round " + round + " " + server.option() + ": " + e.getMessage();
          failures.add(failure);
          System.out.println("FAILED " + failure.lines().findFirst().orElse(failure)
              + " (more in the results)");
          continue;
        }
        if (setsRate && !Double.isNaN(run.fixedRate())) {
          rate = run.fixedRate();
        }
        runs.add(run);
        System.out.println(progress(run));
      }
    }
    return runs;
  }

  private String progress(ServerRun run) {
    return String.format(Locale.ROOT, "round %d/%d %-17s %,9.0f req/s  p99 %6.2f ms  (warm-up"
            + " %.0f s%s) | fixed %,7.0f/s  p50 %5.2f  p99 %7.2f ms%s | start-up %.2f s  RSS"
            + " ready %.0f, peak %.0f MiB | handled %,d/%,d%s%s", run.round(), options.rounds(),
        run.server().label(), run.requestsPerSecond(), run.closedLoop().p99Millis(),
        run.warmupSeconds(), run.warmupSteady() ? "" : ", capped", run.fixedRateLoad().perSecond(),
        run.fixedRateLoad().p50Millis(), run.fixedRateP99Millis(),
        Double.isNaN(run.fixedRate()) || run.keptRate() ? "" : " (behind)",
        run.startupSeconds(), run.rssReadyMb(), run.rssPeakMb(), run.handled(), run.acked(),
        run.allHandled() ? "" : String.format(Locale.ROOT, " (NOT ALL HANDLED, %,d waiting)",
            run.waiting()),
        run.logProblems().isEmpty() ? "" : "\n    logged: " + run.logProblems());
  }


}
