package dev.hooky.benchmarks;

import dev.hooky.customerio.CustomerIoEventType;
import dev.hooky.processor.CustomerIoProcessor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * What hooky-processor adds to a build: generates {@code --classes} handler classes of {@code
 * --methods} {@code @OnCustomerIoEvent} methods each into a temporary directory, then compiles
 * them in-process with {@link JavaCompiler}, alternately with the processor ({@code
 * task.setProcessors}) and without any ({@code -proc:none}), each compile into a fresh output
 * directory; a third variant compiles the handlers and the routers' sources (written once by the
 * processor beforehand) with {@code -proc:none}, to tell compiling the generated code from the
 * processor's own cost. After {@code --warmup} unmeasured rounds of the three (javac warms up in
 * this JVM too), it times {@code --runs} rounds and writes the medians and ratios to {@code
 * benchmarks/results/processor-<date>.md}; target: with ≤ 1.3× without.
 */
public final class ProcessorCompileBenchmark {
  static final double TARGET_RATIO = 1.3;
  private static final String PACKAGE = "bench.handlers";

  private ProcessorCompileBenchmark() {}

  public static void main(String[] args) throws IOException {
    int classes = 50;
    int methods = 10;
    int runs = 9;
    int warmup = 5;
    Path output = Path.of("benchmarks", "results",
        "processor-" + LocalDate.now(ZoneOffset.UTC) + ".md");
    for (String arg : args) {
      String[] keyValue = arg.split("=", 2);
      if (keyValue.length != 2 || !keyValue[0].startsWith("--")) {
        usage();
      }
      switch (keyValue[0]) {
        case "--classes" -> classes = positive(keyValue[1]);
        case "--methods" -> methods = positive(keyValue[1]);
        case "--runs" -> runs = positive(keyValue[1]);
        case "--warmup" -> warmup = Integer.parseInt(keyValue[1]);
        case "--output" -> output = Path.of(keyValue[1]);
        default -> usage();
      }
    }
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    if (compiler == null) {
      throw new IllegalStateException("no system Java compiler: run on a JDK, not a JRE");
    }
    Path work = Files.createTempDirectory("hooky-processor-bench");
    try {
      List<Path> sources = writeHandlers(work.resolve("src"), classes, methods);
      // The routers the processor writes, kept as sources: compiling handlers + routers with
      // -proc:none separates the cost of compiling the generated code from the processor's own.
      List<Path> withRouters = new ArrayList<>(sources);
      withRouters.addAll(generateRouters(compiler, sources, work, classes));
      long[] with = new long[runs];
      long[] without = new long[runs];
      long[] pregenerated = new long[runs];
      for (int i = 0; i < warmup + runs; i++) {
        boolean measured = i >= warmup;
        long[] nanos = new long[3];
        // Rotate which goes first, so that none always follows another's garbage.
        for (int k = 0; k < 3; k++) {
          int variant = (i + k) % 3;
          nanos[variant] = switch (variant) {
            case 0 -> compile(compiler, sources, work, true, classes, null);
            case 1 -> compile(compiler, sources, work, false, 0, null);
            default -> compile(compiler, withRouters, work, false, classes, null);
          };
        }
        System.out.printf(Locale.ROOT,
            "%s %d: with processor %.0f ms, without %.0f ms, routers as sources %.0f ms%n",
            measured ? "run" : "warm-up", measured ? i - warmup + 1 : i + 1, nanos[0] / 1e6,
            nanos[1] / 1e6, nanos[2] / 1e6);
        if (measured) {
          with[i - warmup] = nanos[0];
          without[i - warmup] = nanos[1];
          pregenerated[i - warmup] = nanos[2];
        }
      }
      String report = report(classes, methods, runs, warmup, with, without, pregenerated);
      Path parent = output.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(output, report);
      System.out.println();
      System.out.println(report);
      System.out.println("Written to " + output);
    } finally {
      deleteRecursively(work);
    }
  }

  /** One compile of every source into a fresh directory; its wall time in ns. */
  /** Compiles once with the processor and keeps the routers' sources it wrote. */
  private static List<Path> generateRouters(JavaCompiler compiler, List<Path> sources, Path work,
      int classes) throws IOException {
    Path kept = Files.createDirectories(work.resolve("routers"));
    compile(compiler, sources, work, true, classes, kept);
    try (Stream<Path> walk = Files.walk(kept)) {
      List<Path> routers = walk.filter(p -> p.toString().endsWith("_CustomerIoRouter.java"))
          .sorted().toList();
      if (routers.size() != classes) {
        throw new IllegalStateException(routers.size() + " router sources were generated");
      }
      return routers;
    }
  }

