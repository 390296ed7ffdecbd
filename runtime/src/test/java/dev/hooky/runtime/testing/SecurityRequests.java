package dev.hooky.runtime.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Hand-written HTTP/1.1 requests on a raw socket, for what HttpClient will not send: duplicate or
 * oddly cased headers, non-ASCII header values, hand-made chunked bodies. Each request asks the
 * server to close the connection, and the whole answer (status, headers, body) is read back.
 */
public final class SecurityRequests {
  private SecurityRequests() {}

  /** An answer read off the socket; header names are lower-cased. */
  public record RawResponse(int status, Map<String, List<String>> headers, String body) {
    /** The first value of {@code name}, or null. */
    public String header(String name) {
      List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
      return values == null || values.isEmpty() ? null : values.get(0);
    }
  }

  /** A POST to {@code url} with a Content-Length, these header lines and {@code body}. */
  public static RawResponse post(URI url, List<String> headerLines, byte[] body) {
    List<String> lines = new ArrayList<>(headerLines);
    lines.add("Content-Length: " + body.length);
    return exchange(url, head("POST", url, lines), body);
  }

  /**
   * A POST to {@code url} without a Content-Length: {@code body} goes in chunks of {@code
   * chunkSize} bytes, then the last (empty) chunk.
   */
  public static RawResponse postChunked(URI url, List<String> headerLines, byte[] body,
      int chunkSize) {
    List<String> lines = new ArrayList<>(headerLines);
    lines.add("Transfer-Encoding: chunked");
    ByteArrayOutputStream chunked = new ByteArrayOutputStream();
    for (int start = 0; start < body.length; start += chunkSize) {
      int length = Math.min(chunkSize, body.length - start);
      String size = Integer.toHexString(length) + "\r\n";
      chunked.writeBytes(size.getBytes(StandardCharsets.US_ASCII));
      chunked.write(body, start, length);
      chunked.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
    }
    chunked.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    return exchange(url, head("POST", url, lines), chunked.toByteArray());
  }

  /** A request without a body. */
  public static RawResponse request(String method, URI url, List<String> headerLines) {
    return exchange(url, head(method, url, headerLines), new byte[0]);
  }

  /** The request line and headers, UTF-8 encoded (so non-ASCII header values go out as UTF-8). */
  private static byte[] head(String method, URI url, List<String> headerLines) {
    StringBuilder head = new StringBuilder()
        .append(method).append(' ').append(url.getRawPath()).append(" HTTP/1.1\r\n")
        .append("Host: ").append(url.getHost()).append(':').append(url.getPort()).append("\r\n")
        .append("Connection: close\r\n");
    for (String line : headerLines) {
      head.append(line).append("\r\n");
    }
    return head.append("\r\n").toString().getBytes(StandardCharsets.UTF_8);
  }

  private static RawResponse exchange(URI url, byte[] head, byte[] body) {
    try (Socket socket = new Socket(url.getHost(), url.getPort())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      try {
        out.write(head);
        out.write(body);
        out.flush();
      } catch (IOException closedEarly) {
        // The server may answer and close before reading everything (413); read its answer.
      }
      return parse(readAll(socket.getInputStream()));
    } catch (IOException e) {
      throw new AssertionError("raw request to " + url + " failed: " + e, e);
    }
  }

  /** Everything until the server closes; a reset after some bytes keeps what was read. */
  private static byte[] readAll(InputStream in) throws IOException {
    ByteArrayOutputStream received = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    try {
      int read;
      while ((read = in.read(buffer)) >= 0) {
        received.write(buffer, 0, read);
      }
    } catch (IOException reset) {
      if (received.size() == 0) {
        throw reset;
      }
    }
    return received.toByteArray();
  }

  private static RawResponse parse(byte[] response) {
    String text = new String(response, StandardCharsets.ISO_8859_1);
    int endOfHead = text.indexOf("\r\n\r\n");
    if (endOfHead < 0) {
      throw new AssertionError("no complete response head in: " + text);
    }
    String[] lines = text.substring(0, endOfHead).split("\r\n");
    String[] statusLine = lines[0].split(" ", 3);
    int status = Integer.parseInt(statusLine[1]);
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers.computeIfAbsent(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
          name -> new ArrayList<>()).add(lines[i].substring(colon + 1).trim());
    }
    byte[] rest = Arrays.copyOfRange(response, endOfHead + 4, response.length);
    List<String> encoding = headers.getOrDefault("transfer-encoding", List.of());
    byte[] body = encoding.contains("chunked") ? dechunk(rest) : rest;
    return new RawResponse(status, headers, new String(body, StandardCharsets.UTF_8));
  }

  private static byte[] dechunk(byte[] chunked) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    int position = 0;
    while (position < chunked.length) {
      int lineEnd = indexOfCrLf(chunked, position);
      String sizeText = new String(chunked, position, lineEnd - position,
          StandardCharsets.US_ASCII);
      int semicolon = sizeText.indexOf(';');
      int size = Integer.parseInt(
          (semicolon < 0 ? sizeText : sizeText.substring(0, semicolon)).trim(), 16);
      if (size == 0) {
        break;
      }
      body.write(chunked, lineEnd + 2, size);
      position = lineEnd + 2 + size + 2;
    }
    return body.toByteArray();
  }

  private static int indexOfCrLf(byte[] bytes, int from) {
    for (int i = from; i + 1 < bytes.length; i++) {
      if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
        return i;
      }
    }
    throw new AssertionError("truncated chunked body");
  }
}
