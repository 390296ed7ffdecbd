package dev.hooky.benchmarks;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Command-line options, {@code --key=value}, each also settable as a system property {@code
 * -Dhooky.bench.key=value}; the command line wins. {@link #USAGE} lists them.
 */
record BenchmarkOptions(int durationSeconds, int warmupSeconds, int rounds, int concurrency,
    List<String> inboxes, WebhookClient.Kind client, Path output, int drainTimeoutSeconds,
    Path sqliteDirectory, int workerThreads) {

  static final List<String> INBOXES = List.of("memory", "sqlite", "postgres");

  static final String USAGE = String.join("\n",
      "Usage: java -jar benchmarks/target/hooky-benchmarks.jar [--key=value ...]",
      "",
      "  --duration=SECONDS     measured period per inbox and round (default 8)",
      "  --warmup=SECONDS       unmeasured load before it, per inbox and round (default 3)",
      "  --rounds=N             rounds; each runs every inbox once, in order (default 5)",
      "  --concurrency=N        closed-loop senders, each with one request in flight (default 32)",
      "  --inboxes=LIST         comma-separated, from memory,sqlite,postgres (default all three);",
      "                         memory first: it is the baseline of the ratios",
      "  --client=KIND          socket (raw HTTP/1.1 keep-alive sockets, default) or httpclient",
      "                         (java.net.http.HttpClient)",
      "  --output=PATH          the Markdown results (default",
      "                         benchmarks/results/inbox-<yyyy-mm-dd>.md)",
      "  --drain-timeout=SECONDS  after each run, how long to wait for the handlers to catch up",
      "                         with the acknowledged events (default 8)",
      "  --sqlite-dir=PATH      where the SQLite inbox files go (default the temp directory)",
      "  --workers=N            Hooky's worker threads (default Hooky's: cores, at least 2)",
      "",
      "Environment: HOOKY_BENCH_POSTGRES_URL=jdbc:postgresql://... runs the PostgreSQL inbox",
      "there (in a schema of its own per round, dropped afterwards); without it a throwaway",
      "cluster is started from /usr/lib/postgresql/*/bin, or PostgreSQL is reported as not run.");

  private static final List<String> KEYS = List.of("duration", "warmup", "rounds",
      "concurrency", "inboxes", "client", "output", "drain-timeout", "sqlite-dir", "workers");

  /**
   * Parses {@code args} over the system properties over the defaults.
   *
   * @throws IllegalArgumentException saying which option is wrong
   */
  static BenchmarkOptions parse(String... args) {
    OptionValues values = OptionValues.parse(KEYS, args);
    int duration = values.positive("duration", 8);
    int warmup = values.atLeastZero("warmup", 3);
    int rounds = values.positive("rounds", 5);
    int concurrency = values.positive("concurrency", 32);
    List<String> inboxes = new ArrayList<>();
    for (String inbox : values.string("inboxes", String.join(",", INBOXES)).split(",")) {
      String name = inbox.trim().toLowerCase(Locale.ROOT);
      if (!INBOXES.contains(name)) {
        throw new IllegalArgumentException("--inboxes: unknown inbox \"" + name + "\"; use "
            + String.join(", ", INBOXES));
      }
      if (!inboxes.contains(name)) {
        inboxes.add(name);
      }
    }
    if (inboxes.isEmpty() || !inboxes.get(0).equals("memory")) {
      throw new IllegalArgumentException("--inboxes must start with memory, the baseline");
    }
    WebhookClient.Kind client;
    try {
      client = WebhookClient.Kind.valueOf(
          values.string("client", "socket").trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--client must be socket or httpclient", e);
    }
    Path output = Path.of(values.string("output",
        "benchmarks/results/inbox-" + LocalDate.now() + ".md"));
    int drainTimeout = values.positive("drain-timeout", 8);
    Path sqliteDirectory =
        Path.of(values.string("sqlite-dir", System.getProperty("java.io.tmpdir")));
    int workers = values.atLeastZero("workers", 0);
    return new BenchmarkOptions(duration, warmup, rounds, concurrency, List.copyOf(inboxes),
        client, output, drainTimeout, sqliteDirectory, workers);
  }

  /** The options a run's JVM needs ({@link InboxLoadRun}), as command-line arguments. */
  List<String> runArguments() {
    return List.of("--duration=" + durationSeconds, "--warmup=" + warmupSeconds,
        "--concurrency=" + concurrency, "--client=" + client.option(),
        "--drain-timeout=" + drainTimeoutSeconds, "--workers=" + workerThreads);
  }
}
