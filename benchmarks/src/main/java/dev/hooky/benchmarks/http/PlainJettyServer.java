package dev.hooky.benchmarks.http;

import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Promise;

/**
 * Server (a), the ceiling of the stack: a minimal Jetty 12 core handler that reads the whole body
 * and answers 200 {@code ok}, whatever the request. Run by the benchmark in a JVM of its own.
 *
 * <p>Arguments: {@code [PORT]} (default 0: any free port); then the {@link ServerControl} channel.
 */
public final class PlainJettyServer {
  private PlainJettyServer() {}

  public static void main(String[] args) throws Exception {
    PrintStream channel = ServerControl.takeStdout();
    Plain handler = new Plain();
    Server server = JettyOnLoopback.start(handler, args.length > 0 ? Integer.parseInt(args[0]) : 0);
    ServerControl.serveAndExit(JettyOnLoopback.target(server, handler::requests), channel);
  }

  /** Reads the body, answers 200 {@code ok}. */
  static final class Plain extends Handler.Abstract {
    private static final byte[] OK = "ok".getBytes(StandardCharsets.US_ASCII);
    // So that the driver can check its own counts; one striped increment per request.
    private final LongAdder requests = new LongAdder();

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
      Content.Source.asByteBuffer(request, Promise.from(body -> {
        requests.increment();
        response.setStatus(200);
        response.write(true, ByteBuffer.wrap(OK), callback);
      }, failure -> Response.writeError(request, response, callback, failure)));
      return true;
    }

    long requests() {
      return requests.sum();
    }
  }
}
