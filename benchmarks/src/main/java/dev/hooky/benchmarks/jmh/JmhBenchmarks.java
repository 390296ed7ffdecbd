package dev.hooky.benchmarks.jmh;

import dev.hooky.benchmarks.MachineInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs {@link EventPathBenchmarks} through JMH's Runner (the warm-up, measurement and fork
 * settings are the benchmark class's annotations) and writes {@code
 * benchmarks/results/jmh-<date>.md}: ns/op with JMH's 99.9% error, and the targets as ratios
 * measured in the same run. Arguments: {@code --output=<file>} to write elsewhere.
 */
public final class JmhBenchmarks {
  static final double ROUTING_VS_DIRECT_TARGET = 1.2;
  static final double PIPELINE_TARGET_MICROS = 5.0;

  private JmhBenchmarks() {}

  /** One benchmark's score and error, in ns/op. */
  record Score(double nanos, double error) {
    double low() {
      return Math.max(0, nanos - error);
    }

    double high() {
      return nanos + error;
    }
  }

  public static void main(String[] args) throws RunnerException, IOException {
    Path output = Path.of("benchmarks", "results", "jmh-" + LocalDate.now(ZoneOffset.UTC) + ".md");
    for (String arg : args) {
      if (arg.startsWith("--output=")) {
        output = Path.of(arg.substring("--output=".length()));
      } else {
        System.err.println("usage: JmhBenchmarks [--output=<file>]");
        System.exit(2);
      }
    }
    Options options = new OptionsBuilder()
        .include("^" + EventPathBenchmarks.class.getName().replace(".", "\\.") + "\\.")
        .build();
    Collection<RunResult> results = new Runner(options).run();
    Map<String, Score> scores = new LinkedHashMap<>();
    for (RunResult result : results) {
      String name = result.getParams().getBenchmark();
      Result<?> primary = result.getPrimaryResult();
      if (!"ns/op".equals(primary.getScoreUnit())) {
        throw new IllegalStateException("unexpected unit " + primary.getScoreUnit());
      }
      scores.put(name.substring(name.lastIndexOf('.') + 1),
          new Score(primary.getScore(), primary.getScoreError()));
    }
    String report = report(scores);
    Path parent = output.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(output, report);
    System.out.println();
    System.out.println(report);
    System.out.println("Written to " + output);
  }

