package dev.hooky.benchmarks.http;

import static dev.hooky.benchmarks.http.ServerKind.HAND_WRITTEN;
import static dev.hooky.benchmarks.http.ServerKind.MEMORY;
import static dev.hooky.benchmarks.http.ServerKind.PLAIN_JETTY;
import static dev.hooky.benchmarks.http.ServerKind.SPRING_PLAIN;
import static dev.hooky.benchmarks.http.ServerKind.SQLITE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hooky.benchmarks.PostgresTarget;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The report over canned runs: per-round ratios, their medians, the verdict, the tables. */
class HttpReportTest {
  private final HttpOptions options = HttpOptions.parse("--rounds=3",
      "--servers=plain-jetty,hand-written,memory,sqlite", "--output=unused.md");

  @Test
  void ratiosAreToTheSameRoundsBaselineAndTheMedianDecides() {
    RoundResults results = new RoundResults(cannedRuns(), 3);
    assertEquals(List.of(0.9, 0.8, 0.9),
        rounded(results.ratios(MEMORY, ServerRun::requestsPerSecond, PLAIN_JETTY)));
    assertEquals(List.of(1.125, 1.0, 1.125),
        rounded(results.ratios(MEMORY, ServerRun::requestsPerSecond, HAND_WRITTEN)));
    List<String> verdict = report(cannedRuns(), List.of()).verdict();
    // Every target but the one against spring-plain, not asked for; then the handled line.
    assertEquals(Verdict.TARGETS.size(), verdict.size());
    assertEquals("met: Hooky memory inbox, requests/s ≥ 0.95× (b): 1.13× (rounds 1.13, 1.00,"
        + " 1.13)", verdict.get(0));
    assertEquals("met: Hooky memory inbox, requests/s ≥ 0.85× (a): 0.90× (rounds 0.90, 0.80,"
        + " 0.90)", verdict.get(1));
    assertEquals("met: Hooky SQLite inbox (synced, durable), requests/s ≥ 0.6× (b): 0.63×"
        + " (rounds 0.63, 0.63, 0.63)", verdict.get(2));
    assertEquals("not evaluated: Hooky PostgreSQL inbox (one instance), requests/s ≥ 0.3× (b)"
        + " (postgres not run)", verdict.get(3));
    assertEquals("met: Hooky SQLite inbox, fixed rate: keeps up, with p99 ≤ 20 ms: 4.00 ms"
        + " (rounds 4.00, 4.00, 4.00)", verdict.get(5));
    assertEquals("met: Hooky memory inbox, closed-loop p99 ≤ 1.5× (b): 1.25× (rounds 1.25,"
        + " 1.25, 1.25)", verdict.get(6));
    assertEquals("met: Hooky memory inbox, peak resident memory ≤ 2× (b): 1.00× (rounds 1.00,"
        + " 1.00, 1.00)", verdict.get(7));
    assertTrue(verdict.stream().noneMatch(line -> line.contains("Spring")), verdict.toString());
    String handled = verdict.get(verdict.size() - 1);
    assertTrue(handled.startsWith("missed: every acknowledged event handled, (b) onwards:"
        + " 1 of 9 runs had not caught up"), handled);
    assertTrue(handled.contains("sqlite round 2: 90,000 of 100,000 handled, 10,000 waiting"),
        handled);
  }

  @Test
  void behindTheFixedRateMissesTheTargetWhateverThePercentile() {
    List<ServerRun> runs = cannedRuns().stream().map(run -> run.server() == SQLITE
        && run.round() == 2 ? withFixedRate(run, run.fixedRate() * 0.9, 4.0) : run).toList();
    assertEquals("missed: Hooky SQLite inbox, fixed rate: keeps up, with p99 ≤ 20 ms: 4.00 ms"
        + " (rounds 4.00, 4.00, 4.00; behind the rate in round 2)",
        report(runs, List.of()).verdict().get(5));
    // So far behind that nothing was answered in the window: no p99 at all, still missed.
    List<ServerRun> nothing = cannedRuns().stream().map(run -> run.server() == MEMORY
        ? withFixedRate(run, 0, Double.NaN) : run).toList();
    assertEquals("missed: Hooky memory inbox, fixed rate: p99 ≤ 1.5× (b): no figure (behind the"
        + " rate in round 1, 2, 3)", report(nothing, List.of()).verdict().get(4));
  }

  @Test
  void theSpringBootBaselineIsJudgedWhenItRan() {
    HttpOptions withSpring = HttpOptions.parse("--rounds=3",
        "--servers=plain-jetty,hand-written,memory,sqlite,spring-plain", "--output=unused.md");
    List<ServerRun> runs = new ArrayList<>(cannedRuns());
    for (int round = 1; round <= 3; round++) {
      runs.add(run(SPRING_PLAIN, round, round == 2 ? 6_000 : 10_000, 9_000, 8.0, 3_000, 190,
          100_000, 100_000));
    }
    HttpReport report = new HttpReport(withSpring, ZonedDateTime.now(), null,
        PostgresTarget.unavailable("not asked for"), runs, List.of());
    assertTrue(report.verdict().contains("missed: Hooky memory inbox, requests/s ≥ 2× a plain"
        + " Spring Boot application (h): 1.80× (rounds 1.80, 2.40, 1.80)"), report.verdict()
        .toString());
    String markdown = report.markdown();
    assertTrue(markdown.contains("| (c) memory | requests/s × (h) | 1.80 | 2.40 | 1.80 |"
        + " **1.80** |"), markdown);
    assertTrue(markdown.contains("(h) spring-plain: a plain Spring Boot 4 application"),
        markdown);
    assertTrue(markdown.contains("; warm-up at least 60 s, then until steady, at most 120 s"
        + " (--spring-min-warmup, --spring-max-warmup)\n"), markdown);
    assertTrue(markdown.contains("(c) memory: Hooky, memory inbox; Hooky's defaults, a handler"
        + " that counts events (router generated at compile time); warm-up until steady, at most"
        + " 30 s (--max-warmup)\n"), markdown);
    // Without it, that target is left out, not reported as not run.
    assertTrue(report(runs, List.of()).verdict().stream().noneMatch(line ->
        line.contains("Spring")));
  }

