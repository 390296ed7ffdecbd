package dev.hooky.cli;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A receiver written in another language (src/test/node/receiver.js, src/test/ruby/receiver.rb),
 * run as a child process. It prints {@code {"listening": PORT}}, then one JSON line per request
 * it got: what it verified, and the status it answered.
 *
 * <p>When the language or its package is missing the test fails, saying how to install them; a
 * developer without them may set {@code HOOKY_SKIP_NODE} or {@code HOOKY_SKIP_RUBY} to skip
 * instead, except in CI ({@code CI=true}), where .ci/run installs both and a missing one fails.
 */
final class ReceiverProcess implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A receiver language: how to run it and what it needs. */
  enum Language {
    NODE("node", "HOOKY_SKIP_NODE", Path.of("src/test/node/receiver.js"),
        Path.of("src/test/node/node_modules/standardwebhooks/package.json"),
        "npm ci --prefix cli/src/test/node (after apt-get install nodejs npm)"),
    RUBY("ruby", "HOOKY_SKIP_RUBY", Path.of("src/test/ruby/receiver.rb"), null,
        "apt-get install ruby");

    final String command;
    final String skipVariable;
    final Path script;
    final Path dependency;
    final String install;

    Language(String command, String skipVariable, Path script, Path dependency, String install) {
      this.command = command;
      this.skipVariable = skipVariable;
      this.script = script;
      this.dependency = dependency;
      this.install = install;
    }

    /** Fails (or, with the skip variable set, skips) when the receiver cannot run here. */
    void requireAvailable() {
      String missing = null;
      if (!onPath(command)) {
        missing = command + " is not installed";
      } else if (dependency != null && !Files.exists(dependency)) {
        missing = "the receiver's packages are not installed (" + dependency + ")";
      }
      if (missing == null) {
        return;
      }
      String message = missing + ": run " + install + ", as .ci/run does";
      String skip = System.getenv(skipVariable);
      // In CI (CI=true, as .ci/run runs) a missing receiver always fails: it must be installed.
      if (skip != null && !skip.isBlank() && !"true".equals(System.getenv("CI"))) {
        Assumptions.abort(message + " (skipped: " + skipVariable + " is set)");
      }
      fail(message + "; or set " + skipVariable + "=1 to skip these tests on this machine");
    }

    private static boolean onPath(String command) {
      for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
        if (Files.isExecutable(Path.of(dir, command))) {
          return true;
        }
      }
      return false;
    }
  }

  private final Process process;
  private final BlockingQueue<JsonNode> lines = new LinkedBlockingQueue<>();
  private final List<String> output = java.util.Collections.synchronizedList(new ArrayList<>());
  private final int port;

  private ReceiverProcess(Process process) throws InterruptedException {
    this.process = process;
    Thread reader = new Thread(this::read, "receiver-output");
    reader.setDaemon(true);
    reader.start();
    JsonNode first = lines.poll(20, TimeUnit.SECONDS);
    if (first == null || !first.has("listening")) {
      process.destroyForcibly();
      throw new AssertionError("the receiver did not start: " + output);
    }
    this.port = first.get("listening").asInt();
  }

  /** Starts the receiver with {@code secret}, answering 500 to the first {@code failFirst}. */
  static ReceiverProcess start(Language language, String secret, int failFirst)
      throws IOException, InterruptedException {
    language.requireAvailable();
    ProcessBuilder builder = new ProcessBuilder(language.command, language.script.toString())
        .redirectErrorStream(true);
    Map<String, String> environment = builder.environment();
    environment.put("RECEIVER_SECRET", secret);
    environment.put("RECEIVER_FAIL_FIRST", Integer.toString(failFirst));
    return new ReceiverProcess(builder.start());
  }

  private void read() {
    try (BufferedReader reader = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        output.add(line);
        if (line.startsWith("{")) {
          lines.add(JSON.readTree(line));
        }
      }
    } catch (IOException ignored) {
      // The process ended.
    }
  }

  int port() {
    return port;
  }

  String url(String path) {
    return "http://127.0.0.1:" + port + path;
  }

  /** The next request's record, or fails after {@code millis}. */
  JsonNode next(long millis) throws InterruptedException {
    JsonNode line = lines.poll(millis, TimeUnit.MILLISECONDS);
    if (line == null) {
      throw new AssertionError("the receiver got nothing within " + millis + " ms; its output: "
          + output);
    }
    return line;
  }

  /** The next record if one comes within {@code millis}. */
  JsonNode poll(long millis) throws InterruptedException {
    return lines.poll(millis, TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() throws IOException, InterruptedException {
    process.getOutputStream().close(); // the receiver exits when its stdin closes
    if (!process.waitFor(5, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
