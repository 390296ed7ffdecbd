package dev.hooky.benchmarks.http;

import dev.hooky.benchmarks.OptionValues;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The HTTP comparison's options, {@code --key=value}, each also settable as a system property
 * {@code -Dhooky.bench.key=value}; the command line wins. {@link #USAGE} lists them.
 *
 * @param servers in round order, (a) to (h), whatever order they were given in
 * @param rate the fixed rate in requests/s; 0: half of plain-jetty's closed-loop rate that round
 * @param serverJvmOptions the options of every server's JVM (the same for all)
 * @param minWarmupSeconds the other servers' shortest closed-loop warm-up
 * @param springMinWarmupSeconds the Spring Boot servers' shortest closed-loop warm-up
 * @param springMaxWarmupSeconds their longest, in place of {@code maxWarmupSeconds}
 */
record HttpOptions(int rounds, int durationSeconds, int fixedDurationSeconds, int connections,
    List<ServerKind> servers, Path output, int maxWarmupSeconds, double rate,
    int drainTimeoutSeconds, List<String> serverJvmOptions, Path sqliteDirectory,
    int minWarmupSeconds, int springMinWarmupSeconds, int springMaxWarmupSeconds) {

  static final String USAGE = String.join("\n",
      "Usage: java -cp benchmarks/target/hooky-benchmarks.jar"
          + " dev.hooky.benchmarks.http.HttpComparisonBenchmark [--key=value ...]",
      "",
      "  --rounds=N             rounds; each runs every server once, in order (default 3)",
      "  --duration=SECONDS     measured closed-loop window per server and round (default 10)",
      "  --fixed-duration=SECONDS  measured fixed-rate window per server and round (default 10)",
      "  --connections=N        connections (sender threads), both phases (default 64)",
      "  --servers=LIST         comma-separated, from plain-jetty,hand-written,memory,sqlite,",
      "                         postgres (default these five), the opt-in mounts servlet",
      "                         (Jetty EE10) and spring-boot (Spring Boot 4 on Tomcat), and the",
      "                         opt-in spring-plain (a plain Spring Boot 4 controller, no Hooky)",
      "  --max-warmup=SECONDS   cap of the closed-loop warm-up, which otherwise lasts until the",
      "                         rate stops rising (default 30; 0: no warm-up)",
      "  --min-warmup=SECONDS   every other server warms up at least this long, however steady",
      "                         it looks (default 0; JIT compilation can pause a climb)",
      "  --spring-min-warmup=SECONDS  the Spring Boot servers (spring-boot, spring-plain) warm",
      "                         up at least this long, however steady they look (default 60)",
      "  --spring-max-warmup=SECONDS  and at most this long, in place of --max-warmup (default",
      "                         120)",
      "  --rate=PER-SECOND      the fixed rate (default 0: half of plain-jetty's closed-loop rate",
      "                         in the same round; required without plain-jetty)",
      "  --drain-timeout=SECONDS  after the load, how long to wait for the handlers to catch up",
      "                         with the acknowledged events (default 30)",
      "  --server-jvm-options=\"...\"  options of every server's JVM, space-separated (default",
      "                         none: the JVM's defaults)",
      "  --sqlite-dir=PATH      where the SQLite inbox files go (default the temp directory)",
      "  --output=PATH          the Markdown results (default",
      "                         benchmarks/results/http-<yyyy-mm-dd>.md)",
      "",
      "Environment: HOOKY_BENCH_POSTGRES_URL=jdbc:postgresql://... runs the PostgreSQL inbox",
      "there (in a schema of its own per round, dropped afterwards); without it a throwaway",
      "cluster is started from /usr/lib/postgresql/*/bin, or PostgreSQL is reported as not run.");

  private static final List<String> KEYS = List.of("rounds", "duration", "fixed-duration",
      "connections", "servers", "max-warmup", "min-warmup", "spring-min-warmup", "spring-max-warmup", "rate",
      "drain-timeout", "server-jvm-options", "sqlite-dir", "output");

  /**
   * Parses {@code args} over the system properties over the defaults.
   *
   * @throws IllegalArgumentException saying which option is wrong
   */
  static HttpOptions parse(String... args) {
    OptionValues values = OptionValues.parse(KEYS, args);
    List<ServerKind> servers = new ArrayList<>();
    String list = values.string("servers",
        String.join(",", Arrays.stream(ServerKind.values()).filter(kind -> !kind.optIn())
            .map(ServerKind::option).toList()));
    for (String name : list.split(",")) {
      if (!name.isBlank()) {
        ServerKind kind = ServerKind.of(name);
        if (!servers.contains(kind)) {
          servers.add(kind);
        }
      }
    }
    if (servers.isEmpty()) {
      throw new IllegalArgumentException("--servers names no server");
    }
    servers.sort(null);
    double rate = values.number("rate", 0);
    if (rate == 0 && !servers.contains(ServerKind.PLAIN_JETTY)) {
      throw new IllegalArgumentException("without plain-jetty, give the fixed rate: --rate=N");
    }
    String jvmOptions = values.string("server-jvm-options", "").trim();
    return new HttpOptions(values.positive("rounds", 3), values.positive("duration", 10),
        values.positive("fixed-duration", 10), values.positive("connections", 64),
        List.copyOf(servers),
        Path.of(values.string("output", "benchmarks/results/http-" + LocalDate.now() + ".md")),
        values.atLeastZero("max-warmup", 30), rate, values.positive("drain-timeout", 30),
        jvmOptions.isEmpty() ? List.of() : List.of(jvmOptions.split("\\s+")),
        Path.of(values.string("sqlite-dir", System.getProperty("java.io.tmpdir"))),
        values.atLeastZero("min-warmup", 0), values.atLeastZero("spring-min-warmup", 60), values.atLeastZero("spring-max-warmup", 120));
  }

  /** The shortest closed-loop warm-up of {@code server}, in seconds. */
  int minWarmupSeconds(ServerKind server) {
    return server.spring() ? Math.min(springMinWarmupSeconds, springMaxWarmupSeconds)
        : Math.min(minWarmupSeconds, maxWarmupSeconds);
  }

  /** The longest closed-loop warm-up of {@code server}, in seconds. */
  int maxWarmupSeconds(ServerKind server) {
    return server.spring() ? springMaxWarmupSeconds : maxWarmupSeconds;
  }
}
