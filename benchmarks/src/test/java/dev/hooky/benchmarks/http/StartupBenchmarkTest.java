package dev.hooky.benchmarks.http;

import static dev.hooky.benchmarks.http.ServerKind.HAND_WRITTEN;
import static dev.hooky.benchmarks.http.ServerKind.MEMORY;
import static dev.hooky.benchmarks.http.ServerKind.PLAIN_JETTY;
import static dev.hooky.benchmarks.http.ServerKind.SQLITE;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.ZonedDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The start-up report over canned runs: medians, ranges, per-round ratios, the target. */
class StartupBenchmarkTest {
  private static final List<ServerKind> SERVERS =
      List.of(PLAIN_JETTY, HAND_WRITTEN, MEMORY, SQLITE);
  private final HttpOptions options = HttpOptions.parse("--rounds=3",
      "--servers=plain-jetty,hand-written,memory,sqlite", "--output=unused.md");

  @Test
  void theRatioIsTheMedianOfEachRoundsRatioAndTheTargetItsBound() {
    List<StartupRun> runs = List.of(
        run(PLAIN_JETTY, 1, 400), run(MEMORY, 1, 520), run(SQLITE, 1, 480),
        run(PLAIN_JETTY, 2, 500), run(MEMORY, 2, 750), run(SQLITE, 2, 900),
        run(PLAIN_JETTY, 3, 600), run(MEMORY, 3, 900), run(SQLITE, 3, 780));

    String report = report(runs, List.of());

    // memory: 1.30, 1.50, 1.50 -> 1.50, missed.
    assertTrue(report.contains(
        "| (c) memory | 750 | 520 | 900 | 1.50 | 100 | missed (≤ 1.3× (a)) |"), report);
    // SQLite: 1.20, 1.80, 1.30 -> 1.30, met at the bound; the ratio of the medians would be
    // 780 / 500 = 1.56.
    assertTrue(report.contains(
        "| (d) sqlite | 780 | 480 | 900 | 1.30 | 100 | met (≤ 1.3× (a)) |"), report);
    assertTrue(report.contains("| (a) plain-jetty | 500 | 400 | 600 | 1.00 | 100 |  |"), report);
    assertTrue(report.contains("| (b) hand-written | no run | | | | | |"), report);
    assertTrue(report.contains("| 2 | 500 | – | 750 | 900 |"), report);
  }

  @Test
  void aRoundWithoutItsBaselineCountsForNoRatio() {
    List<StartupRun> runs = List.of(
        run(PLAIN_JETTY, 1, 400), run(MEMORY, 1, 400),
        run(MEMORY, 2, 4_000),
        run(PLAIN_JETTY, 3, 400), run(MEMORY, 3, 440));

    String report = report(runs, List.of());

    assertTrue(report.contains("| (c) memory | 440 | 400 | 4,000 | 1.05 | 100 | met (≤ 1.3× (a)) |"),
        report);
  }

  @Test
  void failuresAndWarningsAreListed() {
    List<StartupRun> runs = List.of(run(PLAIN_JETTY, 1, 400),
        new StartupRun(MEMORY, 1, 500, 102_400, "[main] WARN something"));

    String report = report(runs, List.of("round 1 sqlite: could not start"));

    assertTrue(report.contains("- FAILED round 1 sqlite: could not start"), report);
    assertTrue(report.contains("- (c) memory round 1: [main] WARN something"), report);
  }

  private String report(List<StartupRun> runs, List<String> failures) {
    return StartupBenchmark.markdown(ZonedDateTime.parse("2026-12-07T12:00:00Z"), "abc1234",
        options, SERVERS, runs, failures);
  }

  private static StartupRun run(ServerKind server, int round, double millis) {
    return new StartupRun(server, round, millis, 102_400, "");
  }
}
