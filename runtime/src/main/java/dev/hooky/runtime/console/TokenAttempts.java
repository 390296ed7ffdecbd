package dev.hooky.runtime.console;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Failed admin-token attempts, limited per client and logged in aggregate. Each client (an IPv4
 * address, or an IPv6 /64, which one host can rotate through) has a bucket of {@link #BURST}
 * failures that refills by one every {@link #REFILL_NANOS}; once it is empty, the client's requests
 * are refused (429) before its token is even compared. Log lines summarise an interval: at most one
 * per {@link #LOG_INTERVAL_NANOS}, whatever the rate of attempts.
 */
final class TokenAttempts {
  /** Failures a client may make at once: enough for typos and a stale bookmark. */
  static final int BURST = 10;
  /** One more failure allowed every 6 s, i.e. 10 a minute once the burst is spent. */
  static final long REFILL_NANOS = TimeUnit.SECONDS.toNanos(6);
  static final long LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(60);
  /** Clients tracked at once; beyond that, new ones share one bucket, so memory stays bounded. */
  static final int MAX_CLIENTS = 10_000;
  private static final String OVERFLOW = "(other clients)";

  /** A client's allowance; {@code tokens} is as of {@code at}. */
  private static final class Bucket {
    double tokens = BURST;
    long at;
  }

  private final LongSupplier nanoClock;
  private final Consumer<String> log;
  /** Guarded by this. */
  private final Map<String, Bucket> buckets = new HashMap<>();
  /** Guarded by this: what happened since the last log line, by client. */
  private final Map<String, long[]> interval = new HashMap<>();
  /** When the last line was written; meaningful once {@link #logged}. */
  private long lastLine;
  private boolean logged;
  private long lastSweep;

  /**
   * @param nanoClock {@link System#nanoTime} but in tests
   * @param log where the summary lines go (a logger's warn)
   */
  TokenAttempts(LongSupplier nanoClock, Consumer<String> log) {
    this.nanoClock = nanoClock;
    this.log = log;
  }

  /** The key a client is limited by: its IPv4 address, or its IPv6 /64 network. */
  static String clientKey(InetAddress address) {
    if (address == null) {
      return "unknown";
    }
    if (address instanceof Inet6Address) {
      byte[] bytes = address.getAddress();
      StringBuilder prefix = new StringBuilder();
      for (int i = 0; i < 8; i += 2) {
        prefix.append(Integer.toHexString(((bytes[i] & 0xff) << 8) | (bytes[i + 1] & 0xff)))
            .append(':');
      }
      return address.isLoopbackAddress() ? "::1" : prefix.append(":/64").toString();
    }
    return address.getHostAddress();
  }

  /**
   * 0 when {@code client} may present a token now; else how many seconds until it may (and the
   * refusal is counted for the log).
   */
  synchronized long retryAfterSeconds(String client) {
    long now = nanoClock.getAsLong();
    Bucket bucket = buckets.get(bucketKey(client, now));
    if (bucket == null || refill(bucket, now) >= 1) {
      return 0;
    }
    count(client, 1, now);
    long wait = (long) Math.ceil((1 - bucket.tokens) * REFILL_NANOS);
    return Math.max(1, (wait + TimeUnit.SECONDS.toNanos(1) - 1) / TimeUnit.SECONDS.toNanos(1));
  }

  /** {@code client} presented a wrong token, or none. */
  synchronized void failed(String client) {
    long now = nanoClock.getAsLong();
    String key = bucketKey(client, now);
    Bucket bucket = buckets.get(key);
    if (bucket == null) {
      bucket = new Bucket();
      bucket.at = now;
      buckets.put(key, bucket);
    }
    refill(bucket, now);
    bucket.tokens = Math.max(0, bucket.tokens - 1);
    count(client, 0, now);
  }

  /**
   * Writes the summary of the interval if it is over and anything happened in it; the caller
   * schedules this for the end of each interval, so the tail of an attack is logged too.
   */
  synchronized void flush() {
    long now = nanoClock.getAsLong();
    if (!interval.isEmpty() && now - lastLine >= LOG_INTERVAL_NANOS) {
      writeSummary(now);
    }
  }

  /** Seconds until the current interval's summary is due; for scheduling {@link #flush}. */
  synchronized long secondsUntilFlush() {
    long left = LOG_INTERVAL_NANOS - (nanoClock.getAsLong() - lastLine);
    return Math.max(1, TimeUnit.NANOSECONDS.toSeconds(left) + 1);
  }

  private void count(String client, int slot, long now) {
    if (interval.isEmpty() && (!logged || now - lastLine >= LOG_INTERVAL_NANOS)) {
      // The first failure after a quiet interval is told at once; the rest are summed.
      logged = true;
      lastLine = now;
      log.accept("Admin port: a request with a wrong or missing admin token from " + client
          + "; further ones are summed up every "
          + TimeUnit.NANOSECONDS.toSeconds(LOG_INTERVAL_NANOS) + " s");
      return;
    }
    long[] counts = interval.get(client);
    if (counts == null) {
      if (interval.size() >= MAX_CLIENTS) {
        client = OVERFLOW;
        counts = interval.computeIfAbsent(client, key -> new long[2]);
      } else {
        counts = new long[2];
        interval.put(client, counts);
      }
    }
    counts[slot]++;
    if (now - lastLine >= LOG_INTERVAL_NANOS) {
      writeSummary(now);
    }
  }

  private void writeSummary(long now) {
    long failed = 0;
    long refused = 0;
    String top = null;
    long topCount = -1;
    for (Map.Entry<String, long[]> entry : interval.entrySet()) {
      long[] counts = entry.getValue();
      failed += counts[0];
      refused += counts[1];
      if (counts[0] + counts[1] > topCount) {
        topCount = counts[0] + counts[1];
        top = entry.getKey();
      }
    }
    log.accept(String.format("Admin port: %,d more request(s) with a wrong or missing admin token"
            + " in the last %d s from %,d client(s), %,d of them refused with 429 before any"
            + " check; most from %s (%,d)", failed + refused,
        TimeUnit.NANOSECONDS.toSeconds(now - lastLine), interval.size(), refused, top,
        topCount));
    interval.clear();
    lastLine = now;
  }

  private String bucketKey(String client, long now) {
    if (buckets.containsKey(client) || buckets.size() < MAX_CLIENTS) {
      return client;
    }
    // Full: forget clients whose allowance has grown back (looking at most once a second, so
    // that a crowd of new addresses costs no sweep each), else let newcomers share a bucket.
    if (now - lastSweep < TimeUnit.SECONDS.toNanos(1)) {
      return OVERFLOW;
    }
    lastSweep = now;
    for (Iterator<Bucket> it = buckets.values().iterator(); it.hasNext(); ) {
      if (refill(it.next(), now) >= BURST) {
        it.remove();
      }
    }
    return buckets.size() < MAX_CLIENTS ? client : OVERFLOW;
  }

  private static double refill(Bucket bucket, long now) {
    long elapsed = now - bucket.at;
    if (elapsed > 0) {
      bucket.tokens = Math.min(BURST, bucket.tokens + (double) elapsed / REFILL_NANOS);
      bucket.at = now;
    }
    return bucket.tokens;
  }
}