  static String report(Map<String, Score> scores) {
    Score generated = require(scores, "routeGenerated");
    Score direct = require(scores, "routeDirect");
    Score reflection = require(scores, "routeReflection");
    Score pipeline = require(scores, "pipeline");
    double vsDirect = generated.nanos() / direct.nanos();
    double vsReflection = generated.nanos() / reflection.nanos();
    double pipelineMicros = pipeline.nanos() / 1000;

    StringBuilder out = new StringBuilder();
    out.append("# JMH microbenchmarks: the in-process event path, ")
        .append(LocalDate.now(ZoneOffset.UTC)).append("\n\n");
    out.append("- target generated routing ≤ ").append(fmt(ROUTING_VS_DIRECT_TARGET))
        .append("× a direct call: ").append(verdict(vsDirect <= ROUTING_VS_DIRECT_TARGET))
        .append(" (").append(fmt(vsDirect)).append("×; from the errors ")
        .append(range(generated.low() / direct.high(), generated.high() / direct.low()))
        .append(")\n");
    out.append("- target generated routing faster than reflection (`Method.invoke`): ")
        .append(verdict(vsReflection < 1)).append(" (").append(fmt(vsReflection))
        .append("× reflection's time; from the errors ")
        .append(range(generated.low() / reflection.high(), generated.high() / reflection.low()))
        .append(")\n");
    out.append("- target whole pipeline (verify + parse + route) ≤ ")
        .append(fmt(PIPELINE_TARGET_MICROS)).append(" µs per event: ")
        .append(verdict(pipelineMicros <= PIPELINE_TARGET_MICROS)).append(" (")
        .append(fmt(pipelineMicros)).append(" ± ").append(fmt(pipeline.error() / 1000))
        .append(" µs)\n\n");

    out.append("## Set-up\n\n");
    out.append(MachineInfo.setUpLines());
    out.append("- JMH: average time, 3 × 1 s warm-up, 5 × 1 s measurement, 1 fork, 1 thread;"
        + " error is JMH's 99.9% confidence half-interval\n");
    out.append("- event: `email_delivered`, ").append(EventPathBenchmarks.bodyBytes())
        .append(" bytes of body, HMAC-SHA256 signed, one signing key; the handler class"
            + " (`BenchmarkHandlers`) has 4 `@OnCustomerIoEvent` methods, one of which matches\n\n");

    out.append("## Results\n\n");
    out.append("| benchmark | measures | ns/op | ± error |\n|---|---|---:|---:|\n");
    Map<String, String> descriptions = new LinkedHashMap<>();
    descriptions.put("verify", "`SignatureVerifier.verify` of the ~1 KB body");
    descriptions.put("parse", "`EventParser.parse` into the typed `EmailEvent`");
    descriptions.put("routeGenerated",
        "`RouterRegistry.handlersFor` (generated router) + `CustomerIoHandler.handle`");
    descriptions.put("routeReflection", "`Method.invoke` of the same method, looked up once");
    descriptions.put("routeReflectionDispatch",
        "a reflection-based dispatcher: `EnumMap` of event type to `Method`s, `Method.invoke` each");
    descriptions.put("routeHandWrittenSwitch",
        "hand-written dispatch: `switch` on the event type, direct call");
    descriptions.put("routeDirect", "direct call of the same method");
    descriptions.put("pipeline", "verify + parse + build `Delivery` + route and call");
    for (Map.Entry<String, String> entry : descriptions.entrySet()) {
      Score score = scores.get(entry.getKey());
      if (score != null) {
        out.append("| `").append(entry.getKey()).append("` | ").append(entry.getValue())
            .append(" | ").append(fmt(score.nanos())).append(" | ").append(fmt(score.error()))
            .append(" |\n");
      }
    }
    out.append("\nRatios (same run): generated / direct = ").append(fmt(vsDirect))
        .append("×, generated / reflection = ").append(fmt(vsReflection))
        .append("×")
        .append(scores.containsKey("routeReflectionDispatch")
            ? ", generated / reflection-based dispatcher = "
                + fmt(generated.nanos() / scores.get("routeReflectionDispatch").nanos()) + "×"
            : "")
        .append(scores.containsKey("routeHandWrittenSwitch")
            ? ", generated / hand-written switch = "
                + fmt(generated.nanos() / scores.get("routeHandWrittenSwitch").nanos()) + "×"
            : "")
        .append(", pipeline = ").append(fmt(pipelineMicros)).append(" µs/event.\n");
    out.append("\nRouting costs nanoseconds against a microsecond-scale pipeline: generated routing"
        + " is ").append(fmt(generated.nanos() - direct.nanos())).append(" ns over a direct call,")
        .append(" ").append(fmt(100 * (generated.nanos() - direct.nanos()) / pipeline.nanos()))
        .append("% of the pipeline. A ns of noise moves the routing ratios visibly on a shared"
            + " machine; the targets are judged on the ratios as measured.\n");
    return out.toString();
  }

  private static Score require(Map<String, Score> scores, String name) {
    Score score = scores.get(name);
    if (score == null) {
      throw new IllegalStateException("benchmark " + name + " did not run; ran " + scores.keySet());
    }
    return score;
  }

  private static String verdict(boolean met) {
    return met ? "**met**" : "**missed**";
  }

  private static String range(double low, double high) {
    return fmt(low) + "–" + fmt(high) + "×";
  }

  static String fmt(double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      return "n/a";
    }
    return String.format(Locale.ROOT, value >= 100 ? "%,.0f" : value >= 10 ? "%.1f" : "%.2f",
        value);
  }
}
