package dev.hooky.benchmarks.http;

import dev.hooky.benchmarks.SignedEvents;
import java.io.PrintStream;
import java.time.Duration;
import org.eclipse.jetty.server.Server;

/**
 * Server (b): {@link HandWrittenHandler} on Jetty with its defaults, with Hooky's default limits
 * (5 MiB bodies, 300 s timestamp tolerance). Run by the benchmark in a JVM of its own.
 *
 * <p>Arguments: {@code [PORT]} (default 0: any free port); then the {@link ServerControl} channel.
 */
public final class HandWrittenServer {
  static final int MAX_BODY_BYTES = 5 * 1024 * 1024;
  static final Duration TOLERANCE = Duration.ofSeconds(300);

  private HandWrittenServer() {}

  public static void main(String[] args) throws Exception {
    PrintStream channel = ServerControl.takeStdout();
    HandWrittenHandler handler =
        new HandWrittenHandler(SignedEvents.SIGNING_KEY, MAX_BODY_BYTES, TOLERANCE);
    Server server = JettyOnLoopback.start(handler, args.length > 0 ? Integer.parseInt(args[0]) : 0);
    ServerControl.serveAndExit(JettyOnLoopback.target(server, handler::handled), channel);
  }
}
