package dev.hooky.cli;

import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code hooky}: send signed test events to a Hooky server, verify a captured request, list the
 * event catalog, tail Live Logs, replay deliveries, and serve: run Hooky as a gateway that forwards
 * events to apps in any language. Exit codes: 0 ok, 1 a verification or HTTP
 * failure, 2 a usage error.
 */
@Command(name = "hooky", mixinStandardHelpOptions = true, version = "hooky 0.1.0-SNAPSHOT",
    description = "Test and inspect Customer.io webhooks received by Hooky, or run it as a"
        + " gateway that forwards them (hooky serve).",
    subcommands = {SendCommand.class, VerifyCommand.class, EventsCommand.class,
        TailCommand.class, ReplayCommand.class, ServeCommand.class},
    footer = {"", "Exit codes: 0 ok, 1 verification or HTTP failure, 2 usage error.",
        "Environment: CUSTOMERIO_WEBHOOK_SIGNING_KEYS, HOOKY_PORT, HOOKY_PATH,"
            + " HOOKY_ADMIN_PORT, HOOKY_ADMIN_TOKEN (as for the server); for serve also"
            + " HOOKY_FORWARD, HOOKY_FORWARD_SECRET, HOOKY_FORWARD_TIMEOUT."})
public final class HookyCommand implements Runnable {
  static final int FAILED = 1;

  final Map<String, String> environment;

  public HookyCommand(Map<String, String> environment) {
    this.environment = environment;
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(new CommandLine(this),
        "name a command: send, verify, events, tail, replay or serve");
  }

  /** A configured command line: for {@link #main} and for tests, which capture its output. */
  public static CommandLine commandLine(Map<String, String> environment, PrintWriter out,
      PrintWriter err) {
    CommandLine line = new CommandLine(new HookyCommand(environment));
    line.setOut(out);
    line.setErr(err);
    return line;
  }

  public static void main(String[] args) {
    int exit = commandLine(System.getenv(), new PrintWriter(System.out, true),
        new PrintWriter(System.err, true)).execute(args);
    System.exit(exit);
  }

  String env(String name, String fallback) {
    String value = environment.get(name);
    return value == null || value.isBlank() ? fallback : value.trim();
  }
}
