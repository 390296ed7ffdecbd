package dev.hooky.runtime.http;

import java.time.Clock;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs refused webhook requests without letting a flood of them flood the log: at most one line
 * per kind of refusal per interval, then a count of what was left out ("... and 10,912 more
 * signature mismatch from 3 addresses in the last 10 s"). Metrics still count every one.
 * Thread-safe.
 */
final class RejectionLog {
  private static final Logger log = LoggerFactory.getLogger(WebhookHandler.class);
  /** Kinds are a few dozen fixed reason prefixes; the cap only guards against a surprise. */
  private static final int MAX_KINDS = 64;
  static final long INTERVAL_MILLIS = 10_000;
  private static final int MAX_ADDRESSES = 100;

  /** Where the lines go: the log, or a test's list. */
  interface Sink {
    void warn(String line);

    void info(String line);
  }

  private static final Sink LOG = new Sink() {
    @Override
    public void warn(String line) {
      log.warn(line);
    }

    @Override
    public void info(String line) {
      log.info(line);
    }
  };

  private final Clock clock;
  private final Sink sink;
  private final Map<String, Window> windows = new ConcurrentHashMap<>();

  RejectionLog(Clock clock) {
    this(clock, LOG);
  }

  RejectionLog(Clock clock, Sink sink) {
    this.clock = clock;
    this.sink = sink;
  }

  /** One interval's count of one kind of refusal. */
  private static final class Window {
    long startedAt;
    long suppressed;
    /** The distinct addresses left out, up to {@link #MAX_ADDRESSES}. */
    final Set<String> addresses = new HashSet<>();
  }

  /** Logs {@code reason} unless this kind was logged within the interval; counts it if not. */
  void rejected(int status, String reason, String remoteAddress) {
    String kind = kind(status, reason);
    long now = clock.millis();
    if (!windows.containsKey(kind) && windows.size() >= MAX_KINDS) {
      // Known kinds keep their windows; any further ones share one per status, named so.
      kind = status + " other";
    }
    Window window = windows.computeIfAbsent(kind, any -> newWindow(now));
    long suppressed;
    synchronized (window) {
      if (window.startedAt != Long.MIN_VALUE && now - window.startedAt < INTERVAL_MILLIS) {
        window.suppressed++;
        if (window.addresses.size() < MAX_ADDRESSES) {
          window.addresses.add(remoteAddress);
        }
        return;
      }
      suppressed = window.suppressed;
      String from = window.addresses.size() == 1
          ? "from " + window.addresses.iterator().next()
          : "from " + window.addresses.size()
              + (window.addresses.size() == MAX_ADDRESSES ? "+" : "") + " addresses";
      long previousStart = window.startedAt;
      window.startedAt = now;
      window.suppressed = 0;
      window.addresses.clear();
      if (suppressed > 0) {
        sink.warn("... and " + suppressed + " more \"" + kind + "\" refusals " + from
            + " in the last " + Math.max(1, (now - previousStart) / 1000) + " s");
      }
    }
    if (status == 401 || status >= 500) {
      sink.warn("Rejected webhook from " + remoteAddress + " with " + status + ": " + reason
          + " (more like it are counted and summarised every " + INTERVAL_MILLIS / 1000 + " s)");
    } else {
      sink.info("Rejected webhook from " + remoteAddress + " with " + status + ": " + reason);
    }
  }

  private static Window newWindow(long now) {
    Window window = new Window();
    window.startedAt = Long.MIN_VALUE;
    return window;
  }

  /** The reason up to its first colon, e.g. {@code stale timestamp}: no numbers, no header text. */
  static String kind(int status, String reason) {
    int colon = reason.indexOf(':');
    String head = colon < 0 ? reason : reason.substring(0, colon);
    return status + " " + (head.length() > 60 ? head.substring(0, 60) : head);
  }
}
