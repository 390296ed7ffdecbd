package dev.hooky.benchmarks.http;

import dev.hooky.benchmarks.BenchmarkFiles;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A server under test in a JVM of its own, and the driver's end of its control channel ({@link
 * ServerControl}): its port, its handler's count, its memory from {@code /proc}. Its stderr (the
 * server's log) goes to a file. {@link #destroyAll} ends every one still running, for the
 * driver's shutdown hook; a server also exits by itself when the driver's end of stdin closes.
 */
final class ServerProcess implements AutoCloseable {
  private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();
  /**
   * Put on the queue when the server closes stdout: it has exited, or is about to. Compared by
   * identity, so that no line the server prints can be taken for it.
   */
  private static final String END = new String("end of output");
  private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(30);

  private final Process process;
  private final long startedNanos;
  private final Path log;
  private final PrintStream commands;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

  private ServerProcess(Process process, long startedNanos, Path log) {
    this.process = process;
    this.startedNanos = startedNanos;
    this.log = log;
    this.commands = new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8);
    Thread reader = new Thread(this::readLines, "bench-server-output-" + process.pid());
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts {@code command}, its stderr to {@code log}; the start time is taken just before. */
  static ServerProcess start(List<String> command, Path log) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command).redirectError(log.toFile());
    long started = System.nanoTime();
    Process process = builder.start();
    LIVE.add(process);
    return new ServerProcess(process, started, log);
  }

  /** Destroys every server still running and waits a little for them to go. */
  static void destroyAll() {
    for (Process process : LIVE) {
      process.destroyForcibly();
    }
    for (Process process : LIVE) {
      try {
        process.waitFor(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    LIVE.clear();
  }

  /** {@link System#nanoTime()} just before the process was started. */
  long startedNanos() {
    return startedNanos;
  }

  long pid() {
    return process.pid();
  }

  Path log() {
    return log;
  }

  /** Waits for the server to say it listens, and returns its port. */
  int awaitPort(Duration timeout) throws IOException, InterruptedException {
    String line = nextLine(timeout, "its port");
    if (!line.startsWith(ServerControl.PORT + " ")) {
      throw failure("printed \"" + line + "\" instead of its port");
    }
    return Integer.parseInt(line.substring(ServerControl.PORT.length() + 1).trim());
  }

  /** Events the server's handler has seen. */
  long handled() throws IOException, InterruptedException {
    return ask("handled", ServerControl.HANDLED);
  }

  /** Events the server accepted and has not handled yet. */
  long waiting() throws IOException, InterruptedException {
    return ask("waiting", ServerControl.WAITING);
  }

  /**
   * A memory figure of the process from {@code /proc/<pid>/status} in KiB, e.g. {@code VmRSS}
   * (resident now) or {@code VmHWM} (resident at peak); -1 where it cannot be read.
   */
  long memoryKb(String field) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
        if (line.startsWith(field + ":")) {
          return Long.parseLong(line.substring(field.length() + 1).replace("kB", "").trim());
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }

  /** Asks the server to stop and waits for it to exit; forces it after a time-out. */
  @Override
  public void close() {
    try {
      if (process.isAlive()) {
        commands.println("quit");
        commands.close();
        if (!process.waitFor(EXIT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    } finally {
      LIVE.remove(process);
    }
  }

  private long ask(String command, String answer) throws IOException, InterruptedException {
    commands.println(command);
    String line = nextLine(ANSWER_TIMEOUT, "an answer to \"" + command + "\"");
    if (!line.startsWith(answer + " ")) {
      throw failure("answered \"" + command + "\" with \"" + line + "\"");
    }
    return Long.parseLong(line.substring(answer.length() + 1).trim());
  }

  private String nextLine(Duration timeout, String what) throws IOException, InterruptedException {
    String line = lines.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (line == null) {
      throw failure("printed no " + what.replaceFirst("^an ", "") + " within "
          + timeout.toSeconds() + " s");
    }
    if (line == END) {
      lines.add(END);
      process.waitFor(5, TimeUnit.SECONDS);
      throw failure("exited" + (process.isAlive() ? "" : " (code " + process.exitValue() + ")")
          + " before printing " + what);
    }
    return line;
  }

  private IOException failure(String what) throws IOException {
    return new IOException("the server " + what + "; its log ends:\n" + BenchmarkFiles.tail(log));
  }

  private void readLines() {
    try (BufferedReader out = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        lines.add(line);
      }
    } catch (IOException e) {
      // The process is gone; END says so.
    }
    lines.add(END);
  }
}
