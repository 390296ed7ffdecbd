package dev.hooky.runtime.console;

import dev.hooky.runtime.http.Rejection;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/** The most recent rejected requests, newest first, for Live Logs; the oldest are forgotten. */
final class RejectionLog {
  private static final int KEPT = 1_000;

  private final ArrayDeque<Rejection> recent = new ArrayDeque<>();
  private long total;

  synchronized void add(Rejection rejection) {
    if (recent.size() == KEPT) {
      recent.removeLast();
    }
    recent.addFirst(rejection);
    total++;
  }

  synchronized List<Rejection> latest(int limit) {
    List<Rejection> latest = new ArrayList<>(Math.min(limit, recent.size()));
    for (Rejection rejection : recent) {
      if (latest.size() == limit) {
        break;
      }
      latest.add(rejection);
    }
    return latest;
  }

  synchronized long total() {
    return total;
  }
}
