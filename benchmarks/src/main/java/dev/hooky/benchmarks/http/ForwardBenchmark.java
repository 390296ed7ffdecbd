package dev.hooky.benchmarks.http;

import dev.hooky.benchmarks.ClosedLoopLoad;
import dev.hooky.benchmarks.CountingHandler;
import dev.hooky.benchmarks.MachineInfo;
import dev.hooky.benchmarks.OptionValues;
import dev.hooky.benchmarks.SignedEvents;
import dev.hooky.benchmarks.Statistics;
import dev.hooky.benchmarks.WebhookClient;
import dev.hooky.runtime.Hooky;
import dev.hooky.runtime.HookyBuilder;
import dev.hooky.runtime.HookyServer;
import dev.hooky.runtime.forward.HttpDestination;
import dev.hooky.runtime.forward.StandardWebhookSigner;
import dev.hooky.runtime.forward.WebhookSecret;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.eclipse.jetty.server.Server;

/**
 * What forwarding costs: the same closed-loop webhook load against Hooky with its own in-JVM
 * handler ({@link CountingHandler}) and against {@code hooky serve}'s forwarding handler posting
 * every event, signed per Standard Webhooks, to a local no-op receiver (Jetty answering 200). Both
 * run in one JVM and one run, alternating, with the memory inbox (so that storage is not what is
 * measured). Per run: acknowledged/s, handled (or forwarded) per second in the window, and after
 * the load stops, forwarded per second catching up with the backlog with no requests competing.
 *
 * <p>Options: {@code --duration=8 --warmup=3 --rounds=3 --concurrency=16 --workers=8
 * --drain-timeout=30 --output=benchmarks/results/forward-<date>.md}.
 */
public final class ForwardBenchmark {
  private static final List<String> KEYS =
      List.of("duration", "warmup", "rounds", "concurrency", "workers", "drain-timeout", "output");
  private static final String USAGE = String.join("\n",
      "Usage: java -cp benchmarks/target/hooky-benchmarks.jar"
          + " dev.hooky.benchmarks.http.ForwardBenchmark [--key=value ...]",
      "",
      "  --duration=SECONDS       measured period per run (default 8)",
      "  --warmup=SECONDS         unmeasured load before it (default 3)",
      "  --rounds=N               rounds; each runs every kind once (default 3)",
      "  --concurrency=N          closed-loop senders (default 16)",
      "  --workers=N              Hooky's worker threads, as hooky serve's default (default 8);",
      "                           the last kind forwards with 4 times as many",
      "  --drain-timeout=SECONDS  after the load, how long to let forwarding catch up (default 30)",
      "  --output=PATH            default benchmarks/results/forward-<yyyy-mm-dd>.md");

  record Options(int duration, int warmup, int rounds, int concurrency, int workers, int drain,
      Path output) {
    static Options parse(String[] args) {
      OptionValues values = OptionValues.parse(KEYS, args);
      return new Options(values.positive("duration", 8), values.atLeastZero("warmup", 3),
          values.positive("rounds", 3), values.positive("concurrency", 16),
          values.positive("workers", 8), values.positive("drain-timeout", 30),
          Path.of(values.string("output", "benchmarks/results/forward-"
              + LocalDate.now(ZoneOffset.UTC) + ".md")));
    }
  }

  /** What one run measured. */
  record Run(String kind, int round, int workers, double ackedPerSecond, double handledPerSecond,
      long errors, double p50Millis, double p99Millis, long backlogAtStop,
      double catchUpPerSecond, boolean drained) {}

  private ForwardBenchmark() {}

