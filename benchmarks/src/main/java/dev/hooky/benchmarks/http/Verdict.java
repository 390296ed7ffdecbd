package dev.hooky.benchmarks.http;

import dev.hooky.benchmarks.Statistics;
import static dev.hooky.benchmarks.http.ServerKind.HAND_WRITTEN;
import static dev.hooky.benchmarks.http.ServerKind.MEMORY;
import static dev.hooky.benchmarks.http.ServerKind.PLAIN_JETTY;
import static dev.hooky.benchmarks.http.ServerKind.POSTGRES;
import static dev.hooky.benchmarks.http.ServerKind.SPRING_PLAIN;
import static dev.hooky.benchmarks.http.ServerKind.SQLITE;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/**
 * The targets of issue 13 (the Targets table), each met or missed by the median of its per-round
 * figures, two more of issue 7 (resident memory when ready), and whether every acknowledged event
 * was handled.
 */
final class Verdict {
  /**
   * One target: a server's measure, as the median of its per-round ratios to a baseline server,
   * or of its per-round values where {@code baseline} is null.
   *
   * @param keepsRate the fixed-rate phase must also have kept its rate in every round: a server
   *     behind it misses the target, even when it answered nothing in the window to take a p99 of
   */
  record Target(String text, ServerKind server, ToDoubleFunction<ServerRun> measure,
      ServerKind baseline, double limit, boolean atLeast, String unit, boolean keepsRate) {

    static Target ratio(String text, ServerKind server, ToDoubleFunction<ServerRun> measure,
        ServerKind baseline, double limit, boolean atLeast) {
      return new Target(text, server, measure, baseline, limit, atLeast, "×", false);
    }

    /** Its servers: asked for an opt-in server that was not, the target is left out. */
    boolean asked(List<ServerKind> servers) {
      return (!server.optIn() || servers.contains(server))
          && (baseline == null || !baseline.optIn() || servers.contains(baseline));
    }
  }

  static final List<Target> TARGETS = List.of(
      Target.ratio("Hooky memory inbox, requests/s ≥ 0.95× (b)", MEMORY,
          ServerRun::requestsPerSecond, HAND_WRITTEN, 0.95, true),
      Target.ratio("Hooky memory inbox, requests/s ≥ 0.85× (a)", MEMORY,
          ServerRun::requestsPerSecond, PLAIN_JETTY, 0.85, true),
      Target.ratio("Hooky SQLite inbox (synced, durable), requests/s ≥ 0.6× (b)", SQLITE,
          ServerRun::requestsPerSecond, HAND_WRITTEN, 0.6, true),
      Target.ratio("Hooky PostgreSQL inbox (one instance), requests/s ≥ 0.3× (b)", POSTGRES,
          ServerRun::requestsPerSecond, HAND_WRITTEN, 0.3, true),
      new Target("Hooky memory inbox, fixed rate: p99 ≤ 1.5× (b)", MEMORY,
          ServerRun::fixedRateP99Millis, HAND_WRITTEN, 1.5, false, "×", true),
      new Target("Hooky SQLite inbox, fixed rate: keeps up, with p99 ≤ 20 ms", SQLITE,
          ServerRun::fixedRateP99Millis, null, 20, false, " ms", true),
      Target.ratio("Hooky memory inbox, closed-loop p99 ≤ 1.5× (b)", MEMORY,
          ServerRun::closedLoopP99Millis, HAND_WRITTEN, 1.5, false),
      Target.ratio("Hooky memory inbox, peak resident memory ≤ 2× (b)", MEMORY,
          ServerRun::rssPeakMb, HAND_WRITTEN, 2, false),
      Target.ratio("Hooky SQLite inbox, peak resident memory ≤ 2× (b)", SQLITE,
          ServerRun::rssPeakMb, HAND_WRITTEN, 2, false),
      Target.ratio("Hooky memory inbox, start-up to the first 2xx ≤ 1.3× (a)", MEMORY,
          ServerRun::startupMillis, PLAIN_JETTY, 1.3, false),
      Target.ratio("Hooky SQLite inbox, start-up to the first 2xx ≤ 1.3× (a)", SQLITE,
          ServerRun::startupMillis, PLAIN_JETTY, 1.3, false),
      Target.ratio("Hooky memory inbox, requests/s ≥ 2× a plain Spring Boot application (h)",
          MEMORY, ServerRun::requestsPerSecond, SPRING_PLAIN, 2, true),
      Target.ratio("Hooky memory inbox, resident memory when ready ≤ 1.3× (a)", MEMORY,
          ServerRun::rssReadyMb, PLAIN_JETTY, 1.3, false),
      Target.ratio("Hooky SQLite inbox, resident memory when ready ≤ 1.3× (a)", SQLITE,
          ServerRun::rssReadyMb, PLAIN_JETTY, 1.3, false));

