package dev.hooky.runtime.testing;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Copies what is written to System.err (where slf4j-simple logs) while it is open, so that a
 * test can count log lines.
 */
public final class StandardErrorCapture implements AutoCloseable {
  private final PrintStream original = System.err;
  private final ByteArrayOutputStream copy = new ByteArrayOutputStream();

  public StandardErrorCapture() {
    OutputStream tee = new OutputStream() {
      @Override
      public void write(int b) {
        original.write(b);
        synchronized (copy) {
          copy.write(b);
        }
      }

      @Override
      public void write(byte[] bytes, int offset, int length) {
        original.write(bytes, offset, length);
        synchronized (copy) {
          copy.write(bytes, offset, length);
        }
      }
    };
    System.setErr(new PrintStream(tee, true, StandardCharsets.UTF_8));
  }

  /** How many lines written so far contain {@code text}. */
  public long linesContaining(String text) {
    String written;
    synchronized (copy) {
      written = copy.toString(StandardCharsets.UTF_8);
    }
    return written.lines().filter(line -> line.contains(text)).count();
  }

  @Override
  public void close() {
    System.setErr(original);
  }
}
