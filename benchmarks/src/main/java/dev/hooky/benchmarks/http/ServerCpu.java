package dev.hooky.benchmarks.http;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU time of a server process so far, in total and by thread group, read from {@code /proc}
 * (Linux; elsewhere the samples are empty). Two samples say who in the server used the cores:
 * Jetty's request threads, Hooky's workers, its inbox writer, or the rest (GC, JIT).
 */
final class ServerCpu {
  /** Thread groups, in report order. */
  static final List<String> GROUPS = List.of("HTTP server", "workers", "inbox writer",
      "other");
  /** Clock ticks per second of /proc's CPU times: USER_HZ, 100 on every Linux we run on. */
  private static final double TICKS_PER_SECOND = 100;

  private final long wallNanos;
  private final long processTicks;
  private final Map<Long, Long> threadTicks;
  private final Map<Long, String> threadGroups;

  private ServerCpu(long wallNanos, long processTicks, Map<Long, Long> threadTicks,
      Map<Long, String> threadGroups) {
    this.wallNanos = wallNanos;
    this.processTicks = processTicks;
    this.threadTicks = threadTicks;
    this.threadGroups = threadGroups;
  }

  static ServerCpu now(long pid) {
    Path process = Path.of("/proc", Long.toString(pid));
    Map<Long, Long> ticks = new HashMap<>();
    Map<Long, String> groups = new HashMap<>();
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(process.resolve("task"))) {
      for (Path task : tasks) {
        String stat = read(task.resolve("stat"));
        if (stat != null) {
          long id = Long.parseLong(task.getFileName().toString());
          ticks.put(id, cpuTicks(stat));
          groups.put(id, group(threadName(stat)));
        }
      }
    } catch (IOException | RuntimeException e) {
      // Not Linux, or the process is gone: an empty sample.
    }
    String stat = read(process.resolve("stat"));
    return new ServerCpu(System.nanoTime(), stat == null ? -1 : cpuTicks(stat), ticks, groups);
  }

  /** The group of a thread by its name as /proc shows it: the first 15 characters. */
  static String group(String threadName) {
    // Hooky's request threads are "hooky-http-N"; the hand-made servers' Jetty's "qtpNNN-N";
    // Tomcat's (Spring Boot's) "http-nio-<address>-<port>-exec-N", "-Poller", "-Acceptor".
    if (threadName.startsWith("hooky-http") || threadName.startsWith("qtp")
        || threadName.startsWith("http-nio")) {
      return "HTTP server";
    }
    if (threadName.startsWith("hooky-worker")) {
      return "workers";
    }
    if (threadName.startsWith("hooky-inbox")) {
      return "inbox writer";
    }
    return "other";
  }

  /**
   * Shares of all the machine's cores (1.0 = every core busy) used by the process, and by its
   * thread groups ({@link #GROUPS}); NaN where /proc could not be read.
   */
  record Usage(double process, Map<String, Double> groups) {}

  /** Where the server's CPU time went between {@code this} and {@code later}. */
  Usage until(ServerCpu later, int cores) {
    double capacity = (later.wallNanos - wallNanos) / 1e9 * TICKS_PER_SECOND * cores;
    Map<String, Double> shares = new LinkedHashMap<>();
    if (processTicks < 0 || later.processTicks < 0 || capacity <= 0) {
      GROUPS.forEach(group -> shares.put(group, Double.NaN));
      return new Usage(Double.NaN, shares);
    }
    double named = 0;
    for (String group : GROUPS.subList(0, GROUPS.size() - 1)) {
      long used = 0;
      for (Map.Entry<Long, Long> thread : later.threadTicks.entrySet()) {
        if (later.threadGroups.get(thread.getKey()).equals(group)) {
          used += thread.getValue() - threadTicks.getOrDefault(thread.getKey(), 0L);
        }
      }
      shares.put(group, used / capacity);
      named += used;
    }
    // Threads that ended meanwhile took their time with them; the process total still has it.
    shares.put("other", Math.max(0, (later.processTicks - processTicks - named) / capacity));
    return new Usage((later.processTicks - processTicks) / capacity, shares);
  }

  /** utime + stime, fields 14 and 15 of a stat line, counted after the name in parentheses. */
  static long cpuTicks(String stat) {
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
    return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
  }

  static String threadName(String stat) {
    return stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return null;
    }
  }
}
