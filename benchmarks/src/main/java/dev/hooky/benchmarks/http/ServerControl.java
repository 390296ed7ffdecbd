package dev.hooky.benchmarks.http;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The server side of the driver's control channel, the same for every server under test. Once it
 * listens, the server prints {@code PORT <n>} on stdout, then answers commands read from stdin,
 * one a line: {@code handled} → {@code HANDLED <n>}, {@code waiting} → {@code WAITING <n>}, and
 * {@code quit} (or the end of stdin: the driver is gone) → {@code BYE}, the server stops, the JVM
 * exits. The channel is off the measured path: no extra endpoint, no extra thread in the server.
 */
final class ServerControl {
  static final String PORT = "PORT";
  static final String HANDLED = "HANDLED";
  static final String WAITING = "WAITING";
  static final String BYE = "BYE";

  /** What the driver can ask a server under test. */
  interface Target {
    int port();

    /** Events the handler has seen (plain-jetty: requests read). */
    long handled();

    /** Events accepted and not yet handled; 0 without an inbox. */
    long waiting();

    /** Stops serving; the JVM exits right after. */
    void stop();
  }

  private ServerControl() {}

  /**
   * Keeps stdout for the channel and sends everything else printed there to stderr, the server's
   * log. Call first thing in {@code main}, before anything can log.
   */
  static PrintStream takeStdout() {
    PrintStream channel = System.out;
    System.setOut(System.err);
    return channel;
  }

  /** Serves the channel on this process's stdin, then exits the JVM. */
  static void serveAndExit(Target target, PrintStream channel) {
    try {
      serve(target, new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)),
          channel);
    } catch (IOException e) {
      System.err.println("Control channel broken (" + e.getMessage() + "); stopping");
      target.stop();
    }
    // Also ends threads a server leaves behind when it stops with a backlog.
    System.exit(0);
  }

  /** Announces the port, then answers commands until {@code quit} or the end of input. */
  static void serve(Target target, BufferedReader commands, PrintStream channel)
      throws IOException {
    channel.println(PORT + " " + target.port());
    channel.flush();
    for (String line = commands.readLine(); line != null; line = commands.readLine()) {
      switch (line.trim()) {
        case "handled" -> channel.println(HANDLED + " " + target.handled());
        case "waiting" -> channel.println(WAITING + " " + target.waiting());
        case "quit" -> {
          target.stop();
          channel.println(BYE);
          channel.flush();
          return;
        }
        default -> channel.println("ERROR unknown command \"" + line.trim() + "\"");
      }
      channel.flush();
    }
    target.stop();
  }
}
