package dev.hooky.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/** What the results were measured on, for the results file. */
public final class MachineInfo {
  private MachineInfo() {}

  public static int cores() {
    return Runtime.getRuntime().availableProcessors();
  }

  /** e.g. "2 cores (AMD EPYC 7B13), 23.5 GiB memory". */
  public static String hardware() {
    String model = firstValue(Path.of("/proc/cpuinfo"), "model name", ':');
    String memory = "";
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      memory = String.format(Locale.ROOT, ", %.1f GiB memory",
          os.getTotalMemorySize() / (1024.0 * 1024 * 1024));
    }
    return cores() + " cores" + (model == null ? "" : " (" + model + ")") + memory;
  }

  /** e.g. "Debian GNU/Linux 12 (bookworm), Linux 6.1.0 amd64". */
  public static String operatingSystem() {
    String pretty = firstValue(Path.of("/etc/os-release"), "PRETTY_NAME", '=');
    String kernel = System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
        + System.getProperty("os.arch");
    return pretty == null ? kernel : pretty.replace("\"", "") + ", " + kernel;
  }

  /** e.g. "OpenJDK 64-Bit Server VM 17.0.15+6-Debian-1deb12u1, max heap 6.0 GiB". */
  public static String jvm() {
    return System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
        + String.format(Locale.ROOT, ", max heap %.1f GiB",
            Runtime.getRuntime().maxMemory() / (1024.0 * 1024 * 1024));
  }

  /** The file system a directory is on, e.g. "ext4 (/dev/vda)": fsync costs differ widely. */
  public static String fileSystem(Path directory) {
    try {
      FileStore store = Files.getFileStore(directory);
      return store.type() + " (" + store.name() + ")";
    } catch (IOException e) {
      return "unknown (" + e.getMessage() + ")";
    }
  }

  /**
   * The repository's commit when run from a Git checkout, and whether the modules under test have
   * changes not committed; null elsewhere. (The jar holds what was built, which is normally that.)
   */
  public static String sourceRevision() {
    try {
      String commit = run("git", "rev-parse", "--short", "HEAD");
      if (commit == null || commit.isEmpty()) {
        return null;
      }
      String changes = run("git", "status", "--porcelain", "--", "annotations", "processor",
          "runtime");
      return "commit " + commit + (changes == null || changes.isEmpty()
          ? "" : " with uncommitted changes in annotations/, processor/ or runtime/");
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  private static String run(String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command)
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String output = new String(process.getInputStream().readAllBytes()).trim();
    return process.waitFor() == 0 ? output : null;
  }

  /** The command that started this JVM, as near as the JVM tells. */
  public static String command() {
    List<String> jvmArguments = ManagementFactory.getRuntimeMXBean().getInputArguments();
    String command = System.getProperty("sun.java.command", "");
    String first = command.split(" ", 2)[0];
    StringBuilder line = new StringBuilder("java");
    jvmArguments.forEach(argument -> line.append(' ').append(argument));
    if (first.endsWith(".jar")) {
      line.append(" -jar");
    } else {
      line.append(" -cp ").append(System.getProperty("java.class.path"));
    }
    return line.append(' ').append(command).toString().trim();
  }

  /** The value of the first "key: value" (or "key=value") line of a file, or null. */
  private static String firstValue(Path file, String key, char separatorChar) {
    try {
      for (String line : Files.readAllLines(file)) {
        int separator = line.indexOf(separatorChar);
        if (separator > 0 && line.substring(0, separator).trim().equals(key)) {
          return line.substring(separator + 1).trim();
        }
      }
    } catch (IOException | RuntimeException e) {
      return null;
    }
    return null;
  }

  /** The date, machine, JVM, source revision and command, as the results' set-up list items. */
  public static String setUpLines() {
    StringBuilder out = new StringBuilder();
    out.append("- date: ").append(ZonedDateTime.now(ZoneOffset.UTC)
        .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)).append('\n');
    out.append("- machine: ").append(hardware()).append("; ").append(operatingSystem())
        .append('\n');
    out.append("- JVM: ").append(jvm()).append('\n');
    String revision = sourceRevision();
    if (revision != null) {
      out.append("- source: ").append(revision).append('\n');
    }
    out.append("- command: `").append(command()).append("`\n");
    return out.toString();
  }
}
