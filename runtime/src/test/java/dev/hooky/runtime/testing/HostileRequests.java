package dev.hooky.runtime.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/** Raw pieces of requests a client without the key sends, written on sockets by the tests. */
public final class HostileRequests {
  private HostileRequests() {}

  /** Headers of the right form (so the body is read), with a signature that will not match. */
  public static List<String> wellFormedSignatureHeaders() {
    String timestamp = Long.toString(Instant.now().getEpochSecond());
    return List.of("X-CIO-Timestamp: " + timestamp,
        "X-CIO-Signature: " + Signatures.sign("not-" + TestServers.KEY, timestamp, new byte[0]));
  }

  /** A POST's request line and headers declaring {@code contentLength}, with {@code headers}. */
  public static byte[] head(URI url, long contentLength, List<String> headers) {
    StringBuilder head = new StringBuilder("POST ").append(url.getRawPath())
        .append(" HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n")
        .append("Content-Length: ").append(contentLength).append("\r\n");
    headers.forEach(line -> head.append(line).append("\r\n"));
    return head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
  }

  /** Writes {@code bytes} and flushes. */
  public static void write(Socket socket, byte[] bytes) throws IOException {
    OutputStream out = socket.getOutputStream();
    out.write(bytes);
    out.flush();
  }
}
