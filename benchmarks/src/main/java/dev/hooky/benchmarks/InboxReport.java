package dev.hooky.benchmarks;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/** The results of an {@link InboxLoadBenchmark} run, as Markdown and as a console summary. */
final class InboxReport {
  /** The target: the SQLite inbox at least this fraction of the memory inbox's rate. */
  static final double SQLITE_TARGET = 0.6;

  private final BenchmarkOptions options;
  private final ZonedDateTime started;
  private final PostgresTarget postgres;
  private final List<InboxRun> runs;
  private final List<String> inboxes;
  private final String revision;

  /**
   * @param revision the repository's commit when the run started ({@link
   *     MachineInfo#sourceRevision}), or null
   */
  InboxReport(BenchmarkOptions options, ZonedDateTime started, String revision,
      PostgresTarget postgres, List<InboxRun> runs) {
    this.options = options;
    this.started = started;
    this.revision = revision;
    this.postgres = postgres;
    this.runs = runs;
    this.inboxes = runs.stream().map(InboxRun::inbox).distinct().toList();
  }

  /** The per-round ratios of {@code inbox} to memory for one measure, in round order. */
  List<Double> ratios(String inbox, ToDoubleFunction<InboxRun> measure) {
    List<Double> ratios = new ArrayList<>();
    for (int round = 1; round <= options.rounds(); round++) {
      InboxRun memory = run("memory", round);
      InboxRun other = run(inbox, round);
      if (memory != null && other != null) {
        ratios.add(measure.applyAsDouble(other) / measure.applyAsDouble(memory));
      }
    }
    return ratios;
  }

  /** The median of the SQLite/memory acknowledged-rate ratios, NaN if SQLite did not run. */
  double sqliteRatio() {
    return Statistics.median(ratios("sqlite", InboxRun::ackedPerSecond));
  }

  String verdict() {
    double ratio = sqliteRatio();
    if (Double.isNaN(ratio)) {
      return "target SQLite ≥ " + SQLITE_TARGET + "× memory: not evaluated (SQLite not run)";
    }
    return String.format(Locale.ROOT, "target SQLite ≥ %.1f× memory: %s (%.2f×)", SQLITE_TARGET,
        ratio >= SQLITE_TARGET ? "met" : "missed", ratio);
  }

  /** A few lines for the console. */
  String summary() {
    StringBuilder text = new StringBuilder();
    for (String inbox : inboxes) {
      text.append(String.format(Locale.ROOT, "%-8s median %,9.0f acked/s  p50 %6.2f ms  p99 %7.2f"
              + " ms", inbox, Statistics.median(values(inbox, InboxRun::ackedPerSecond)),
          Statistics.median(values(inbox, InboxRun::p50Millis)), Statistics.median(values(inbox, InboxRun::p99Millis))));
      if (!inbox.equals("memory")) {
        text.append(String.format(Locale.ROOT, "  ratio to memory %.2f× (rounds %s)",
            Statistics.median(ratios(inbox, InboxRun::ackedPerSecond)),
            joinRatios(ratios(inbox, InboxRun::ackedPerSecond))));
      }
      text.append('\n');
    }
    if (options.inboxes().contains("postgres") && !postgres.available()) {
      text.append("postgres not run: ").append(postgres.unavailableReason()).append('\n');
    }
    return text.append(capitalized(verdict())).toString();
  }