  public static void main(String[] args) throws Exception {
    if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    }
    Options options = OptionValues.parseOrExit(args, USAGE, Options::parse);
    if (options == null) {
      return;
    }
    // The no-op receiver: PlainJettyServer's handler, which counts what it answered.
    PlainJettyServer.Plain receiverHandler = new PlainJettyServer.Plain();
    Server receiver = JettyOnLoopback.start(receiverHandler, 0);
    URI receiverUrl = URI.create("http://127.0.0.1:" + JettyOnLoopback.port(receiver) + "/hook");
    List<Run> runs = new ArrayList<>();
    String loadBefore = loadAverage();
    try {
      for (int round = 1; round <= options.rounds(); round++) {
        // Alternate the order, so that neither kind always runs on a warmer JIT.
        List<String> kinds = round % 2 == 1
            ? List.of("handler", "forward", "forward-wide")
            : List.of("forward-wide", "forward", "handler");
        for (String kind : kinds) {
          Run run = run(kind, round, options, receiverUrl, receiverHandler);
          System.err.printf(Locale.ROOT, "round %d %-12s acked/s %,9.0f handled/s %,9.0f"
              + " catching up/s %,9.0f errors %d%n", round, kind, run.ackedPerSecond(),
              run.handledPerSecond(), run.catchUpPerSecond(), run.errors());
          runs.add(run);
        }
      }
    } finally {
      JettyOnLoopback.stop(receiver);
    }
    String report = report(options, runs)
        + "\nLoad average (1, 5, 15 min) before the run: " + loadBefore + "; after: "
        + loadAverage() + " (other processes on this machine compete for its cores).\n";
    Files.createDirectories(options.output().toAbsolutePath().getParent());
    Files.writeString(options.output(), report, StandardCharsets.UTF_8);
    System.out.println(report);
    System.exit(0);
  }

  private static Run run(String kind, int round, Options options, URI receiverUrl,
      PlainJettyServer.Plain receiver) throws InterruptedException {
    int workers = kind.equals("forward-wide") ? options.workers() * 4 : options.workers();
    CountingHandler counting = new CountingHandler();
    HookyBuilder builder = Hooky.server().host("127.0.0.1").port(0).adminPort(-1)
        .inbox("memory").signingKeys(SignedEvents.SIGNING_KEY).workerThreads(workers)
        .shutdownTimeout(Duration.ofSeconds(5));
    LongSupplier handled;
    if (kind.equals("handler")) {
      builder.handlers(counting);
      handled = counting::handled;
    } else {
      long before = receiver.requests();
      builder.forward(new HttpDestination("forward bench", receiverUrl, Duration.ofSeconds(5),
          new StandardWebhookSigner(List.of(WebhookSecret.generate())), Clock.systemUTC()),
          List.of("*"));
      handled = () -> receiver.requests() - before;
    }
    HookyServer server = builder.start();
    try (WebhookClient client = WebhookClient.Kind.SOCKET.connect(server.url())) {
      AtomicLong sequence = new AtomicLong();
      String prefix = String.format(Locale.ROOT, "%s%02d-%c", "fwdbench", round % 100,
          kind.charAt(kind.length() - 1));
      long[] window = new long[2];
      ClosedLoopLoad.Result load = ClosedLoopLoad.run(client,
          () -> new SignedEvents(SignedEvents.SIGNING_KEY, prefix, sequence),
          options.concurrency(), ClosedLoopLoad.WarmUp.fixed(Duration.ofSeconds(options.warmup())),
          Duration.ofSeconds(options.duration()), new ClosedLoopLoad.WindowObserver() {
            @Override
            public void windowStarted() {
              window[0] = handled.getAsLong();
            }

            @Override
            public void windowEnded() {
              window[1] = handled.getAsLong();
            }
          });
      long stopped = System.nanoTime();
      long atStop = handled.getAsLong();
      long backlog = load.acked() - atStop;
      long deadline = stopped + TimeUnit.SECONDS.toNanos(options.drain());
      while (handled.getAsLong() < load.acked() && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      double seconds = (System.nanoTime() - stopped) / 1e9;
      long after = handled.getAsLong();
      return new Run(kind, round, workers, load.ackedPerSecond(),
          (window[1] - window[0]) / (double) options.duration(), load.errorsInWindow(),
          load.latencyNanos().getValueAtPercentile(50) / 1e6,
          load.latencyNanos().getValueAtPercentile(99) / 1e6, backlog,
          backlog > 100 ? (after - atStop) / seconds : Double.NaN, after >= load.acked());
    } finally {
      server.close();
    }
  }

  static String report(Options options, List<Run> runs) {
    StringBuilder out = new StringBuilder();
    out.append("# Forwarding cost, ").append(LocalDate.now(ZoneOffset.UTC)).append("\n\n");
    out.append("Forwarded events per second (`hooky serve`'s forwarding handler posting each event,"
        + " signed per Standard Webhooks, to a local no-op receiver) against Hooky's own in-JVM"
        + " handler throughput, under the same closed-loop webhook load, in the same run. Written"
        + " by `dev.hooky.benchmarks.http.ForwardBenchmark`.\n\n");
    out.append("## Set-up\n\n").append(MachineInfo.setUpLines());
    out.append("- load: ").append(options.concurrency()).append(" closed-loop senders (raw HTTP/1.1"
        + " keep-alive sockets) posting signed Customer.io events of 350 to 420 bytes; ")
        .append(options.warmup()).append(" s warm-up, ").append(options.duration())
        .append(" s measured, ").append(options.rounds()).append(" rounds, kinds in alternating"
            + " order\n");
    out.append("- Hooky: memory inbox (capacity 10,000 waiting events: beyond it, requests are"
        + " answered 503), host 127.0.0.1, admin port off\n");
    out.append("- kinds: `handler` = the generated router of a handler that counts events, ")
        .append(options.workers()).append(" workers; `forward` = one destination for `*`, ")
        .append(options.workers()).append(" workers (hooky serve's default); `forward-wide` = the"
            + " same with ").append(options.workers() * 4).append(" workers\n");
    out.append("- receiver: Jetty 12 on 127.0.0.1 in the same JVM, reading the body and answering"
        + " 200 `ok` without verifying; forwarding over java.net.http.HttpClient (HTTP/1.1,"
        + " keep-alive), 5 s time-out\n");
    out.append("- after the load stops: at most ").append(options.drain()).append(" s for the"
        + " handler or forwarder to catch up with every acknowledged event; \"catching up/s\" is"
        + " its rate then, with no requests competing (only when over 100 events were left)\n\n");

    out.append("## Medians over the rounds\n\n");
    out.append("| kind | workers | acknowledged/s | handled or forwarded/s | ratio to handler |"
        + " catching up/s | p50 ack ms | p99 ack ms |\n|---|---:|---:|---:|---:|---:|---:|---:|\n");
    double handlerRate = median(runs, "handler", Run::handledPerSecond);
    for (String kind : List.of("handler", "forward", "forward-wide")) {
      double rate = median(runs, kind, Run::handledPerSecond);
      double catchUp = median(runs, kind, Run::catchUpPerSecond);
      int workers = runs.stream().filter(r -> r.kind().equals(kind)).findFirst()
          .map(Run::workers).orElse(0);
      out.append(String.format(Locale.ROOT, "| %s | %d | %,.0f | %,.0f | **%.2f** | %s | %.2f |"
              + " %.2f |%n", kind, workers, median(runs, kind, Run::ackedPerSecond), rate,
          rate / handlerRate, Double.isNaN(catchUp) ? "" : String.format(Locale.ROOT, "%,.0f",
              catchUp), median(runs, kind, Run::p50Millis), median(runs, kind, Run::p99Millis)));
    }
    out.append("\n## Every run\n\n");
    out.append("| round | kind | acknowledged/s | handled or forwarded/s | errors (503) in window |"
        + " p50 ms | p99 ms | left at stop | catching up/s | all delivered |\n"
        + "|---:|---|---:|---:|---:|---:|---:|---:|---:|---|\n");
    for (Run run : runs) {
      out.append(String.format(Locale.ROOT, "| %d | %s | %,.0f | %,.0f | %,d | %.2f | %.2f | %,d |"
              + " %s | %s |%n", run.round(), run.kind(), run.ackedPerSecond(),
          run.handledPerSecond(), run.errors(), run.p50Millis(), run.p99Millis(),
          run.backlogAtStop(), Double.isNaN(run.catchUpPerSecond()) ? ""
              : String.format(Locale.ROOT, "%,.0f", run.catchUpPerSecond()),
          run.drained() ? "yes" : "no"));
    }
    return out.toString();
  }

  private static String loadAverage() {
    try {
      String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
      return fields[0] + ", " + fields[1] + ", " + fields[2];
    } catch (java.io.IOException | RuntimeException e) {
      return "unknown";
    }
  }

  private static double median(List<Run> runs, String kind,
      java.util.function.ToDoubleFunction<Run> measure) {
    List<Double> values = runs.stream().filter(run -> run.kind().equals(kind))
        .map(measure::applyAsDouble).filter(value -> !Double.isNaN(value)).toList();
    return values.isEmpty() ? Double.NaN : Statistics.median(values);
  }
}
