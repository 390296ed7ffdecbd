package dev.hooky.benchmarks.http;

import dev.hooky.benchmarks.MachineInfo;
import dev.hooky.benchmarks.OptionValues;
import dev.hooky.benchmarks.Statistics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * Start-up alone, over many rounds: each server's JVM started, timed to its first 2xx to a signed
 * event, and stopped, the servers in turn (a b c d a b c d …). The HTTP comparison measures
 * start-up once per round before its load phases; a figure of a few hundred milliseconds on a
 * shared machine needs more rounds than that to have a median worth quoting. Writes a Markdown
 * report with each server's median, range and median per-round ratio to plain Jetty (a).
 */
public final class StartupBenchmark {
  /** Issue 13's target: Hooky's start-up to the first 2xx at most this many times (a)'s. */
  static final double TARGET = 1.3;

  static final String USAGE = String.join("\n",
      "Usage: java -cp benchmarks/target/hooky-benchmarks.jar"
          + " dev.hooky.benchmarks.http.StartupBenchmark [--key=value ...]",
      "",
      "  --rounds=N             rounds; each starts every server once, in order (default 15)",
      "  --servers=LIST         comma-separated, as the HTTP comparison's; plain-jetty is always",
      "                         run, as the baseline (default plain-jetty,hand-written,memory,",
      "                         sqlite)",
      "  --server-jvm-options=\"...\"  options of every server's JVM (default none)",
      "  --sqlite-dir=PATH      where the SQLite inbox files go (default the temp directory)",
      "  --output=PATH          the Markdown results (default",
      "                         benchmarks/results/startup-<yyyy-mm-dd>.md)");
  private static final List<String> KEYS =
      List.of("rounds", "servers", "server-jvm-options", "sqlite-dir", "output");

  private StartupBenchmark() {}

  /** The options: what a trial needs, as the HTTP comparison's options carry it, and the output. */
  private record Options(HttpOptions trial, Path output) {
    static Options parse(String... args) {
      OptionValues values = OptionValues.parse(KEYS, args);
      String servers = values.string("servers", "plain-jetty,hand-written,memory,sqlite");
      // Its load options are not used here; --rate only spares it asking for one.
      HttpOptions trial = HttpOptions.parse("--rounds=" + values.positive("rounds", 15),
          "--servers=" + ServerKind.PLAIN_JETTY.option() + "," + servers, "--rate=1",
          "--server-jvm-options=" + values.string("server-jvm-options", ""),
          "--sqlite-dir=" + values.string("sqlite-dir", System.getProperty("java.io.tmpdir")));
      return new Options(trial, Path.of(values.string("output",
          "benchmarks/results/startup-" + LocalDate.now() + ".md")));
    }
  }

  public static void main(String[] args) throws IOException, InterruptedException {
    Options parsed = OptionValues.parseOrExit(args, USAGE, Options::parse);
    if (parsed == null) {
      return;
    }
    HttpOptions options = parsed.trial();
    int rounds = options.rounds();
    Path output = parsed.output();
    ZonedDateTime started = ZonedDateTime.now();
    String revision = MachineInfo.sourceRevision();
    ServerTrial trial = ServerTrial.open(options, "hooky-startup", () -> { });
    List<ServerKind> kinds = trial.servers();
    List<StartupRun> runs = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    try {
      for (int round = 1; round <= rounds; round++) {
        StringBuilder line = new StringBuilder("round " + round + ":");
        for (ServerKind server : kinds) {
          try {
            StartupRun run = trial.startup(server, round);
            runs.add(run);
            line.append(String.format(Locale.ROOT, " %s %.0f ms", server.option(),
                run.startupMillis()));
          } catch (IOException | SQLException | RuntimeException e) {
            failures.add("round " + round + " " + server.option() + ": " + e.getMessage());
            line.append(' ').append(server.option()).append(" FAILED");
          }
        }
        System.out.println(line);
      }
    } finally {
      trial.close();
    }
    String report = markdown(started, revision, options, kinds, runs, failures);
    if (output.toAbsolutePath().getParent() != null) {
      Files.createDirectories(output.toAbsolutePath().getParent());
    }
    Files.writeString(output, report);
    System.out.println("Results: " + output);
  }

