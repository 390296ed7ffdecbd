package dev.hooky.benchmarks.http;

import dev.hooky.benchmarks.Statistics;
import static dev.hooky.benchmarks.http.ServerKind.HAND_WRITTEN;
import static dev.hooky.benchmarks.http.ServerKind.MEMORY;
import static dev.hooky.benchmarks.http.ServerKind.PLAIN_JETTY;
import static dev.hooky.benchmarks.http.ServerKind.SPRING_PLAIN;

import dev.hooky.benchmarks.MachineInfo;
import dev.hooky.benchmarks.PostgresTarget;
import dev.hooky.benchmarks.SteadyWarmUp;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;

/** The results of an {@link HttpComparisonBenchmark} run, as Markdown and as a console summary. */
final class HttpReport {
  private final HttpOptions options;
  private final ZonedDateTime started;
  private final String revision;
  private final PostgresTarget postgres;
  private final RoundResults results;
  private final List<String> failures;
  private final List<ServerKind> servers;

  /**
   * @param revision the repository's commit when the run started ({@link
   *     MachineInfo#sourceRevision}), or null
   * @param failures server runs that failed, one line each
   */
  HttpReport(HttpOptions options, ZonedDateTime started, String revision,
      PostgresTarget postgres, List<ServerRun> runs, List<String> failures) {
    this.options = options;
    this.started = started;
    this.revision = revision;
    this.postgres = postgres;
    this.results = new RoundResults(runs, options.rounds());
    this.failures = failures;
    this.servers = results.servers();
  }

  /** One line per target of issue 13: met or missed, with the median and the rounds' figures. */
  List<String> verdict() {
    return Verdict.lines(results, options.servers(), options.drainTimeoutSeconds());
  }

  /** A few lines for the console. */
  String summary() {
    StringBuilder text = new StringBuilder();
    for (ServerKind server : servers) {
      text.append(String.format(Locale.ROOT, "%-16s median %,9.0f req/s %s  closed-loop p99 %s"
              + " ms  fixed-rate p99 %s ms  start-up %s s  RSS ready %s MiB%n", server.label(),
          Statistics.median(results.values(server, ServerRun::requestsPerSecond)),
          server == PLAIN_JETTY ? "" : "(" + ratioText(server, ServerRun::requestsPerSecond,
              PLAIN_JETTY) + "× (a))",
          decimal(Statistics.median(results.values(server, ServerRun::closedLoopP99Millis)), 2),
          decimal(Statistics.median(results.values(server, ServerRun::fixedRateP99Millis)), 2),
          decimal(Statistics.median(results.values(server, ServerRun::startupSeconds)), 2),
          decimal(Statistics.median(results.values(server, ServerRun::rssReadyMb)), 0)));
    }
    failures.forEach(failure -> text.append("FAILED ").append(failure.lines().findFirst()
        .orElse("")).append('\n'));
    verdict().forEach(line -> text.append(capitalized(line)).append('\n'));
    return text.toString().stripTrailing();
  }

  String markdown() {
    StringBuilder md = new StringBuilder();
    md.append("# HTTP comparison benchmark, ").append(started.toLocalDate()).append("\n\n");
    md.append("Hooky against a minimal Jetty handler (a) and a hand-written verify + parse +"
        + " switch handler (b), each server in a JVM of its own under the same load, as ratios"
        + " measured round by round. Written by"
        + " `dev.hooky.benchmarks.http.HttpComparisonBenchmark`; see [the benchmarks'"
        + " README](../README.md) for how to run and read it.\n\n");
    md.append("## Verdict\n\n");
    for (String line : verdict()) {
      int colon = line.indexOf(':');
      md.append("- **").append(line, 0, colon).append("**").append(line.substring(colon))
          .append('\n');
    }
    if (!failures.isEmpty()) {
      md.append("\n**").append(failures.size()).append(" server run(s) failed**; see"
          + " [Failures](#failures).\n");
    }
    setUp(md);
    headline(md);
    ratioTable(md);
    perRound(md);
    cpu(md);
    problems(md);
    howToRead(md);
    return md.toString();
  }

