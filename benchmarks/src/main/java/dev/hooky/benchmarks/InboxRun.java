package dev.hooky.benchmarks;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/**
 * What one inbox did in one round; passed from the run's JVM to the benchmark's as a properties
 * file ({@link #store}, {@link #load}).
 *
 * @param handledWhenLoadStopped the handler's count when the last sender had its last answer
 * @param handled the handler's count once the wait for it ended
 * @param drained whether the handler caught up with every acknowledged event within the bound
 * @param drainSeconds how long that wait took after the load stopped
 * @param waitingAfter deliveries still waiting in the inbox when the wait ended: with {@code
 *     handled}, every acknowledged event is accounted for (but the few the workers hold)
 * @param handledInWindow events handled during the measured window
 * @param waitingAtWindowEnd deliveries waiting in the inbox when the window ended
 * @param commitsInWindow PostgreSQL write transactions during the window, -1 where not measured
 * @param logProblems warnings and errors the run's JVM logged, the first of them after a colon
 */
record InboxRun(String inbox, int round, ClosedLoopLoad.Result load,
    long handledWhenLoadStopped, long handled, boolean drained, double drainSeconds,
    long waitingAfter, long handledInWindow, long waitingAtWindowEnd,
    CpuSample.Usage cpu, long commitsInWindow, String logProblems) {

  double ackedPerSecond() {
    return load.ackedPerSecond();
  }

  double p50Millis() {
    return load.latencyNanos().getValueAtPercentile(50) / 1e6;
  }

  double p99Millis() {
    return load.latencyNanos().getValueAtPercentile(99) / 1e6;
  }

  double maxMillis() {
    return load.latencyNanos().getMaxValue() / 1e6;
  }

  double handledPerSecond() {
    return handledInWindow / (load.window().toNanos() / 1e9);
  }

  /** The handler's rate after the load stopped, while it caught up; NaN if little was left. */
  double drainPerSecond() {
    long caughtUp = handled - handledWhenLoadStopped;
    return drainSeconds >= 0.5 ? caughtUp / drainSeconds : Double.NaN;
  }

  InboxRun withLogProblems(String problems) {
    return new InboxRun(inbox, round, load, handledWhenLoadStopped, handled, drained, drainSeconds,
        waitingAfter, handledInWindow, waitingAtWindowEnd, cpu, commitsInWindow, problems);
  }

  void store(Path file) throws IOException {
    Properties properties = new Properties();
    properties.setProperty("inbox", inbox);
    properties.setProperty("round", Integer.toString(round));
    properties.setProperty("acked", Long.toString(load.acked()));
    properties.setProperty("ackedInWindow", Long.toString(load.ackedInWindow()));
    properties.setProperty("windowNanos", Long.toString(load.window().toNanos()));
    ByteBuffer histogram = ByteBuffer.allocate(load.latencyNanos().getNeededByteBufferCapacity());
    int length = load.latencyNanos().encodeIntoCompressedByteBuffer(histogram);
    properties.setProperty("latencyNanos",
        Base64.getEncoder().encodeToString(Arrays.copyOf(histogram.array(), length)));
    properties.setProperty("duplicates", Long.toString(load.duplicates()));
    properties.setProperty("errorsInWindow", Long.toString(load.errorsInWindow()));
    int index = 0;
    for (Map.Entry<String, Long> error : load.errors().entrySet()) {
      properties.setProperty("error." + index + ".kind", error.getKey());
      properties.setProperty("error." + index + ".count", Long.toString(error.getValue()));
      index++;
    }
    properties.setProperty("handledWhenLoadStopped", Long.toString(handledWhenLoadStopped));
    properties.setProperty("handled", Long.toString(handled));
    properties.setProperty("drained", Boolean.toString(drained));
    properties.setProperty("drainSeconds", Double.toString(drainSeconds));
    properties.setProperty("waitingAfter", Long.toString(waitingAfter));
    properties.setProperty("handledInWindow", Long.toString(handledInWindow));
    properties.setProperty("waitingAtWindowEnd", Long.toString(waitingAtWindowEnd));
    properties.setProperty("cpu.machine", Double.toString(cpu.machineBusy()));
    properties.setProperty("cpu.iowait", Double.toString(cpu.machineIoWait()));
    properties.setProperty("cpu.process", Double.toString(cpu.process()));
    cpu.groups().forEach((group, share) ->
        properties.setProperty("cpu.group." + group, Double.toString(share)));
    properties.setProperty("commitsInWindow", Long.toString(commitsInWindow));
    try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      properties.store(out, "one inbox run of InboxLoadBenchmark");
    }
  }

  static InboxRun load(Path file) throws IOException {
    Properties properties = new Properties();
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      properties.load(in);
    }
    Histogram latency;
    try {
      latency = Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(
          Base64.getDecoder().decode(properties.getProperty("latencyNanos"))), 0);
    } catch (DataFormatException e) {
      throw new IOException("unreadable latency histogram in " + file, e);
    }
    Map<String, Long> errors = new TreeMap<>();
    for (int index = 0; properties.containsKey("error." + index + ".kind"); index++) {
      errors.put(properties.getProperty("error." + index + ".kind"),
          Long.parseLong(properties.getProperty("error." + index + ".count")));
    }
    ClosedLoopLoad.Result load = new ClosedLoopLoad.Result(number(properties, "acked"),
        number(properties, "ackedInWindow"),
        Duration.ofNanos(number(properties, "windowNanos")), latency,
        number(properties, "duplicates"), number(properties, "errorsInWindow"), errors);
    Map<String, Double> groups = new LinkedHashMap<>();
    for (String group : CpuSample.GROUPS) {
      groups.put(group, fraction(properties, "cpu.group." + group));
    }
    CpuSample.Usage cpu = new CpuSample.Usage(fraction(properties, "cpu.machine"),
        fraction(properties, "cpu.iowait"), fraction(properties, "cpu.process"), groups);
    return new InboxRun(properties.getProperty("inbox"),
        Integer.parseInt(properties.getProperty("round")), load,
        number(properties, "handledWhenLoadStopped"), number(properties, "handled"),
        Boolean.parseBoolean(properties.getProperty("drained")),
        fraction(properties, "drainSeconds"), number(properties, "waitingAfter"),
        number(properties, "handledInWindow"),
        number(properties, "waitingAtWindowEnd"), cpu, number(properties, "commitsInWindow"),
        "");
  }

  private static long number(Properties properties, String key) {
    return Long.parseLong(properties.getProperty(key));
  }

  private static double fraction(Properties properties, String key) {
    String value = properties.getProperty(key);
    return value == null ? Double.NaN : Double.parseDouble(value);
  }
}