  @Test
  void theMarkdownOpensWithTheVerdictAndHasEveryTable() {
    String markdown = report(cannedRuns(), List.of("round 3 memory: the server exited")).markdown();
    assertTrue(markdown.indexOf("## Verdict") < markdown.indexOf("## Set-up"), markdown);
    assertTrue(markdown.contains("- **met**: Hooky memory inbox, requests/s ≥ 0.85× (a)"),
        markdown);
    assertTrue(markdown.contains("| (c) memory | 18,000 | 0.90 | 1.13 | 6.25 | 1.25 | 0.60 |"
        + " 3.00 | 1.50 | 0.50 | 1.25 | 96 | 1.20 | 300 | 1.00 | 300,000/300,000 |"), markdown);
    assertTrue(markdown.contains("| (c) memory | closed-loop p99 × (b) | 1.25 | 1.25 | 1.25 |"
        + " **1.25** |"), markdown);
    assertTrue(markdown.contains("| (d) sqlite | requests/s × (a) | 0.50 | 0.50 | 0.50 |"
        + " **0.50** |"), markdown);
    assertTrue(markdown.contains("### Round 2, fixed rate 9,000 requests/s"), markdown);
    assertTrue(markdown.contains("90,000/100,000 **not all handled** | 10,000 |"), markdown);
    assertTrue(markdown.contains("HTTP 503 inbox full"), markdown);
    assertTrue(markdown.contains("## Failures"), markdown);
  }

  @Test
  void targetsWithoutTheirServersAreNotEvaluated() {
    List<ServerRun> runs = cannedRuns().stream()
        .filter(run -> run.server() != SQLITE).toList();
    List<String> verdict = report(runs, List.of()).verdict();
    assertEquals("not evaluated: Hooky SQLite inbox (synced, durable), requests/s ≥ 0.6× (b)"
        + " (sqlite not run)", verdict.get(2));
    assertTrue(verdict.get(verdict.size() - 1).startsWith("met: every acknowledged event"),
        verdict.get(verdict.size() - 1));
  }

  private HttpReport report(List<ServerRun> runs, List<String> failures) {
    return new HttpReport(options, ZonedDateTime.now(), null,
        PostgresTarget.unavailable("not asked for"), runs, failures);
  }

  /** Three rounds: (a) 20,000 req/s but 18,000 in round 2, (b) 16,000, memory 18,000 and so on. */
  private static List<ServerRun> cannedRuns() {
    List<ServerRun> runs = new ArrayList<>();
    for (int round = 1; round <= 3; round++) {
      double plain = round == 2 ? 18_000 : 20_000;
      double rate = plain / 2;
      runs.add(run(PLAIN_JETTY, round, plain, rate, 1.5, 400, 80, 100_000, 100_000));
      runs.add(run(HAND_WRITTEN, round, round == 2 ? 14_400 : 16_000, rate, 2.0, 500, 85,
          100_000, 100_000));
      runs.add(run(MEMORY, round, round == 2 ? 14_400 : 18_000, rate, 3.0, 500, 96,
          100_000, 100_000));
      runs.add(run(SQLITE, round, plain / 2, rate, 4.0, 600, 100,
          round == 2 ? 90_000 : 100_000, 100_000));
    }
    return runs;
  }

  private static ServerRun run(ServerKind server, int round, double perSecond, double rate,
      double fixedP99, double startupMillis, long rssReadyMb, long handled, long acked) {
    // Closed-loop p99: 5 ms, but memory's 6.25 (1.25× (b)).
    LoadFigures closed = new LoadFigures(perSecond, 1.0, server == MEMORY ? 6.25 : 5.0, 20.0, 0,
        Map.of());
    LoadFigures fixed = new LoadFigures(rate, 0.6, fixedP99, 12.0, server == MEMORY ? 2 : 0,
        server == MEMORY ? Map.of("HTTP 503 inbox full", 2L) : Map.of());
    ServerRun.Cpu cpu = new ServerRun.Cpu(0.98, 0.3, 0.6,
        Map.of("HTTP server", 0.4, "workers", 0.05, "inbox writer", 0.0, "other", 0.15));
    return new ServerRun(server, round, startupMillis, rssReadyMb * 1024, 300 * 1024, 6, true,
        closed, rate, fixed, 0, acked, handled, acked - handled, 3.0, perSecond, cpu, "");
  }

  private static ServerRun withFixedRate(ServerRun run, double perSecond, double p99Millis) {
    LoadFigures fixed = run.fixedRateLoad();
    return new ServerRun(run.server(), run.round(), run.startupMillis(), run.rssReadyKb(),
        run.rssPeakKb(), run.warmupSeconds(), run.warmupSteady(), run.closedLoop(),
        run.fixedRate(), new LoadFigures(perSecond, fixed.p50Millis(), p99Millis,
            fixed.maxMillis(), fixed.errors(), fixed.errorKinds()), run.fixedNotSent(),
        run.acked(), run.handled(), run.waiting(), run.drainSeconds(), run.handledPerSecond(),
        run.cpu(), run.logProblems());
  }

  private static List<Double> rounded(List<Double> values) {
    return values.stream().map(value -> Math.round(value * 1000) / 1000.0).toList();
  }
}