  String markdown() {
    StringBuilder md = new StringBuilder();
    md.append("# Inbox load benchmark, ").append(started.toLocalDate()).append("\n\n");
    md.append("Acknowledged events per second and acknowledgement latency of Hooky's inboxes under"
        + " the same closed-loop HTTP load, as ratios to the memory inbox measured in the same"
        + " run. Written by `dev.hooky.benchmarks.InboxLoadBenchmark`; see"
        + " [the benchmarks' README](../README.md) for how to run and read it.\n\n");
    md.append("**").append(capitalized(verdict())).append("**\n\n");

    md.append("## Set-up\n\n");
    md.append("- Date: ").append(started.format(DateTimeFormatter.ofPattern(
        "yyyy-MM-dd HH:mm:ss z", Locale.ROOT))).append('\n');
    md.append("- Machine: ").append(MachineInfo.hardware()).append("; ")
        .append(MachineInfo.operatingSystem()).append('\n');
    md.append("- JVM: ").append(MachineInfo.jvm()).append('\n');
    if (revision != null) {
      md.append("- Hooky: repository at ").append(revision).append(" when the run started\n");
    }
    md.append("- Command: `").append(MachineInfo.command()).append("`\n");
    md.append("- Load: ").append(options.concurrency()).append(" closed-loop senders (")
        .append(options.client().description()).append(") in the same JVM as the server, each"
            + " posting a new event (own `event_id`, `X-CIO-Timestamp` now, HMAC-SHA256 signed,"
            + " 350 to 420 bytes; email_delivered, email_opened, sms_delivered, push_delivered in"
            + " turn) as soon as the previous one is answered\n");
    md.append("- Per inbox and round: ").append(options.warmupSeconds()).append(" s warm-up, ")
        .append(options.durationSeconds()).append(" s measured, then a wait of at most ")
        .append(options.drainTimeoutSeconds()).append(" s for the handler to see every"
            + " acknowledged event; ").append(options.rounds()).append(" rounds, inboxes in the"
            + " order ").append(String.join(", ", inboxes)).append(" in each\n");
    int workers = options.workerThreads() > 0
        ? options.workerThreads() : Math.max(2, MachineInfo.cores());
    md.append("- Server: Hooky's defaults but host 127.0.0.1, port 0; ").append(workers)
        .append(" worker threads; the handler counts events and returns. Each run (inbox and"
            + " round) in a fresh JVM with the same JVM options, load generator and server"
            + " together\n");
    md.append("- memory inbox: default capacity (10,000 waiting events)\n");
    if (options.inboxes().contains("sqlite")) {
      md.append("- SQLite inbox: a new file per round in ").append(options.sqliteDirectory())
          .append(", on ").append(MachineInfo.fileSystem(options.sqliteDirectory()))
          .append("; WAL, synchronous=FULL, group commit (Hooky's settings)\n");
    }
    if (options.inboxes().contains("postgres")) {
      md.append("- PostgreSQL inbox: ").append(postgres.available()
          ? postgres.description() + "; a new schema per round"
          : "**not run** (" + postgres.unavailableReason() + ")").append('\n');
    }

    md.append("\n## Ratios to the memory inbox\n\n");
    md.append("Each round's figure divided by the memory inbox's figure of the same round; the"
        + " median over the rounds. Above 1 is more events per second, or slower acknowledgements"
        + " for the latencies.\n\n");
    md.append("| inbox | measure |");
    for (int round = 1; round <= options.rounds(); round++) {
      md.append(" round ").append(round).append(" |");
    }
    md.append(" median |\n|---|---|");
    md.append("---:|".repeat(options.rounds() + 1)).append('\n');
    for (String inbox : inboxes) {
      if (inbox.equals("memory")) {
        continue;
      }
      ratioRow(md, inbox, "acknowledged/s", InboxRun::ackedPerSecond);
      ratioRow(md, inbox, "p50 latency", InboxRun::p50Millis);
      ratioRow(md, inbox, "p99 latency", InboxRun::p99Millis);
      ratioRow(md, inbox, "handled/s", InboxRun::handledPerSecond);
    }
    if (options.inboxes().contains("postgres") && !postgres.available()) {
      md.append("| postgres | not run | ").append(" |".repeat(options.rounds() + 1)).append('\n');
    }

    md.append("\n## Per inbox\n\n");
    md.append("Acknowledged/s counts 200 `ok` answers arriving in the measured window; latencies"
        + " are of those, from writing the request to reading the answer. Handled/s is the"
        + " handler's rate in the same window; waiting is the inbox's depth at the window's end."
        + " After the load stops, the run waits (at most the drain bound) for the handler to have"
        + " seen every acknowledged event, warm-up included: handled/acked after, how long that"
        + " took, and the handler's rate meanwhile, with no requests competing.\n\n");
    for (String inbox : inboxes) {
      md.append("### ").append(inbox).append("\n\n");
      md.append("| round | acknowledged/s | p50 ms | p99 ms | max ms | errors | handled/s"
          + " | waiting at end | handled/acked after | still waiting | catch-up s"
          + " | handled/s catching up |\n");
      md.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
      for (InboxRun run : runsOf(inbox)) {
        md.append(String.format(Locale.ROOT, "| %d | %,.0f | %.2f | %.2f | %.1f | %s | %,.0f"
                + " | %,d | %,d/%,d%s | %,d | %.1f | %s |%n", run.round(), run.ackedPerSecond(),
            run.p50Millis(), run.p99Millis(), run.maxMillis(), errors(run),
            run.handledPerSecond(), run.waitingAtWindowEnd(), run.handled(), run.load().acked(),
            run.drained() ? "" : " **not all handled**", run.waitingAfter(), run.drainSeconds(),
            Double.isNaN(run.drainPerSecond())
                ? "" : String.format(Locale.ROOT, "%,.0f", run.drainPerSecond())));
      }
      md.append(String.format(Locale.ROOT, "| **median** | **%,.0f** | **%.2f** | **%.2f** | |"
              + " | %,.0f | | | | | |%n%n", Statistics.median(values(inbox, InboxRun::ackedPerSecond)),
          Statistics.median(values(inbox, InboxRun::p50Millis)), Statistics.median(values(inbox, InboxRun::p99Millis)),
          Statistics.median(values(inbox, InboxRun::handledPerSecond))));
      List<String> kinds = runsOf(inbox).stream()
          .flatMap(run -> run.load().errors().keySet().stream()).distinct().toList();
      if (!kinds.isEmpty()) {
        md.append("Errors: ").append(String.join("; ", kinds)).append("\n\n");
      }
      for (InboxRun run : runsOf(inbox)) {
        if (!run.logProblems().isEmpty()) {
          md.append("Round ").append(run.round()).append(" logged ")
              .append(run.logProblems().replace("|", "\\|")).append("\n\n");
        }
      }
    }

    md.append("## Where the CPU went\n\n");
    md.append("Shares of all ").append(MachineInfo.cores()).append(" cores during the measured"
        + " window (100% = every core busy). Machine: every process (PostgreSQL's and other"
        + " tenants' included); JVM: this process, split by thread: load generator (senders"
        + ", client threads), Jetty (request threads), Hooky's workers, the inbox's group-commit"
        + " writer, other (GC, JIT, pools).");
    if (runs.stream().anyMatch(run -> run.commitsInWindow() >= 0)) {
      md.append(" Commits/s: PostgreSQL's write transactions per second (the group commits, as the"
          + " benchmark is the database's only writer); acknowledged per commit: how many appended"
          + " events one commit carries on average (claims and completions share the commits).");
    }
    md.append("\n\n| inbox | round | machine | iowait | JVM |");
    CpuSample.GROUPS.forEach(group -> md.append(' ').append(group).append(" |"));
    md.append(" commits/s | acknowledged per commit |\n|---|---:|---:|---:|---:|");
    md.append("---:|".repeat(CpuSample.GROUPS.size())).append("---:|---:|\n");
    for (InboxRun run : runs) {
      CpuSample.Usage cpu = run.cpu();
      md.append("| ").append(run.inbox()).append(" | ").append(run.round()).append(" | ")
          .append(percent(cpu.machineBusy())).append(" | ").append(percent(cpu.machineIoWait()))
          .append(" | ").append(percent(cpu.process())).append(" |");
      for (Map.Entry<String, Double> group : cpu.groups().entrySet()) {
        md.append(' ').append(percent(group.getValue())).append(" |");
      }
      if (run.commitsInWindow() > 0) {
        double seconds = run.load().window().toNanos() / 1e9;
        md.append(String.format(Locale.ROOT, " %,.0f | %.1f |%n", run.commitsInWindow() / seconds,
            (double) run.load().ackedInWindow() / run.commitsInWindow()));
      } else {
        md.append(" | |\n");
      }
    }

    md.append("\n## How to read this\n\n");
    md.append("- The ratios, not the absolute rates, are the result: the machine is shared, and"
        + " the load generator runs on the same cores as the server, so absolute rates say as"
        + " much about the machine as about Hooky. Rounds alternate the inboxes so that a slow"
        + " spell hits all of them; the median of the per-round ratios is the figure to quote.\n");
    md.append("- An acknowledgement (200) means the event is stored: in memory for the memory"
        + " inbox, committed and synced to disk for SQLite and PostgreSQL. The closed loop makes"
        + " latency and rate two views of one thing: rate ≈ senders ÷ mean latency.\n");
    md.append("- Acknowledging is half the work. Handled/s shows whether the workers keep up;"
        + " \"not all handled\" means they had not caught up within the drain bound, and still"
        + " waiting shows the rest is in the inbox, not lost (handled + still waiting = acked,"
        + " but for the few deliveries the workers hold). The memory inbox answers 503 when"
        + " 10,000 events wait, so its rate is what its workers sustain.\n");
    return md.toString();
  }

