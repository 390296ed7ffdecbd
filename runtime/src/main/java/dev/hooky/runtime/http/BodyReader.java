package dev.hooky.runtime.http;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;

/** Reads a request body into memory, never holding more than the limit. */
final class BodyReader {
  private static final int INITIAL_BUFFER = 4096;

  private BodyReader() {}

  /** The body, or {@code null} when it is longer than {@code maxBytes}. */
  static byte[] read(Request request, int maxBytes) throws IOException {
    InputStream in = Content.Source.asInputStream(request);
    long declared = request.getLength();
    if (declared >= 0 && declared <= maxBytes) {
      return readDeclared(in, (int) declared);
    }
    byte[] buffer = new byte[(int) Math.min(maxBytes + 1L,
        declared >= 0 ? declared + 1 : INITIAL_BUFFER)];
    int length = 0;
    while (true) {
      if (length == buffer.length) {
        if (length > maxBytes) {
          return null;
        }
        buffer = Arrays.copyOf(buffer, (int) Math.min(maxBytes + 1L, length * 2L));
      }
      int read = in.read(buffer, length, buffer.length - length);
      if (read < 0) {
        return length == buffer.length ? buffer : Arrays.copyOf(buffer, length);
      }
      length += read;
    }
  }

  /**
   * A body of a declared length, into a buffer of exactly that size: one allocation, no copy
   * (Jetty itself refuses a body that runs past its Content-Length).
   */
  private static byte[] readDeclared(InputStream in, int declared) throws IOException {
    byte[] body = new byte[declared];
    int length = 0;
    while (length < declared) {
      int read = in.read(body, length, declared - length);
      if (read < 0) {
        throw new IOException("the body ended after " + length + " of its " + declared
            + " declared bytes");
      }
      length += read;
    }
    return body;
  }
}
