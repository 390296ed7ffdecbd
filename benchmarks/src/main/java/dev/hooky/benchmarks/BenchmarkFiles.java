package dev.hooky.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** What the benchmarks do with the files of the JVMs they start: logs, scratch directories. */
public final class BenchmarkFiles {
  private BenchmarkFiles() {}

  /** How many warnings and errors a JVM logged (SLF4J simple), and the first of them; or "". */
  public static String problems(Path log) throws IOException {
    List<String> problems;
    try (Stream<String> lines = Files.lines(log)) {
      problems = lines.filter(line -> line.contains("] WARN ") || line.contains("] ERROR "))
          .toList();
    }
    if (problems.isEmpty()) {
      return "";
    }
    return problems.size() + " warning(s)/error(s), the first: " + problems.get(0);
  }

  /** The last 30 lines of a log, to say why a JVM failed. */
  public static String tail(Path log) throws IOException {
    List<String> lines = Files.readAllLines(log);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
  }

  /** Deletes a directory and everything in it; nothing if it does not exist. */
  public static void deleteRecursively(Path directory) throws IOException {
    if (!Files.exists(directory)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }

  /** Deletes a SQLite database and the files SQLite and Hooky keep beside it. */
  public static void deleteSqlite(Path file) throws IOException {
    for (String suffix : List.of("", "-wal", "-shm", "-journal", ".lock")) {
      Files.deleteIfExists(Path.of(file + suffix));
    }
  }
}
