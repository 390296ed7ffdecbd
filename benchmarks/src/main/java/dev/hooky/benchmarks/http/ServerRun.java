package dev.hooky.benchmarks.http;

import java.util.Map;

/**
 * What one server did in one round.
 *
 * @param startupMillis from just before its JVM was started to the end of the first 2xx answer
 * @param rssReadyKb resident memory right after that answer; -1 if unknown
 * @param rssPeakKb peak resident memory (VmHWM) after all the load; -1 if unknown
 * @param warmupSeconds how long the closed-loop warm-up lasted
 * @param warmupSteady whether it ended because the rate had stopped rising (else at the cap)
 * @param fixedRate the rate of the fixed-rate phase, requests/s; NaN if it did not run
 * @param fixedNotSent requests due in the fixed-rate window that were never sent: the server was
 *     too far behind
 * @param acked every acknowledged request: the first one, both phases and their warm-ups
 * @param handled the handler's count when the wait for it ended
 * @param waiting events still in the inbox then; 0 without one
 * @param drainSeconds how long the wait lasted after the load
 * @param handledPerSecond the handler's rate during the closed-loop window
 * @param cpu shares of the machine's cores during the closed-loop window
 * @param logProblems warnings and errors in the server's log, the first after a colon; or ""
 */
record ServerRun(ServerKind server, int round, double startupMillis, long rssReadyKb,
    long rssPeakKb, double warmupSeconds, boolean warmupSteady, LoadFigures closedLoop,
    double fixedRate, LoadFigures fixedRateLoad, long fixedNotSent, long acked, long handled,
    long waiting, double drainSeconds, double handledPerSecond, Cpu cpu, String logProblems) {

  /**
   * Shares of all the machine's cores (1.0 = every core busy).
   *
   * @param machine every process's, from /proc/stat
   * @param driver the benchmark's JVM: the load generator
   * @param server the server's JVM, and its threads by group ({@link ServerCpu#GROUPS})
   */
  record Cpu(double machine, double driver, double server, Map<String, Double> serverGroups) {
    static final Cpu UNKNOWN = new Cpu(Double.NaN, Double.NaN, Double.NaN, Map.of());
  }

  double requestsPerSecond() {
    return closedLoop.perSecond();
  }

  double closedLoopP99Millis() {
    return closedLoop.p99Millis();
  }

  double fixedRateP99Millis() {
    return fixedRateLoad.p99Millis();
  }

  double startupSeconds() {
    return startupMillis / 1000;
  }

  double rssReadyMb() {
    return rssReadyKb < 0 ? Double.NaN : rssReadyKb / 1024.0;
  }

  double rssPeakMb() {
    return rssPeakKb < 0 ? Double.NaN : rssPeakKb / 1024.0;
  }

  /** Whether the handler had seen every acknowledged event when the wait ended. */
  boolean allHandled() {
    return handled >= acked;
  }

  /** Whether the fixed-rate phase kept its rate: (nearly) every due request acknowledged. */
  boolean keptRate() {
    return fixedNotSent == 0 && fixedRateLoad.perSecond() >= 0.98 * fixedRate;
  }
}
