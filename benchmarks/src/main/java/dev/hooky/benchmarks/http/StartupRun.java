package dev.hooky.benchmarks.http;

/**
 * One server's start-up in one round of the {@link StartupBenchmark}.
 *
 * @param startupMillis from just before its JVM was started to the end of the first 2xx answer
 * @param rssReadyKb its resident memory just after that answer
 * @param problems the WARN and ERROR lines of its log, or ""
 */
record StartupRun(ServerKind server, int round, double startupMillis, long rssReadyKb,
    String problems) {}