  private void setUp(StringBuilder md) {
    md.append("\n## Set-up\n\n");
    md.append("- Date: ").append(started.format(DateTimeFormatter.ofPattern(
        "yyyy-MM-dd HH:mm:ss z", Locale.ROOT))).append('\n');
    md.append("- Machine: ").append(MachineInfo.hardware()).append("; ")
        .append(MachineInfo.operatingSystem()).append('\n');
    md.append("- JVM: ").append(MachineInfo.jvm()).append(" (the driver's; every server runs on"
        + " the same java)\n");
    if (revision != null) {
      md.append("- Hooky: repository at ").append(revision).append(" when the run started\n");
    }
    md.append("- Command: `").append(MachineInfo.command()).append("`\n");
    md.append("- Options: rounds ").append(options.rounds()).append("; ")
        .append(options.durationSeconds()).append(" s closed-loop window after a warm-up until"
            + " the rate stops rising (1 s slices; the best of the last ")
        .append(SteadyWarmUp.STEADY_SLICES).append(" no more than ")
        .append(SteadyWarmUp.RISE_PERCENT).append("% above the best before; each server's"
            + " bounds below); ")
        .append(options.fixedDurationSeconds()).append(" s fixed-rate window after ")
        .append(ServerTrial.FIXED_RATE_LEAD_IN.toSeconds()).append(" s at the rate; ")
        .append(options.connections()).append(" connections; drain timeout ")
        .append(options.drainTimeoutSeconds()).append(" s\n");
    md.append("- Fixed rate: ").append(options.rate() > 0
        ? String.format(Locale.ROOT, "%,.0f requests/s (--rate)", options.rate())
        : "half of (a)'s closed-loop rate in the same round, the same for every server of the"
            + " round").append('\n');
    md.append("- Servers: each in a JVM of its own, started by the driver with the same options: `")
        .append(options.serverJvmOptions().isEmpty() ? "(none: the JVM's defaults)"
            : String.join(" ", options.serverJvmOptions()))
        .append("`; 127.0.0.1, a free port; logging: SLF4J simple at its default level (info)"
            + " to a file\n");
    for (ServerKind server : ServerKind.values()) {
      if (!options.servers().contains(server)) {
        continue;
      }
      md.append("  - ").append(server.label()).append(": ").append(server.description());
      switch (server) {
        case SQLITE -> md.append(", in ").append(options.sqliteDirectory()).append(" on ")
            .append(MachineInfo.fileSystem(options.sqliteDirectory()))
            .append("; WAL, synchronous=FULL, group commit");
        case POSTGRES -> md.append(": ").append(postgres.available() ? postgres.description()
            : "**not run** (" + postgres.unavailableReason() + ")");
        default -> { }
      }
      if (server.hooky()) {
        md.append("; Hooky's defaults, a handler that counts events (router generated at"
            + " compile time)");
      }
      md.append("; warm-up ").append(warmUp(server)).append('\n');
    }
    md.append("- Load: from the driver's JVM, on the same cores as the servers; every request a"
        + " new Customer.io event (own `event_id`, `X-CIO-Timestamp` now, HMAC-SHA256 signed,"
        + " 350 to 420 bytes; email_delivered, email_opened, sms_delivered, push_delivered in"
        + " turn) over raw HTTP/1.1 keep-alive sockets, one per connection. Closed loop: each"
        + " connection sends its next request when the last is answered. Fixed rate: requests"
        + " due at even intervals, latency from the time each was due (no coordinated"
        + " omission)\n");
  }

