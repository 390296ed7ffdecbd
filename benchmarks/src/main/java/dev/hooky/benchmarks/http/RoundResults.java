package dev.hooky.benchmarks.http;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/**
 * The server runs of a benchmark, looked up by server and round: their figures, and their ratios
 * to a baseline server of the same round, the benchmark's currency on a noisy machine.
 */
final class RoundResults {
  private final List<ServerRun> runs;
  private final int rounds;

  RoundResults(List<ServerRun> runs, int rounds) {
    this.runs = List.copyOf(runs);
    this.rounds = rounds;
  }

  List<ServerRun> all() {
    return runs;
  }

  int rounds() {
    return rounds;
  }

  /** The servers that ran, in round order. */
  List<ServerKind> servers() {
    return runs.stream().map(ServerRun::server).distinct().sorted().toList();
  }

  /** The run of {@code server} in {@code round}, or null. */
  ServerRun run(ServerKind server, int round) {
    return runs.stream().filter(run -> run.server() == server && run.round() == round)
        .findFirst().orElse(null);
  }

  List<ServerRun> runsOf(ServerKind server) {
    return runs.stream().filter(run -> run.server() == server).toList();
  }

  /** One measure of {@code server}, per round, in order; figures not measured left out. */
  List<Double> values(ServerKind server, ToDoubleFunction<ServerRun> measure) {
    return runsOf(server).stream().map(run -> measure.applyAsDouble(run))
        .filter(Double::isFinite).collect(Collectors.toList());
  }

  /** The ratios of {@code server} to {@code baseline} for one measure, per round, in order. */
  List<Double> ratios(ServerKind server, ToDoubleFunction<ServerRun> measure,
      ServerKind baseline) {
    List<Double> ratios = new ArrayList<>();
    for (int round = 1; round <= rounds; round++) {
      double ratio = ratio(run(server, round), run(baseline, round), measure);
      if (!Double.isNaN(ratio)) {
        ratios.add(ratio);
      }
    }
    return ratios;
  }

  /** {@code run}'s figure over {@code baseline}'s; NaN if either is missing or not measured. */
  static double ratio(ServerRun run, ServerRun baseline, ToDoubleFunction<ServerRun> measure) {
    if (run == null || baseline == null) {
      return Double.NaN;
    }
    double value = measure.applyAsDouble(run);
    double base = measure.applyAsDouble(baseline);
    return Double.isFinite(value) && Double.isFinite(base) && base > 0 ? value / base : Double.NaN;
  }

}
