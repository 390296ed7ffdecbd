package dev.hooky.runtime.kill;

import dev.hooky.Delivery;
import dev.hooky.customerio.OnCustomerIoEvent;
import dev.hooky.customerio.event.SmsEvent;
import dev.hooky.runtime.Hooky;
import dev.hooky.runtime.HookyServer;
import dev.hooky.runtime.testing.TestServers;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A Hooky server in a JVM of its own, for {@link SqliteKillTest}: the SQLite inbox, a fixed number
 * of workers, and a handler that appends "eventId attempt" to a log file, synced to disk, for every
 * {@code sms_delivered}.
 *
 * <p>Arguments: the SQLite file, the handled-log file, the number of workers, how many
 * milliseconds a handler works (half before writing its line, half after). Prints {@code PORT n}
 * once listening. Reading {@code close} on standard input, or its end, closes the server
 * gracefully, prints {@code CLOSED} and exits 0; the test kills it otherwise.
 */
public final class KillTestServer {
  static final String PORT_PREFIX = "PORT ";
  static final String CLOSED = "CLOSED";
  static final String CLOSE_COMMAND = "close";

  private KillTestServer() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 4) {
      System.err.println("usage: KillTestServer <sqlite-file> <handled-log> <workers>"
          + " <handler-millis>");
      System.exit(2);
    }
    Path inbox = Path.of(args[0]);
    HandledLog handled = new HandledLog(Path.of(args[1]), Long.parseLong(args[3]));
    HookyServer server = Hooky.server()
        .host("127.0.0.1")
        .port(0)
        .signingKeys(TestServers.KEY)
        .inbox("sqlite:" + inbox)
        .workerThreads(Integer.parseInt(args[2]))
        .shutdownTimeout(TestServers.SHUTDOWN_TIMEOUT)
        .handlers(handled)
        .start();
    System.out.println(PORT_PREFIX + server.port());
    System.out.flush();

    BufferedReader commands =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String command;
    do {
      command = commands.readLine();
    } while (command != null && !command.trim().equals(CLOSE_COMMAND));
    server.close();
    handled.close();
    System.out.println(CLOSED);
    System.out.flush();
    System.exit(0);
  }

  /** Writes one line per handled event and syncs it, so that a kill loses no line written. */
  static final class HandledLog implements AutoCloseable {
    private final FileChannel file;
    private final long workMillis;

    HandledLog(Path path, long workMillis) throws IOException {
      this.file = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.APPEND);
      this.workMillis = workMillis;
    }

    @OnCustomerIoEvent("sms_delivered")
    void delivered(SmsEvent event, Delivery delivery) throws IOException, InterruptedException {
      Thread.sleep(workMillis / 2);
      record(event.eventId() + " " + delivery.attempt() + "\n");
      Thread.sleep(workMillis - workMillis / 2);
    }

    private synchronized void record(String line) throws IOException {
      ByteBuffer bytes = ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
      while (bytes.hasRemaining()) {
        file.write(bytes);
      }
      file.force(false);
    }

    @Override
    public synchronized void close() throws IOException {
      file.close();
    }
  }
}