  private void headline(StringBuilder md) {
    md.append("\n## Headline\n\n");
    md.append("Medians over the rounds; the ratios are medians of the per-round ratios (each"
        + " round's figure divided by the same round's (a) or (b)).\n\n");
    md.append("| server | requests/s | × (a) | × (b) | closed-loop p99 ms | p99 × (b)"
        + " | fixed-rate p50 ms | fixed-rate p99 ms | p99 × (b) | start-up s | × (a)"
        + " | RSS ready MiB | × (a) | RSS peak MiB | × (b) | handled/acked |\n");
    md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (ServerKind server : servers) {
      long handled = results.runsOf(server).stream().mapToLong(ServerRun::handled).sum();
      long acked = results.runsOf(server).stream().mapToLong(ServerRun::acked).sum();
      md.append("| ").append(server.label())
          .append(" | ").append(decimal(Statistics.median(results.values(server, ServerRun::requestsPerSecond)), 0))
          .append(" | ").append(ratioText(server, ServerRun::requestsPerSecond, PLAIN_JETTY))
          .append(" | ").append(ratioText(server, ServerRun::requestsPerSecond, HAND_WRITTEN))
          .append(" | ").append(decimal(Statistics.median(results.values(server, ServerRun::closedLoopP99Millis)), 2))
          .append(" | ").append(ratioText(server, ServerRun::closedLoopP99Millis, HAND_WRITTEN))
          .append(" | ").append(decimal(Statistics.median(results.values(server, r -> r.fixedRateLoad()
              .p50Millis())), 2))
          .append(" | ").append(decimal(Statistics.median(results.values(server, ServerRun::fixedRateP99Millis)), 2))
          .append(" | ").append(ratioText(server, ServerRun::fixedRateP99Millis, HAND_WRITTEN))
          .append(" | ").append(decimal(Statistics.median(results.values(server, ServerRun::startupSeconds)), 2))
          .append(" | ").append(ratioText(server, ServerRun::startupMillis, PLAIN_JETTY))
          .append(" | ").append(decimal(Statistics.median(results.values(server, ServerRun::rssReadyMb)), 0))
          .append(" | ").append(ratioText(server, ServerRun::rssReadyMb, PLAIN_JETTY))
          .append(" | ").append(decimal(Statistics.median(results.values(server, ServerRun::rssPeakMb)), 0))
          .append(" | ").append(ratioText(server, ServerRun::rssPeakMb, HAND_WRITTEN))
          .append(" | ").append(String.format(Locale.ROOT, "%,d/%,d", handled, acked))
          .append(" |\n");
    }
  }

  private void ratioTable(StringBuilder md) {
    md.append("\n## Ratios per round\n\n");
    md.append("| server | measure |");
    for (int round = 1; round <= options.rounds(); round++) {
      md.append(" round ").append(round).append(" |");
    }
    md.append(" median |\n|---|---|").append("---:|".repeat(options.rounds() + 1)).append('\n');
    for (ServerKind server : servers) {
      if (server != PLAIN_JETTY) {
        ratioRow(md, server, "requests/s × (a)", ServerRun::requestsPerSecond, PLAIN_JETTY);
      }
      if (server != HAND_WRITTEN && server != PLAIN_JETTY) {
        ratioRow(md, server, "requests/s × (b)", ServerRun::requestsPerSecond, HAND_WRITTEN);
      }
      if (server == MEMORY && servers.contains(SPRING_PLAIN)) {
        ratioRow(md, server, "requests/s × (h)", ServerRun::requestsPerSecond, SPRING_PLAIN);
      }
      if (server != HAND_WRITTEN) {
        ratioRow(md, server, "closed-loop p99 × (b)", ServerRun::closedLoopP99Millis,
            HAND_WRITTEN);
        ratioRow(md, server, "fixed-rate p99 × (b)", ServerRun::fixedRateP99Millis,
            HAND_WRITTEN);
      }
      if (server != PLAIN_JETTY) {
        ratioRow(md, server, "start-up × (a)", ServerRun::startupMillis, PLAIN_JETTY);
        ratioRow(md, server, "RSS ready × (a)", ServerRun::rssReadyMb, PLAIN_JETTY);
      }
      if (server != HAND_WRITTEN) {
        ratioRow(md, server, "RSS peak × (b)", ServerRun::rssPeakMb, HAND_WRITTEN);
      }
    }
  }

  private void ratioRow(StringBuilder md, ServerKind server, String measure,
      ToDoubleFunction<ServerRun> value, ServerKind baseline) {
    md.append("| ").append(server.label()).append(" | ").append(measure).append(" |");
    List<Double> ratios = new ArrayList<>();
    for (int round = 1; round <= options.rounds(); round++) {
      double ratio =
          RoundResults.ratio(results.run(server, round), results.run(baseline, round), value);
      md.append(' ').append(figure(ratio)).append(" |");
      if (!Double.isNaN(ratio)) {
        ratios.add(ratio);
      }
    }
    md.append(" **").append(figure(Statistics.median(ratios))).append("** |\n");
  }