  private Verdict() {}

  /**
   * One line per target whose servers were asked for, "met: …", "missed: …" or "not evaluated:
   * …", with the median and the rounds' figures; then the handled check.
   *
   * @param asked the servers the run was asked for ({@code --servers})
   */
  static List<String> lines(RoundResults results, List<ServerKind> asked,
      int drainTimeoutSeconds) {
    List<String> lines = new ArrayList<>();
    for (Target target : TARGETS) {
      if (target.asked(asked)) {
        lines.add(line(results, target));
      }
    }
    lines.add(handled(results, drainTimeoutSeconds));
    return lines;
  }

  private static String line(RoundResults results, Target target) {
    List<Double> figures = target.baseline() == null
        ? results.values(target.server(), target.measure())
        : results.ratios(target.server(), target.measure(), target.baseline());
    List<String> behind = !target.keepsRate() ? List.of() : results.runsOf(target.server())
        .stream().filter(run -> !Double.isNaN(run.fixedRate()) && !run.keptRate())
        .map(run -> Integer.toString(run.round())).toList();
    String behindText = behind.isEmpty() ? ""
        : "behind the rate in round " + String.join(", ", behind);
    if (figures.isEmpty()) {
      return behind.isEmpty()
          ? "not evaluated: " + target.text() + " (" + missing(results, target) + ")"
          : "missed: " + target.text() + ": no figure (" + behindText + ")";
    }
    double median = Statistics.median(figures);
    boolean met = behind.isEmpty()
        && (target.atLeast() ? median >= target.limit() : median <= target.limit());
    return String.format(Locale.ROOT, "%s: %s: %s%s (rounds %s%s)", met ? "met" : "missed",
        target.text(), HttpReport.figure(median), target.unit(), figures.stream()
            .map(HttpReport::figure).collect(Collectors.joining(", ")),
        behindText.isEmpty() ? "" : "; " + behindText);
  }

  /** Met when every run of a server with a handler, (b) onwards, had handled every event. */
  private static String handled(RoundResults results, int drainTimeoutSeconds) {
    List<ServerRun> checked = results.all().stream()
        .filter(run -> run.server() != PLAIN_JETTY).toList();
    if (checked.isEmpty()) {
      return "not evaluated: every acknowledged event handled, (b) onwards (none of them ran)";
    }
    List<ServerRun> behind = checked.stream().filter(run -> !run.allHandled()).toList();
    long unaccounted = checked.stream()
        .mapToLong(run -> Math.max(0, run.acked() - run.handled() - run.waiting())).sum();
    if (behind.isEmpty()) {
      return String.format(Locale.ROOT, "met: every acknowledged event handled, (b) onwards:"
              + " %d of %d runs, within the %d s drain timeout", checked.size(), checked.size(),
          drainTimeoutSeconds);
    }
    String runsBehind = behind.stream().map(run -> String.format(Locale.ROOT,
            "%s round %d: %,d of %,d handled, %,d waiting", run.server().option(), run.round(),
            run.handled(), run.acked(), run.waiting()))
        .collect(Collectors.joining("; "));
    return String.format(Locale.ROOT, "missed: every acknowledged event handled, (b) onwards:"
            + " %d of %d runs had not caught up within the %d s drain timeout (%s); %,d"
            + " acknowledged events neither handled nor waiting", behind.size(), checked.size(),
        drainTimeoutSeconds, runsBehind, unaccounted);
  }

  private static String missing(RoundResults results, Target target) {
    List<String> absent = new ArrayList<>();
    for (ServerKind server : new ServerKind[] {target.server(), target.baseline()}) {
      if (server != null && results.runsOf(server).isEmpty()) {
        absent.add(server.option() + " not run");
      }
    }
    return absent.isEmpty() ? "no figure measured" : String.join(", ", absent);
  }
}