  /**
   * One compile of every source into a fresh directory; its wall time in ns. {@code
   * keepGenerated}: where generated sources go and stay, or null for a fresh directory, deleted.
   */
  private static long compile(JavaCompiler compiler, List<Path> sources, Path work,
      boolean withProcessor, int expectedRouters, Path keepGenerated) throws IOException {
    Path classesDir = Files.createTempDirectory(work, withProcessor ? "with" : "without");
    Path generatedDir = keepGenerated != null
        ? keepGenerated : Files.createDirectories(classesDir.resolve("generated"));
    List<String> options = new ArrayList<>(List.of(
        "-d", classesDir.toString(),
        "-s", generatedDir.toString(),
        "-classpath", System.getProperty("java.class.path"),
        "--release", "17",
        "-Xlint:-processing"));
    if (!withProcessor) {
      options.add("-proc:none");
    }
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    long elapsed;
    try (StandardJavaFileManager files =
        compiler.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
      JavaCompiler.CompilationTask task = compiler.getTask(null, files, diagnostics, options,
          null, files.getJavaFileObjectsFromPaths(sources));
      if (withProcessor) {
        task.setProcessors(List.of(new CustomerIoProcessor()));
      }
      long start = System.nanoTime();
      boolean ok = task.call();
      elapsed = System.nanoTime() - start;
      if (!ok) {
        StringBuilder errors = new StringBuilder();
        for (Diagnostic<? extends JavaFileObject> diagnostic : diagnostics.getDiagnostics()) {
          errors.append(diagnostic).append('\n');
        }
        throw new IllegalStateException("the generated handlers did not compile:\n" + errors);
      }
    }
    long routers;
    try (Stream<Path> walk = Files.walk(classesDir)) {
      routers = walk.filter(p -> p.toString().endsWith("_CustomerIoRouter.class")).count();
    }
    if (routers != expectedRouters) {
      throw new IllegalStateException((withProcessor ? "with" : "without") + " the processor, "
          + routers + " router classes instead of " + expectedRouters);
    }
    deleteRecursively(classesDir);
    return elapsed;
  }

  /**
   * {@code classes} handler classes; method {@code j} of class {@code i} handles event type
   * {@code (i * methods + j) mod 75} of the catalog, takes that channel's event record, and every
   * third one the {@code Delivery} too: the shapes users write.
   */
  static List<Path> writeHandlers(Path root, int classes, int methods) throws IOException {
    Path dir = Files.createDirectories(root.resolve(PACKAGE.replace('.', '/')));
    CustomerIoEventType[] types = CustomerIoEventType.values();
    List<Path> sources = new ArrayList<>();
    for (int i = 0; i < classes; i++) {
      String name = String.format(Locale.ROOT, "Handlers%02d", i);
      StringBuilder source = new StringBuilder()
          .append("package ").append(PACKAGE).append(";\n\n")
          .append("import dev.hooky.Delivery;\n")
          .append("import dev.hooky.customerio.OnCustomerIoEvent;\n\n")
          .append("public final class ").append(name).append(" {\n")
          .append("  private long seen;\n\n");
      for (int j = 0; j < methods; j++) {
        CustomerIoEventType type = types[(i * methods + j) % types.length];
        String eventClass = type.channel().eventClass().getName();
        source.append("  @OnCustomerIoEvent(\"").append(type.eventName()).append("\")\n")
            .append("  public void on").append(j).append("(").append(eventClass)
            .append(" event").append(j % 3 == 2 ? ", Delivery delivery" : "").append(") {\n")
            .append("    seen += event.eventId().length()")
            .append(j % 3 == 2 ? " + delivery.attempt()" : "").append(";\n")
            .append("  }\n\n");
      }
      source.append("  public long seen() {\n    return seen;\n  }\n}\n");
      Path file = dir.resolve(name + ".java");
      Files.writeString(file, source);
      sources.add(file);
    }
    return sources;
  }

