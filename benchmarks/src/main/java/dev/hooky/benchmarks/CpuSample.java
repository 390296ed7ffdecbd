package dev.hooky.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU time so far: of the machine (from {@code /proc/stat}, when readable), of this JVM, and of
 * this JVM's threads grouped by what they do (by thread name). Two samples give {@link Usage}: who
 * used the cores during the measured window, which says whether the load generator, the server's
 * request threads, its workers or its inbox writer were the busy ones.
 */
public final class CpuSample {
  /** Thread groups, by name prefix, in report order. */
  static final List<String> GROUPS =
      List.of("load generator", "Jetty", "workers", "inbox writer", "other JVM");

  private final long wallNanos;
  private final long processNanos;
  private final Map<Long, Long> threadNanos;
  private final Map<Long, String> threadGroups;
  private final long[] machineTicks;

  private CpuSample(long wallNanos, long processNanos, Map<Long, Long> threadNanos,
      Map<Long, String> threadGroups, long[] machineTicks) {
    this.wallNanos = wallNanos;
    this.processNanos = processNanos;
    this.threadNanos = threadNanos;
    this.threadGroups = threadGroups;
    this.machineTicks = machineTicks;
  }

  public static CpuSample now() {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    Map<Long, Long> cpu = new HashMap<>();
    Map<Long, String> groups = new HashMap<>();
    if (threads.isThreadCpuTimeSupported()) {
      for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
        if (info == null) {
          continue;
        }
        long nanos = threads.getThreadCpuTime(info.getThreadId());
        if (nanos >= 0) {
          cpu.put(info.getThreadId(), nanos);
          groups.put(info.getThreadId(), group(info.getThreadName()));
        }
      }
    }
    long process = -1;
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      process = os.getProcessCpuTime();
    }
    return new CpuSample(System.nanoTime(), process, cpu, groups, machineTicks());
  }

  static String group(String threadName) {
    if (threadName.startsWith("bench-") || threadName.startsWith("HttpClient-")) {
      return "load generator";
    }
    if (threadName.startsWith("hooky-http")) {
      return "Jetty";
    }
    if (threadName.startsWith("hooky-worker")) {
      return "workers";
    }
    if (threadName.startsWith("hooky-inbox-writer")) {
      return "inbox writer";
    }
    return "other JVM";
  }

  /** Where the CPU time went between {@code this} and {@code later}. */
  public Usage until(CpuSample later) {
    double wall = later.wallNanos - wallNanos;
    int cores = Runtime.getRuntime().availableProcessors();
    double capacity = wall * cores;
    Map<String, Double> groups = new LinkedHashMap<>();
    GROUPS.forEach(group -> groups.put(group, 0.0));
    double named = 0;
    for (Map.Entry<Long, Long> thread : later.threadNanos.entrySet()) {
      String group = later.threadGroups.get(thread.getKey());
      long used = thread.getValue() - threadNanos.getOrDefault(thread.getKey(), 0L);
      if (!group.equals("other JVM")) {
        groups.merge(group, used / capacity, Double::sum);
        named += used;
      }
    }
    double process = processNanos >= 0 && later.processNanos >= 0
        ? (later.processNanos - processNanos) / capacity : Double.NaN;
    // Threads that ended during the window took their time with them; count it as "other".
    groups.put("other JVM", Double.isNaN(process) ? Double.NaN
        : Math.max(0, process - named / capacity));
    double machineBusy = Double.NaN;
    double machineIoWait = Double.NaN;
    if (machineTicks != null && later.machineTicks != null) {
      long total = 0;
      for (int i = 0; i < machineTicks.length; i++) {
        total += later.machineTicks[i] - machineTicks[i];
      }
      long idle = later.machineTicks[3] - machineTicks[3];
      long ioWait = later.machineTicks[4] - machineTicks[4];
      if (total > 0) {
        machineBusy = (double) (total - idle - ioWait) / total;
        machineIoWait = (double) ioWait / total;
      }
    }
    return new Usage(machineBusy, machineIoWait, process, groups);
  }

  /**
   * Shares of all the machine's cores during the window (1.0 = every core busy).
   *
   * @param machineBusy every process's, this one's included (NaN where /proc/stat is unreadable)
   * @param machineIoWait cores idle while waiting for the disk (fsync)
   * @param process this JVM's: load generator and server
   * @param groups this JVM's, by thread group ({@link #GROUPS})
   */
  public record Usage(double machineBusy, double machineIoWait, double process,
      Map<String, Double> groups) {}

  /** The first line of /proc/stat: user nice system idle iowait irq softirq steal. */
  private static long[] machineTicks() {
    try {
      String line = Files.readAllLines(Path.of("/proc/stat")).get(0);
      String[] fields = line.trim().split("\\s+");
      if (!fields[0].equals("cpu") || fields.length < 9) {
        return null;
      }
      long[] ticks = new long[8];
      for (int i = 0; i < ticks.length; i++) {
        ticks[i] = Long.parseLong(fields[i + 1]);
      }
      return ticks;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
