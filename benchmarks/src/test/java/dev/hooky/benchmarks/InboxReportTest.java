package dev.hooky.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Options, the run's hand-over file, and the ratios and verdict of the report. */
class InboxReportTest {
  @TempDir
  Path directory;

  @Test
  void optionsHaveDefaultsAndRefuseNonsense() {
    BenchmarkOptions defaults = BenchmarkOptions.parse();
    assertEquals(List.of("memory", "sqlite", "postgres"), defaults.inboxes());
    assertEquals(32, defaults.concurrency());
    assertEquals(WebhookClient.Kind.SOCKET, defaults.client());
    BenchmarkOptions set = BenchmarkOptions.parse("--rounds=5", "--inboxes=memory,sqlite",
        "--client=httpclient");
    assertEquals(5, set.rounds());
    assertEquals(List.of("memory", "sqlite"), set.inboxes());
    assertThrows(IllegalArgumentException.class, () -> BenchmarkOptions.parse("--round=5"));
    assertThrows(IllegalArgumentException.class, () -> BenchmarkOptions.parse("--rounds=0"));
    assertThrows(IllegalArgumentException.class,
        () -> BenchmarkOptions.parse("--inboxes=sqlite,memory"));
  }

  @Test
  void aRunSurvivesItsTripBetweenJvms() throws Exception {
    InboxRun run = run("sqlite", 2, 7_000, 3_000_000);
    Path file = directory.resolve("run.properties");
    run.store(file);
    InboxRun back = InboxRun.load(file);
    assertEquals(run.ackedPerSecond(), back.ackedPerSecond());
    assertEquals(run.p99Millis(), back.p99Millis());
    assertEquals(run.load().errors(), back.load().errors());
    assertEquals(run.cpu(), back.cpu());
    assertEquals(run.waitingAfter(), back.waitingAfter());
  }

  @Test
  void ratiosAreToTheSameRoundsMemoryAndTheMedianDecides() throws Exception {
    List<InboxRun> runs = new ArrayList<>();
    double[] memory = {10_000, 20_000, 10_000};
    double[] sqlite = {7_000, 10_000, 5_000};
    for (int round = 1; round <= 3; round++) {
      runs.add(run("memory", round, memory[round - 1], 1_000_000));
      runs.add(run("sqlite", round, sqlite[round - 1], 2_000_000));
    }
    BenchmarkOptions options = BenchmarkOptions.parse("--rounds=3", "--inboxes=memory,sqlite",
        "--output=" + directory.resolve("out.md"));
    InboxReport report = new InboxReport(options, ZonedDateTime.now(), null,
        PostgresTarget.unavailable("not asked for"), runs);
    assertEquals(List.of(0.7, 0.5, 0.5), report.ratios("sqlite", InboxRun::ackedPerSecond));
    assertEquals(0.5, report.sqliteRatio());
    assertEquals("target SQLite ≥ 0.6× memory: missed (0.50×)", report.verdict());
    String markdown = report.markdown();
    assertTrue(markdown.contains("| sqlite | acknowledged/s | 0.70 | 0.50 | 0.50 | **0.50** |"),
        markdown);
    Files.writeString(directory.resolve("out.md"), markdown);
  }

  private static InboxRun run(String inbox, int round, double perSecond, long latencyNanos) {
    Histogram latency = new Histogram(60_000_000_000L, 3);
    latency.recordValueWithCount(latencyNanos, 100);
    long acked = Math.round(perSecond * 10);
    ClosedLoopLoad.Result load = new ClosedLoopLoad.Result(acked + 500, acked,
        Duration.ofSeconds(10), latency, 0, 1, Map.of("HTTP 503 inbox full", 1L));
    CpuSample.Usage cpu = new CpuSample.Usage(0.9, 0.01, 0.8,
        Map.of("load generator", 0.2, "Jetty", 0.3, "workers", 0.05, "inbox writer", 0.2,
            "other JVM", 0.05));
    return new InboxRun(inbox, round, load, acked, acked + 500, true, 0.1, 0, acked, 0, cpu,
        -1, "");
  }
}
