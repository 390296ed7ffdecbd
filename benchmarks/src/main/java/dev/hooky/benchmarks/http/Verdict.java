package dev.hooky.benchmarks.http;

import dev.hooky.benchmarks.Statistics;
import static dev.hooky.benchmarks.http.ServerKind.HAND_WRITTEN;
import static dev.hooky.benchmarks.http.ServerKind.MEMORY;
import static dev.hooky.benchmarks.http.ServerKind.PLAIN_JETTY;
import static dev.hooky.benchmarks.http.ServerKind.SQLITE;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/**
 * The targets of issue 7, each met or missed by the median of its per-round figures, and whether
 * every acknowledged event was handled.
 */
final class Verdict {
  /**
   * One target: a server's measure, as the median of its per-round ratios to a baseline server,
   * or of its per-round values where {@code baseline} is null.
   */
  record Target(String text, ServerKind server, ToDoubleFunction<ServerRun> measure,
      ServerKind baseline, double limit, boolean atLeast, String unit) {}

  static final List<Target> TARGETS = List.of(
      new Target("Hooky memory inbox, requests/s ≥ 0.85× (a)", MEMORY,
          ServerRun::requestsPerSecond, PLAIN_JETTY, 0.85, true, "×"),
      new Target("Hooky memory inbox, requests/s ≥ 1.0× (b)", MEMORY,
          ServerRun::requestsPerSecond, HAND_WRITTEN, 1.0, true, "×"),
      new Target("Hooky SQLite inbox, requests/s ≥ 0.6× (a)", SQLITE,
          ServerRun::requestsPerSecond, PLAIN_JETTY, 0.6, true, "×"),
      new Target("Hooky memory inbox, fixed-rate p99 ≤ 1.5× (b)", MEMORY,
          ServerRun::fixedRateP99Millis, HAND_WRITTEN, 1.5, false, "×"),
      new Target("Hooky SQLite inbox, fixed-rate p99 ≤ 10 ms", SQLITE,
          ServerRun::fixedRateP99Millis, null, 10, false, " ms"),
      new Target("Hooky memory inbox, start-up to the first 2xx ≤ 1.3× (a)", MEMORY,
          ServerRun::startupMillis, PLAIN_JETTY, 1.3, false, "×"),
      new Target("Hooky SQLite inbox, start-up to the first 2xx ≤ 1.3× (a)", SQLITE,
          ServerRun::startupMillis, PLAIN_JETTY, 1.3, false, "×"),
      new Target("Hooky memory inbox, resident memory when ready ≤ 1.3× (a)", MEMORY,
          ServerRun::rssReadyMb, PLAIN_JETTY, 1.3, false, "×"),
      new Target("Hooky SQLite inbox, resident memory when ready ≤ 1.3× (a)", SQLITE,
          ServerRun::rssReadyMb, PLAIN_JETTY, 1.3, false, "×"));

  private Verdict() {}

  /**
   * One line per target, "met: …", "missed: …" or "not evaluated: …", with the median and the
   * rounds' figures; then the handled check.
   */
  static List<String> lines(RoundResults results, int drainTimeoutSeconds) {
    List<String> lines = new ArrayList<>();
    for (Target target : TARGETS) {
      List<Double> figures = target.baseline() == null
          ? results.values(target.server(), target.measure())
          : results.ratios(target.server(), target.measure(), target.baseline());
      if (figures.isEmpty()) {
        lines.add("not evaluated: " + target.text() + " (" + missing(results, target) + ")");
        continue;
      }
      double median = Statistics.median(figures);
      boolean met = target.atLeast() ? median >= target.limit() : median <= target.limit();
      lines.add(String.format(Locale.ROOT, "%s: %s: %s%s (rounds %s)", met ? "met" : "missed",
          target.text(), HttpReport.figure(median), target.unit(), figures.stream()
              .map(HttpReport::figure).collect(Collectors.joining(", "))));
    }
    lines.add(handled(results, drainTimeoutSeconds));
    return lines;
  }

  /** Met when every run of (b) to (e) had handled every event it acknowledged. */
  private static String handled(RoundResults results, int drainTimeoutSeconds) {
    List<ServerRun> checked = results.all().stream()
        .filter(run -> run.server() != PLAIN_JETTY).toList();
    if (checked.isEmpty()) {
      return "not evaluated: every acknowledged event handled, (b) to (e) (none of them ran)";
    }
    List<ServerRun> behind = checked.stream().filter(run -> !run.allHandled()).toList();
    long unaccounted = checked.stream()
        .mapToLong(run -> Math.max(0, run.acked() - run.handled() - run.waiting())).sum();
    if (behind.isEmpty()) {
      return String.format(Locale.ROOT, "met: every acknowledged event handled, (b) to (e):"
              + " %d of %d runs, within the %d s drain timeout", checked.size(), checked.size(),
          drainTimeoutSeconds);
    }
    String runsBehind = behind.stream().map(run -> String.format(Locale.ROOT,
            "%s round %d: %,d of %,d handled, %,d waiting", run.server().option(), run.round(),
            run.handled(), run.acked(), run.waiting()))
        .collect(Collectors.joining("; "));
    return String.format(Locale.ROOT, "missed: every acknowledged event handled, (b) to (e):"
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
