package dev.hooky.runtime.faults;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A real, small tmpfs mounted on a fresh directory, to fill, enlarge and turn read-only under a
 * running server. Mounting needs root: as anyone else the test is skipped, saying why.
 */
final class Tmpfs implements AutoCloseable {
  private final Path mountPoint;

  private Tmpfs(Path mountPoint) {
    this.mountPoint = mountPoint;
  }

  /** Mounts a tmpfs of {@code size} (e.g. {@code 2m}) on {@code directory}, or skips the test. */
  static Tmpfs mount(Path directory, String size) throws IOException, InterruptedException {
    String uid = output("id", "-u").strip();
    assumeTrue(uid.equals("0"), "the storage fault tests mount a small tmpfs to fill, which"
        + " needs root; running as uid " + uid + ", so they are skipped (CI runs them as root in"
        + " .ci/run)");
    Path mountPoint = Files.createDirectories(directory.resolve("tmpfs"));
    String failure = run("mount", "-t", "tmpfs", "-o", "size=" + size + ",mode=0700",
        "hooky-fault-test", mountPoint.toString());
    assumeTrue(failure == null, "cannot mount a tmpfs although root (a container without"
        + " CAP_SYS_ADMIN?), so the storage fault tests are skipped: " + failure);
    return new Tmpfs(mountPoint);
  }

  Path path() {
    return mountPoint;
  }

  void resize(String size) throws IOException, InterruptedException {
    check(run("mount", "-o", "remount,size=" + size, mountPoint.toString()));
  }

  void readOnly() throws IOException, InterruptedException {
    check(run("mount", "-o", "remount,ro", mountPoint.toString()));
  }

  void readWrite() throws IOException, InterruptedException {
    check(run("mount", "-o", "remount,rw", mountPoint.toString()));
  }

  @Override
  public void close() throws IOException {
    // Lazily: a connection a failed test left open must not keep the mount.
    check(runUninterrupted("umount", "-l", mountPoint.toString()));
  }

  /** For clean-up: runs a command even when interrupted, restoring the interrupt after. */
  static String runUninterrupted(String... command) throws IOException {
    try {
      return run(command);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted: " + String.join(" ", command), e);
    }
  }

  private static void check(String failure) {
    if (failure != null) {
      throw new IllegalStateException(failure);
    }
  }

  /** A command's output, and what went wrong (null when it exited with 0). */
  record Result(String output, String failure) {}

  /** Runs a command; its output when it failed, else null. */
  static String run(String... command) throws IOException, InterruptedException {
    return runForOutput(command).failure();
  }

  static Result runForOutput(String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    boolean exited = process.waitFor(30, TimeUnit.SECONDS);
    if (!exited) {
      process.destroyForcibly();
      return new Result(text, String.join(" ", command) + " did not finish");
    }
    return new Result(text, process.exitValue() == 0 ? null
        : String.join(" ", command) + " exited with " + process.exitValue() + ": "
            + text.strip());
  }

  private static String output(String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    process.waitFor(30, TimeUnit.SECONDS);
    return text;
  }
}
