package dev.hooky.benchmarks;

import dev.hooky.benchmarks.SignedEvents.SignedEvent;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The lightest client: each sender holds one blocking HTTP/1.1 keep-alive socket and writes each
 * request with a single write. It reads just enough HTTP to find each answer's end
 * (Content-Length or chunked) and reconnects when the server closes the connection.
 */
final class SocketWebhookClient implements WebhookClient {
  private static final int TIMEOUT_MILLIS = 30_000;
  private static final int MAX_LINE = 8192;

  private final InetSocketAddress address;
  private final String requestHead;

  SocketWebhookClient(URI url) {
    int port = url.getPort() > 0 ? url.getPort() : 80;
    this.address = new InetSocketAddress(url.getHost(), port);
    this.requestHead = "POST " + url.getRawPath() + " HTTP/1.1\r\n"
        + "Host: " + url.getHost() + ":" + port + "\r\n"
        + "User-Agent: hooky-benchmarks\r\n"
        + "Content-Type: application/json\r\n";
  }

  @Override
  public Sender open() {
    return new Connection();
  }

  @Override
  public void close() {
    // Each sender closes its own socket.
  }

  private final class Connection implements Sender {
    private final ByteArrayOutputStream request = new ByteArrayOutputStream(2048);
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    @Override
    public Reply post(SignedEvent event) throws IOException {
      if (socket == null) {
        connect();
      }
      try {
        request.reset();
        request.write((requestHead
            + "X-CIO-Timestamp: " + event.timestamp() + "\r\n"
            + "X-CIO-Signature: " + event.signature() + "\r\n"
            + "Content-Length: " + event.body().length + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
        request.write(event.body());
        request.writeTo(out);
        out.flush();
        return readReply();
      } catch (IOException e) {
        close();
        throw e;
      }
    }

    private void connect() throws IOException {
      Socket opened = new Socket();
      try {
        opened.setTcpNoDelay(true);
        opened.setSoTimeout(TIMEOUT_MILLIS);
        opened.connect(address, TIMEOUT_MILLIS);
        in = new BufferedInputStream(opened.getInputStream(), 8192);
        out = opened.getOutputStream();
        socket = opened;
      } catch (IOException e) {
        opened.close();
        throw e;
      }
    }

    private Reply readReply() throws IOException {
      String statusLine = readLine();
      // "HTTP/1.1 200 OK"
      int firstSpace = statusLine.indexOf(' ');
      if (!statusLine.startsWith("HTTP/1.") || firstSpace < 0
          || statusLine.length() < firstSpace + 4) {
        throw new IOException("not an HTTP status line: " + statusLine);
      }
      int status;
      try {
        status = Integer.parseInt(statusLine.substring(firstSpace + 1, firstSpace + 4));
      } catch (NumberFormatException e) {
        throw new IOException("not an HTTP status line: " + statusLine, e);
      }
      long length = -1;
      boolean chunked = false;
      boolean closeAfter = statusLine.startsWith("HTTP/1.0");
      for (String line = readLine(); !line.isEmpty(); line = readLine()) {
        int colon = line.indexOf(':');
        if (colon < 0) {
          continue;
        }
        String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
        String value = line.substring(colon + 1).trim().toLowerCase(Locale.ROOT);
        switch (name) {
          case "content-length":
            length = Long.parseLong(value);
            break;
          case "transfer-encoding":
            chunked = value.contains("chunked");
            break;
          case "connection":
            closeAfter = value.contains("close");
            break;
          default:
            break;
        }
      }
      byte[] body;
      if (chunked) {
        body = readChunked();
      } else if (length >= 0) {
        body = in.readNBytes((int) length);
        if (body.length < length) {
          throw new EOFException("connection closed inside a response body");
        }
      } else {
        body = in.readAllBytes();
        closeAfter = true;
      }
      if (closeAfter) {
        close();
      }
      return new Reply(status, new String(body, StandardCharsets.UTF_8).trim());
    }

    private byte[] readChunked() throws IOException {
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      while (true) {
        String sizeLine = readLine();
        int extension = sizeLine.indexOf(';');
        int size = Integer.parseInt(
            (extension < 0 ? sizeLine : sizeLine.substring(0, extension)).trim(), 16);
        if (size == 0) {
          while (!readLine().isEmpty()) {
            // Trailers: none expected.
          }
          return body.toByteArray();
        }
        byte[] chunk = in.readNBytes(size);
        if (chunk.length < size) {
          throw new EOFException("connection closed inside a chunk");
        }
        body.write(chunk);
        readLine();
      }
    }

    /** One line without its CRLF. */
    private String readLine() throws IOException {
      StringBuilder line = new StringBuilder(64);
      while (true) {
        int b = in.read();
        if (b < 0) {
          throw new EOFException("connection closed by the server");
        }
        if (b == '\n') {
          int end = line.length();
          if (end > 0 && line.charAt(end - 1) == '\r') {
            line.setLength(end - 1);
          }
          return line.toString();
        }
        if (line.length() >= MAX_LINE) {
          throw new IOException("response line longer than " + MAX_LINE + " bytes");
        }
        line.append((char) b);
      }
    }

    @Override
    public void close() {
      Socket open = socket;
      socket = null;
      in = null;
      out = null;
      if (open != null) {
        try {
          open.close();
        } catch (IOException ignored) {
          // Closing a broken connection; the next post opens a new one.
        }
      }
    }
  }
}
