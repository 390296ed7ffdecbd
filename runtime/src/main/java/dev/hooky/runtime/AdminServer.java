package dev.hooky.runtime;

import dev.hooky.runtime.console.Console;
import dev.hooky.runtime.http.JettyServers;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin port of any mount: console API, Live Logs, health, readiness and (with Hooky's own
 * registry) {@code /metrics}, on a small Jetty server of its own.
 */
final class AdminServer {
  private static final Logger log = LoggerFactory.getLogger(AdminServer.class);

  private final JettyServers.Listening listening;
  private final Console console;
  private int port = -1;

  /** A server, not yet started, on the configuration's admin host and port. */
  AdminServer(HookyConfig config, Console console) {
    this.listening = JettyServers.create("hooky-admin", new QueuedThreadPool(8, 2),
        config.adminHost(), config.adminPort(), config.shutdownTimeout());
    this.console = console;
  }

  /** Serves the assembly's admin handler from now on; before {@link #start()}. */
  void serve(HookyAssembly assembly) {
    listening.serve(assembly.adminHandler());
  }

  void start() throws Exception {
    listening.server().start();
    port = listening.connector().getLocalPort();
  }

  /** Stops it; the console's streams must have ended first. */
  void stop() {
    try {
      listening.server().stop();
    } catch (Exception e) {
      log.warn("The admin server did not stop cleanly", e);
    }
  }

  Server server() {
    return listening.server();
  }

  int port() {
    return port;
  }

  URI apiUrl() {
    return URI.create("http://" + hostForUrl(listening.connector().getHost()) + ":" + port
        + "/api");
  }

  URI consoleUrl() {
    return apiUrl().resolve(
        "/?token=" + URLEncoder.encode(console.token().value(), StandardCharsets.UTF_8));
  }

  /** A host as it goes into a URL: the wildcard as {@code localhost}, IPv6 in brackets. */
  static String hostForUrl(String host) {
    if (host == null || host.equals("0.0.0.0") || host.equals("::")) {
      return "localhost";
    }
    return host.contains(":") ? "[" + host + "]" : host;
  }

  /** Says where Live Logs are, with the token only when it was generated (shown only now). */
  static void logConsole(Console console, Optional<URI> apiUrl, Optional<URI> consoleUrl) {
    if (console == null || apiUrl.isEmpty()) {
      return;
    }
    if (console.token().generated()) {
      log.info("Live Logs: {} (token generated and shown only now; set HOOKY_ADMIN_TOKEN to"
          + " choose one)", consoleUrl.orElseThrow());
    } else {
      log.info("Live Logs: {} (with the token from HOOKY_ADMIN_TOKEN or adminToken(...))",
          apiUrl.orElseThrow().resolve("/"));
    }
  }
}
