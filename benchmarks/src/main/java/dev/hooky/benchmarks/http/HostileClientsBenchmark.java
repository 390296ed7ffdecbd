package dev.hooky.benchmarks.http;

import dev.hooky.benchmarks.BenchmarkFiles;
import dev.hooky.benchmarks.MachineInfo;
import dev.hooky.benchmarks.SignedEvents;
import dev.hooky.benchmarks.WebhookClient;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * What hostile clients without a key cost authentic senders: Hooky (SQLite inbox, its defaults,
 * a small heap) in a JVM of its own answers one authentic sender's events while nothing else
 * happens, then while 1,000 connections trickle their bodies a byte a second, then while 200
 * connections each declare a 5 MiB body and send ten bytes. It reports the authentic events'
 * latency in each phase, as ratios to the quiet phase, the server's peak memory, and whether it
 * survived. Results go to {@code benchmarks/results/hostile-DATE.md}.
 *
 * <p>Options: {@code --slow N} (1000), {@code --liars N} (200), {@code --events N} per phase
 * (3000), {@code --heap SIZE} (256m), {@code --inbox memory|sqlite} (sqlite), {@code --out FILE}.
 */
public final class HostileClientsBenchmark {
  private static final String PATH = "/webhooks/customerio";

  private HostileClientsBenchmark() {}

  private record Phase(String name, String description, Histogram latency, long errors,
      long reopened) {}

  public static void main(String[] args) throws Exception {
    int slow = 1000;
    int liars = 200;
    int events = 3000;
    String heap = "256m";
    String inboxKind = "sqlite";
    Path out = Path.of("benchmarks", "results",
        "hostile-" + LocalDate.now(ZoneOffset.UTC) + ".md");
    for (int i = 0; i < args.length; i += 2) {
      String value = i + 1 < args.length ? args[i + 1] : "";
      switch (args[i]) {
        case "--slow" -> slow = Integer.parseInt(value);
        case "--liars" -> liars = Integer.parseInt(value);
        case "--events" -> events = Integer.parseInt(value);
        case "--heap" -> heap = value;
        case "--inbox" -> inboxKind = value;
        case "--out" -> out = Path.of(value);
        default -> {
          System.err.println("unknown option " + args[i] + "; see the class's Javadoc");
          System.exit(2);
        }
      }
    }
    Path work = Files.createTempDirectory("hooky-hostile");
    String inbox = inboxKind.equals("memory") ? "memory"
        : "sqlite:" + work.resolve("inbox.db");
    Path log = work.resolve("server.log");
    List<String> command = List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + heap,
        "-cp", System.getProperty("java.class.path"), HookyTargetServer.class.getName(), "0",
        inbox);
    List<Phase> phases = new ArrayList<>();
    long peakKb;
    boolean alive;
    String problems;
    try (ServerProcess server = ServerProcess.start(command, log)) {
      int port = server.awaitPort(Duration.ofSeconds(60));
      InetSocketAddress address = new InetSocketAddress("127.0.0.1", port);
      URI url = URI.create("http://127.0.0.1:" + port + PATH);
      SignedEvents signed = new SignedEvents(SignedEvents.SIGNING_KEY, "hostile--",
          new AtomicLong());
      try (WebhookClient client = WebhookClient.Kind.SOCKET.connect(url);
          WebhookClient.Sender sender = client.open()) {
        measure(sender, signed, events, null); // warm-up
        phases.add(phase("quiet", "no other client", sender, signed, events, null));
        try (HostileSenders trickling = new HostileSenders(address, PATH, slow, 1000, 1, 1000)) {
          trickling.start();
          phases.add(phase("slow senders", slow + " connections trickling a 1,000-byte body at"
              + " one byte a second", sender, signed, events, trickling));
        }
        try (HostileSenders lying = new HostileSenders(address, PATH, liars, 5L << 20, 10,
            1000)) {
          lying.start();
          phases.add(phase("declared lengths", liars + " connections each declaring 5 MiB and"
              + " sending 10 bytes a second", sender, signed, events, lying));
        }
      }
      peakKb = server.memoryKb("VmHWM");
      alive = server.handled() >= 0;
      problems = BenchmarkFiles.problems(log)
          + (Files.readString(log).contains("OutOfMemoryError") ? "; OutOfMemoryError!" : "");
    }
    String report = report(phases, slow, liars, heap, inboxKind, peakKb, alive, problems);
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.writeString(out, report, StandardCharsets.UTF_8);
    System.out.println(report);
    System.out.println("Written to " + out);
    BenchmarkFiles.deleteRecursively(work);
  }

  private static Phase phase(String name, String description, WebhookClient.Sender sender,
      SignedEvents signed, int events, HostileSenders hostile) throws Exception {
    Thread.sleep(1000); // let the hostile connections settle in
    long[] errors = new long[1];
    Histogram latency = measure(sender, signed, events, errors);
    return new Phase(name, description, latency, errors[0],
        hostile == null ? 0 : hostile.reopened());
  }

  /** Posts {@code events} authentic events one after another; their latencies in microseconds. */
  private static Histogram measure(WebhookClient.Sender sender, SignedEvents signed, int events,
      long[] errors) throws Exception {
    Histogram latency = new Histogram(60_000_000L, 3);
    for (int i = 0; i < events; i++) {
      long start = System.nanoTime();
      WebhookClient.Reply reply = sender.post(signed.next());
      latency.recordValue(Math.max(1, (System.nanoTime() - start) / 1000));
      if (reply.status() != 200 && errors != null) {
        errors[0]++;
      }
    }
    return latency;
  }

  private static String report(List<Phase> phases, int slow, int liars, String heap,
      String inbox, long peakKb, boolean alive, String problems) {
    StringBuilder md = new StringBuilder("# Hostile clients: what they cost authentic senders\n\n");
    md.append(MachineInfo.setUpLines());
    md.append("- server: Hooky, ").append(inbox).append(" inbox, its defaults (body time-out"
        + " 5 s, 2,048 connections, in-flight body budget a quarter of the heap), -Xmx")
        .append(heap).append(", a JVM of its own\n");
    md.append("- authentic sender: one keep-alive connection, one signed event at a time\n\n");
    md.append("| phase | hostile clients | events | non-200 | p50 ms | p99 ms | max ms |"
        + " p99 ÷ quiet | hostile connections cut off and reopened |\n");
    md.append("|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
    double quietP99 = phases.get(0).latency().getValueAtPercentile(99);
    for (Phase phase : phases) {
      Histogram h = phase.latency();
      md.append(String.format(Locale.ROOT, "| %s | %s | %d | %d | %.2f | %.2f | %.2f | %.2f | %d |%n",
          phase.name(), phase.description(), h.getTotalCount(), phase.errors(),
          h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(99) / 1000.0,
          h.getMaxValue() / 1000.0, h.getValueAtPercentile(99) / quietP99, phase.reopened()));
    }
    md.append(String.format(Locale.ROOT, "%n- server peak RSS (VmHWM): %.0f MiB; still answering"
        + " at the end: %s%n", peakKb / 1024.0, alive ? "yes" : "no"));
    md.append("- warnings and errors in the server's log (refusals are summarised, at most one"
        + " line per kind each 10 s): ")
        .append(problems.isBlank() ? "none" : "\n```\n" + problems + "\n```")
        .append("\n\n## Findings\n\n(written by hand after the run)\n");
    return md.toString();
  }

}
