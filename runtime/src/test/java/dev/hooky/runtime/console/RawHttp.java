package dev.hooky.runtime.console;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * HTTP/1.1 over a plain socket, for what HttpClient will not send: a foreign {@code Host}, a
 * query string no URI class accepts, a chosen source address (127.0.0.2 is another client).
 */
final class RawHttp {
  /** A status, the header block (lowercase names) and the body. */
  record Answer(int status, String head, String body) {
    String header(String name) {
      for (String line : head.split("\r\n")) {
        int colon = line.indexOf(':');
        if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT)
            .equals(name.toLowerCase(Locale.ROOT))) {
          return line.substring(colon + 1).trim();
        }
      }
      return null;
    }
  }

  private RawHttp() {}

  /**
   * Sends {@code method target} to port {@code port} of 127.0.0.1 from {@code from}, with {@code
   * Host: host} (none when null), and the headers given as {@code "Name: value"} lines.
   */
  static Answer send(String from, int port, String method, String target, String host,
      String... headers) {
    try (Socket socket = new Socket()) {
      socket.bind(new InetSocketAddress(from, 0));
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
      socket.setSoTimeout(10_000);
      StringBuilder request = new StringBuilder(method).append(' ').append(target)
          .append(" HTTP/1.1\r\n");
      if (host != null) {
        request.append("Host: ").append(host).append("\r\n");
      }
      for (String header : headers) {
        request.append(header).append("\r\n");
      }
      request.append("Content-Length: 0\r\nConnection: close\r\n\r\n");
      OutputStream out = socket.getOutputStream();
      out.write(request.toString().getBytes(StandardCharsets.UTF_8));
      out.flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      in.transferTo(all);
      String text = all.toString(StandardCharsets.UTF_8);
      int end = text.indexOf("\r\n\r\n");
      if (!text.startsWith("HTTP/1.1 ") || end < 0) {
        throw new AssertionError("not an HTTP answer: " + text);
      }
      String head = text.substring(0, end);
      String body = text.substring(end + 4);
      Answer answer = new Answer(Integer.parseInt(text.substring(9, 12)), head, body);
      if ("chunked".equalsIgnoreCase(answer.header("Transfer-Encoding"))) {
        answer = new Answer(answer.status(), head, dechunk(body));
      }
      return answer;
    } catch (IOException e) {
      throw new AssertionError("raw request failed: " + e, e);
    }
  }

  private static String dechunk(String body) {
    StringBuilder out = new StringBuilder();
    int at = 0;
    while (at < body.length()) {
      int lineEnd = body.indexOf("\r\n", at);
      int size = Integer.parseInt(body.substring(at, lineEnd).trim(), 16);
      if (size == 0) {
        break;
      }
      // Sizes count bytes; the bodies here are what the server wrote, so count in UTF-8.
      byte[] rest = body.substring(lineEnd + 2).getBytes(StandardCharsets.UTF_8);
      String chunk = new String(rest, 0, size, StandardCharsets.UTF_8);
      out.append(chunk);
      at = lineEnd + 2 + chunk.length() + 2;
    }
    return out.toString();
  }
}