  private void perRound(StringBuilder md) {
    md.append("\n## Per round\n\n");
    md.append("Closed loop: acknowledged requests/s in the window, latency from writing the"
        + " request to reading the answer, and how long the warm-up took (* = capped before the"
        + " rate was steady). Fixed rate: acknowledged/s against the rate (\"behind\" when the"
        + " server did not keep it), latency from each request's due time. Start-up: from"
        + " starting the JVM to the first 2xx. Handled/acked: the handler's count after the"
        + " load (and the drain wait) against every acknowledged request, with what still"
        + " waited in the inbox.\n");
    for (int round = 1; round <= options.rounds(); round++) {
      int current = round;
      List<ServerRun> inRound = results.all().stream().filter(run -> run.round() == current).toList();
      if (inRound.isEmpty()) {
        continue;
      }
      double rate = inRound.stream().mapToDouble(ServerRun::fixedRate)
          .filter(value -> !Double.isNaN(value)).findFirst().orElse(Double.NaN);
      md.append("\n### Round ").append(round).append(", fixed rate ")
          .append(Double.isNaN(rate) ? "not run" : decimal(rate, 0) + " requests/s")
          .append("\n\n");
      md.append("| server | requests/s | × (a) | × (b) | p50 ms | p99 ms | warm-up s"
          + " | fixed-rate acked/s | p50 ms | p99 ms | max ms | start-up ms | RSS ready MiB"
          + " | RSS peak MiB | errors | handled/acked | waiting |\n");
      md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:"
          + "|---:|---:|\n");
      for (ServerRun run : inRound) {
        LoadFigures closed = run.closedLoop();
        LoadFigures fixed = run.fixedRateLoad();
        double toA = RoundResults.ratio(run, results.run(PLAIN_JETTY, round),
            ServerRun::requestsPerSecond);
        double toB = RoundResults.ratio(run, results.run(HAND_WRITTEN, round),
            ServerRun::requestsPerSecond);
        md.append("| ").append(run.server().label())
            .append(" | ").append(decimal(closed.perSecond(), 0))
            .append(" | ").append(figure(toA))
            .append(" | ").append(figure(toB))
            .append(" | ").append(decimal(closed.p50Millis(), 2))
            .append(" | ").append(decimal(closed.p99Millis(), 2))
            .append(" | ").append(decimal(run.warmupSeconds(), 0))
            .append(run.warmupSteady() ? "" : "*")
            .append(" | ").append(decimal(fixed.perSecond(), 0))
            .append(Double.isNaN(run.fixedRate()) || run.keptRate() ? "" : " behind")
            .append(" | ").append(decimal(fixed.p50Millis(), 2))
            .append(" | ").append(decimal(fixed.p99Millis(), 2))
            .append(" | ").append(decimal(fixed.maxMillis(), 1))
            .append(" | ").append(decimal(run.startupMillis(), 0))
            .append(" | ").append(decimal(run.rssReadyMb(), 0))
            .append(" | ").append(decimal(run.rssPeakMb(), 0))
            .append(" | ").append(String.format(Locale.ROOT, "%,d",
                closed.errors() + fixed.errors()))
            .append(" | ").append(String.format(Locale.ROOT, "%,d/%,d", run.handled(),
                run.acked())).append(run.allHandled() ? "" : " **not all handled**")
            .append(" | ").append(String.format(Locale.ROOT, "%,d", run.waiting()))
            .append(" |\n");
      }
    }
  }

  private void cpu(StringBuilder md) {
    md.append("\n## Where the CPU went\n\n");
    md.append("Shares of all ").append(MachineInfo.cores()).append(" cores during the closed-loop"
        + " window (100% = every core busy): the machine (every process), the driver's JVM (the"
        + " load generator), the server's JVM, and the server's threads by group: HTTP server"
        + " (Jetty's or Tomcat's request, selector and acceptor threads), Hooky's workers, the SQL"
        + " inbox's group-commit writer, other (GC, JIT, pools). Handled/s: the handler's rate in"
        + " the same window.\n\n");
    md.append("| round | server | machine | driver JVM | server JVM |");
    ServerCpu.GROUPS.forEach(group -> md.append(' ').append(group).append(" |"));
    md.append(" handled/s |\n|---:|---|---:|---:|---:|")
        .append("---:|".repeat(ServerCpu.GROUPS.size())).append("---:|\n");
    for (ServerRun run : results.all()) {
      ServerRun.Cpu cpu = run.cpu();
      md.append("| ").append(run.round()).append(" | ").append(run.server().label())
          .append(" | ").append(percent(cpu.machine())).append(" | ")
          .append(percent(cpu.driver())).append(" | ").append(percent(cpu.server())).append(" |");
      for (String group : ServerCpu.GROUPS) {
        md.append(' ').append(percent(cpu.serverGroups().getOrDefault(group, Double.NaN)))
            .append(" |");
      }
      md.append(' ').append(decimal(run.handledPerSecond(), 0)).append(" |\n");
    }
  }

  private void problems(StringBuilder md) {
    List<String> notes = new ArrayList<>();
    for (ServerRun run : results.all()) {
      TreeSet<String> kinds = new TreeSet<>(run.closedLoop().errorKinds().keySet());
      kinds.addAll(run.fixedRateLoad().errorKinds().keySet());
      if (!kinds.isEmpty()) {
        notes.add("Round " + run.round() + " " + run.server().label() + " errors: "
            + String.join("; ", kinds));
      }
      if (!run.logProblems().isEmpty()) {
        notes.add("Round " + run.round() + " " + run.server().label() + " logged "
            + run.logProblems());
      }
      if (run.fixedNotSent() > 0) {
        notes.add(String.format(Locale.ROOT, "Round %d %s: %,d fixed-rate requests never sent,"
            + " the server being too far behind", run.round(), run.server().label(),
            run.fixedNotSent()));
      }
    }
    if (!notes.isEmpty()) {
      md.append("\n## Errors and warnings\n\n");
      notes.forEach(note -> md.append("- ").append(note.replace("|", "\\|")).append('\n'));
    }
    if (!failures.isEmpty()) {
      md.append("\n## Failures\n\n");
      failures.forEach(failure -> md.append("```\n").append(failure).append("\n```\n\n"));
    }
  }

  private void howToRead(StringBuilder md) {
    md.append("\n## How to read this\n\n");
    md.append("- Quote the ratios, not the absolute rates: the machine is shared and the load"
        + " generator runs on the same cores as the server, so absolute rates say as much about"
        + " the machine as about the servers. The servers alternate round by round, so a slow"
        + " spell hits all of them; the median of the per-round ratios is the figure.\n");
    md.append("- A 200 from (a) means the body was read; from (b), that the event was verified,"
        + " parsed and counted inside the request; from (h), the same in a Spring MVC controller"
        + " on Tomcat; from Hooky, that it was verified, parsed and"
        + " stored in the inbox (in memory, or committed and synced for SQLite and PostgreSQL),"
        + " with the handler running afterwards on a worker.\n");
    md.append("- Latency ratios above 1 are slower than the baseline. At the fixed rate, a"
        + " server marked \"behind\" did not keep the rate, and its latencies include the"
        + " queueing that followed.\n");
    md.append("- Handled/acked below 1 with events still waiting means the handlers had not"
        + " caught up within the drain timeout: the SQL inboxes acknowledge faster than their"
        + " workers handle; the events are in the inbox, not lost.\n");
  }

  /** The warm-up {@code server} got, e.g. "until steady, at most 30 s". */
  private String warmUp(ServerKind server) {
    int minimum = options.minWarmupSeconds(server);
    int maximum = options.maxWarmupSeconds(server);
    if (maximum == 0) {
      return "none";
    }
    return (minimum > 0 ? "at least " + minimum + " s, then " : "") + "until steady, at most "
        + maximum + " s" + (server.spring() ? " (--spring-min-warmup, --spring-max-warmup)"
        : " (--max-warmup)");
  }

  private String ratioText(ServerKind server, ToDoubleFunction<ServerRun> measure,
      ServerKind baseline) {
    return figure(Statistics.median(results.ratios(server, measure, baseline)));
  }

  /** A ratio or a latency: two decimals, three below 0.1 so that small ones do not read as 0. */
  static String figure(double value) {
    if (Double.isNaN(value)) {
      return "–";
    }
    return String.format(Locale.ROOT, value < 0.1 ? "%.3f" : "%.2f", value);
  }

  private static String decimal(double value, int decimals) {
    return Double.isNaN(value) ? "–" : String.format(Locale.ROOT, "%,." + decimals + "f", value);
  }

  private static String percent(double share) {
    return Double.isNaN(share) ? "?" : String.format(Locale.ROOT, "%.0f%%", share * 100);
  }

  private static String capitalized(String text) {
    return Character.toUpperCase(text.charAt(0)) + text.substring(1);
  }
}