  static String report(int classes, int methods, int runs, int warmup, long[] with,
      long[] without, long[] pregenerated) {
    double withMedian = median(with) / 1e6;
    double withoutMedian = median(without) / 1e6;
    double pregeneratedMedian = median(pregenerated) / 1e6;
    double ratio = withMedian / withoutMedian;
    double[] pairRatios = new double[runs];
    for (int i = 0; i < runs; i++) {
      pairRatios[i] = (double) with[i] / without[i];
    }
    Arrays.sort(pairRatios);
    StringBuilder out = new StringBuilder();
    out.append("# hooky-processor compile-time benchmark, ")
        .append(LocalDate.now(ZoneOffset.UTC)).append("\n\n");
    out.append("- target compile with the processor ≤ ").append(fmt(TARGET_RATIO))
        .append("× without: ").append(ratio <= TARGET_RATIO ? "**met**" : "**missed**")
        .append(" (").append(fmt(ratio)).append("×, median with / median without; per-round"
            + " ratios ").append(fmt(pairRatios[0])).append("–")
        .append(fmt(pairRatios[runs - 1])).append("×)\n\n");
    out.append("## Set-up\n\n");
    out.append(MachineInfo.setUpLines());
    out.append("- sources: ").append(classes).append(" handler classes × ").append(methods)
        .append(" `@OnCustomerIoEvent` methods (").append(classes * methods)
        .append(" methods, event records as parameters, every third with a `Delivery`)\n");
    out.append("- compiles: in-process `javax.tools.JavaCompiler`, `--release 17`, into a fresh"
        + " directory each; with = `task.setProcessors(List.of(new CustomerIoProcessor()))` (")
        .append(classes).append(" routers generated and compiled, checked), without ="
            + " `-proc:none`; ").append(warmup).append(" unmeasured rounds, then ").append(runs)
        .append(" measured rounds of the three variants (the third: handlers + the routers' sources the processor wrote, `-proc:none`), rotating which goes first\n\n");
    out.append("## Results\n\n");
    out.append("| | median ms | min ms | max ms |\n|---|---:|---:|---:|\n");
    out.append("| with processor | ").append(fmt(withMedian)).append(" | ")
        .append(fmt(min(with) / 1e6)).append(" | ").append(fmt(max(with) / 1e6)).append(" |\n");
    out.append("| without (`-proc:none`) | ").append(fmt(withoutMedian)).append(" | ")
        .append(fmt(min(without) / 1e6)).append(" | ").append(fmt(max(without) / 1e6))
        .append(" |\n");
    out.append("| without, the ").append(classes).append(" generated routers added as sources"
        + " (`-proc:none`) | ").append(fmt(pregeneratedMedian)).append(" | ")
        .append(fmt(min(pregenerated) / 1e6)).append(" | ").append(fmt(max(pregenerated) / 1e6))
        .append(" |\n\n");
    out.append("Ratios (medians): with / without = ").append(fmt(ratio))
        .append("×; routers as sources / without = ").append(fmt(pregeneratedMedian / withoutMedian))
        .append("× (compiling the generated code); with / routers as sources = ")
        .append(fmt(withMedian / pregeneratedMedian))
        .append("× (the processor itself and javac's extra round).\n\n");
    out.append("Per run (ms, with / without / routers as sources): ");
    for (int i = 0; i < runs; i++) {
      out.append(i == 0 ? "" : ", ").append(fmt(with[i] / 1e6)).append(" / ")
          .append(fmt(without[i] / 1e6)).append(" / ").append(fmt(pregenerated[i] / 1e6));
    }
    out.append(".\n");
    return out.toString();
  }

  private static double median(long[] values) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
  }

  private static long min(long[] values) {
    return Arrays.stream(values).min().orElse(0);
  }

  private static long max(long[] values) {
    return Arrays.stream(values).max().orElse(0);
  }

  private static String fmt(double value) {
    return String.format(Locale.ROOT, value >= 100 ? "%,.0f" : value >= 10 ? "%.1f" : "%.2f",
        value);
  }

  private static int positive(String value) {
    int number = Integer.parseInt(value);
    if (number < 1) {
      throw new IllegalArgumentException("must be at least 1: " + value);
    }
    return number;
  }

  private static void usage() {
    System.err.println("usage: ProcessorCompileBenchmark [--classes=50] [--methods=10]"
        + " [--runs=9] [--warmup=5] [--output=<file>]");
    System.exit(2);
  }

  private static void deleteRecursively(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      walk.sorted(Comparator.reverseOrder()).forEach(path -> {
        try {
          Files.delete(path);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
  }
}
