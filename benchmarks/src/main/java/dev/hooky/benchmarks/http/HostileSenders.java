package dev.hooky.benchmarks.http;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps a number of hostile connections open on a webhook port: each sends request headers that
 * look signed (so the server reads on), declares a body length, and then trickles a few bytes of
 * it per tick. A connection the server cuts off is opened again, so that the number stays up.
 * One thread drives them all: slow senders cost the attacker nothing either.
 */
final class HostileSenders implements AutoCloseable {
  private final InetSocketAddress address;
  private final String path;
  private final int count;
  private final long declaredLength;
  private final int bytesPerTick;
  private final long tickMillis;
  private final List<Socket> sockets = new ArrayList<>();
  private final AtomicLong reopened = new AtomicLong();
  private final Thread thread;
  private volatile boolean stopped;

  /**
   * @param count connections to hold open
   * @param declaredLength the Content-Length each declares
   * @param bytesPerTick body bytes each sends per tick
   */
  HostileSenders(InetSocketAddress address, String path, int count, long declaredLength,
      int bytesPerTick, long tickMillis) {
    this.address = address;
    this.path = path;
    this.count = count;
    this.declaredLength = declaredLength;
    this.bytesPerTick = bytesPerTick;
    this.tickMillis = tickMillis;
    this.thread = new Thread(this::loop, "hostile-senders");
    this.thread.setDaemon(true);
  }

  /** Opens every connection, then keeps them trickling in the background. */
  void start() throws IOException {
    for (int i = 0; i < count; i++) {
      sockets.add(open());
    }
    thread.start();
  }

  /** Connections the server closed and that were opened again. */
  long reopened() {
    return reopened.get();
  }

  private Socket open() throws IOException {
    Socket socket = new Socket();
    socket.connect(address, 10_000);
    String timestamp = Long.toString(System.currentTimeMillis() / 1000);
    String head = "POST " + path + " HTTP/1.1\r\nHost: " + address.getHostString() + "\r\n"
        + "Content-Type: application/json\r\nContent-Length: " + declaredLength + "\r\n"
        + "X-CIO-Timestamp: " + timestamp + "\r\n"
        + "X-CIO-Signature: " + "0".repeat(64) + "\r\n\r\n";
    OutputStream out = socket.getOutputStream();
    out.write(head.getBytes(StandardCharsets.US_ASCII));
    out.write(filler());
    out.flush();
    return socket;
  }

  private byte[] filler() {
    byte[] bytes = new byte[bytesPerTick];
    java.util.Arrays.fill(bytes, (byte) ' ');
    return bytes;
  }

  private void loop() {
    byte[] filler = filler();
    while (!stopped) {
      for (int i = 0; i < sockets.size() && !stopped; i++) {
        Socket socket = sockets.get(i);
        try {
          if (socket.isClosed() || socket.getInputStream().available() > 0) {
            // The server answered (408, 503): this one is done; open another.
            throw new IOException("answered");
          }
          socket.getOutputStream().write(filler);
        } catch (IOException cutOff) {
          closeQuietly(socket);
          try {
            sockets.set(i, open());
            reopened.incrementAndGet();
          } catch (IOException e) {
            // The server may be saturated for a moment; try again next tick.
          }
        }
      }
      try {
        Thread.sleep(tickMillis);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  @Override
  public void close() {
    stopped = true;
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    sockets.forEach(HostileSenders::closeQuietly);
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // Going anyway.
    }
  }
}