  private void ratioRow(StringBuilder md, String inbox, String measure,
      ToDoubleFunction<InboxRun> value) {
    List<Double> ratios = ratios(inbox, value);
    md.append("| ").append(inbox).append(" | ").append(measure).append(" |");
    for (double ratio : ratios) {
      md.append(' ').append(ratio(ratio)).append(" |");
    }
    md.append(" |".repeat(Math.max(0, options.rounds() - ratios.size())));
    md.append(" **").append(ratio(Statistics.median(ratios))).append("** |\n");
  }

  /** Two decimals, three below 0.1 so that small ratios do not read as zero. */
  private static String ratio(double ratio) {
    return String.format(Locale.ROOT, ratio < 0.1 ? "%.3f" : "%.2f", ratio);
  }

  private static String errors(InboxRun run) {
    long total = run.load().totalErrors();
    String text = String.format(Locale.ROOT, "%,d", total);
    if (run.load().duplicates() > 0) {
      text += String.format(Locale.ROOT, " (+%,d duplicate answers)", run.load().duplicates());
    }
    return text;
  }

  private InboxRun run(String inbox, int round) {
    return runs.stream().filter(run -> run.inbox().equals(inbox) && run.round() == round)
        .findFirst().orElse(null);
  }

  private List<InboxRun> runsOf(String inbox) {
    return runs.stream().filter(run -> run.inbox().equals(inbox)).toList();
  }

  private List<Double> values(String inbox, ToDoubleFunction<InboxRun> measure) {
    return runsOf(inbox).stream().map(run -> measure.applyAsDouble(run))
        .collect(Collectors.toList());
  }


  private static String joinRatios(List<Double> ratios) {
    return ratios.stream().map(ratio -> String.format(Locale.ROOT, "%.2f", ratio))
        .collect(Collectors.joining(", "));
  }

  private static String percent(double share) {
    return Double.isNaN(share) ? "?" : String.format(Locale.ROOT, "%.0f%%", share * 100);
  }

  private static String capitalized(String text) {
    return Character.toUpperCase(text.charAt(0)) + text.substring(1);
  }
}