  static String markdown(ZonedDateTime started, String revision, HttpOptions options,
      List<ServerKind> servers, List<StartupRun> runs, List<String> failures) {
    StringBuilder md = new StringBuilder();
    md.append("# Start-up benchmark, ").append(started.toLocalDate()).append("\n\n");
    md.append("From starting each server's JVM to the end of its first 2xx answer to a signed"
        + " event, the servers in turn, round after round. Written by"
        + " `dev.hooky.benchmarks.http.StartupBenchmark`.\n\n");
    md.append("- Date: ").append(started.format(DateTimeFormatter.ofPattern(
        "yyyy-MM-dd HH:mm:ss z", Locale.ROOT))).append('\n');
    md.append("- Machine: ").append(MachineInfo.hardware()).append("; ")
        .append(MachineInfo.operatingSystem()).append('\n');
    md.append("- JVM: ").append(MachineInfo.jvm()).append("; server options: `")
        .append(options.serverJvmOptions().isEmpty() ? "(none: the JVM's defaults)"
            : String.join(" ", options.serverJvmOptions())).append("`\n");
    if (revision != null) {
      md.append("- Hooky: repository at ").append(revision).append(" when the run started\n");
    }
    md.append("- Command: `").append(MachineInfo.command()).append("`\n");
    md.append("- Rounds: ").append(options.rounds()).append("; the first request is sent as soon"
        + " as the server prints its port, and again every millisecond until a 2xx\n\n");

    md.append("| server | start-up ms, median | min | max | × (a), median of rounds | RSS at"
        + " the first 2xx, MiB | target |\n|---|---:|---:|---:|---:|---:|---|\n");
    for (ServerKind server : servers) {
      List<Double> millis = values(runs, server, StartupRun::startupMillis);
      if (millis.isEmpty()) {
        md.append("| ").append(server.label()).append(" | no run | | | | | |\n");
        continue;
      }
      double ratio = Statistics.median(ratios(runs, server));
      boolean targeted = server == ServerKind.MEMORY || server == ServerKind.SQLITE;
      md.append("| ").append(server.label())
          .append(" | ").append(decimal(Statistics.median(millis), 0))
          .append(" | ").append(decimal(millis.stream().mapToDouble(x -> x).min().orElse(0), 0))
          .append(" | ").append(decimal(millis.stream().mapToDouble(x -> x).max().orElse(0), 0))
          .append(" | ").append(decimal(ratio, 2))
          .append(" | ").append(decimal(Statistics.median(
              values(runs, server, run -> run.rssReadyKb() / 1024.0)), 0))
          .append(" | ").append(!targeted ? ""
              : (ratio <= TARGET ? "met" : "missed") + " (≤ " + TARGET + "× (a))")
          .append(" |\n");
    }
    md.append("\n## Per round, ms\n\n| round |");
    servers.forEach(server -> md.append(' ').append(server.label()).append(" |"));
    md.append("\n|---:|");
    servers.forEach(server -> md.append("---:|"));
    md.append('\n');
    for (int round = 1; round <= options.rounds(); round++) {
      md.append("| ").append(round).append(" |");
      for (ServerKind server : servers) {
        int r = round;
        md.append(' ').append(runs.stream()
            .filter(run -> run.server() == server && run.round() == r)
            .findFirst().map(run -> decimal(run.startupMillis(), 0)).orElse("–")).append(" |");
      }
      md.append('\n');
    }
    List<String> problems = runs.stream().filter(run -> !run.problems().isEmpty())
        .map(run -> run.server().label() + " round " + run.round() + ": " + run.problems())
        .toList();
    if (!failures.isEmpty() || !problems.isEmpty()) {
      md.append("\n## Failures and warnings\n\n");
      failures.forEach(failure -> md.append("- FAILED ").append(failure).append('\n'));
      problems.forEach(problem -> md.append("- ").append(problem).append('\n'));
    }
    return md.toString();
  }

  /** {@code server}'s start-up over (a)'s, in each round where both ran. */
  private static List<Double> ratios(List<StartupRun> runs, ServerKind server) {
    List<Double> ratios = new ArrayList<>();
    for (StartupRun run : runs) {
      if (run.server() != server) {
        continue;
      }
      runs.stream()
          .filter(base -> base.server() == ServerKind.PLAIN_JETTY && base.round() == run.round())
          .findFirst()
          .ifPresent(base -> ratios.add(run.startupMillis() / base.startupMillis()));
    }
    return ratios;
  }

  private static List<Double> values(List<StartupRun> runs, ServerKind server,
      ToDoubleFunction<StartupRun> value) {
    return runs.stream().filter(run -> run.server() == server)
        .map(run -> value.applyAsDouble(run)).toList();
  }

  private static String decimal(double value, int decimals) {
    return Double.isNaN(value) ? "–"
        : String.format(Locale.ROOT, "%,." + decimals + "f", value);
  }
}
