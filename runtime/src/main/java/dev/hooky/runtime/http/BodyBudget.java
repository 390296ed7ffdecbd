package dev.hooky.runtime.http;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A budget of body bytes held in memory by all requests in flight together: buffers are charged
 * as they grow with the bytes that actually arrive, and released when their request is answered.
 * A request that would overdraw it is answered 503 with Retry-After, so that no number of
 * connections can exhaust the heap. Thread-safe.
 */
public final class BodyBudget {
  private final long limitBytes;
  private final AtomicLong used = new AtomicLong();

  public BodyBudget(long limitBytes) {
    if (limitBytes < 1) {
      throw new IllegalArgumentException("the body budget must be positive: " + limitBytes);
    }
    this.limitBytes = limitBytes;
  }

  /**
   * A quarter of the maximum heap, at least 16 MiB: room for many bodies at once, and for
   * everything else the process holds.
   */
  public static BodyBudget fromMaxHeap() {
    return new BodyBudget(Math.max(16L << 20, Runtime.getRuntime().maxMemory() / 4));
  }

  /** Charges {@code bytes}; false, charging nothing, when that would overdraw the budget. */
  boolean reserve(long bytes) {
    while (true) {
      long current = used.get();
      if (current + bytes > limitBytes) {
        return false;
      }
      if (used.compareAndSet(current, current + bytes)) {
        return true;
      }
    }
  }

  void release(long bytes) {
    used.addAndGet(-bytes);
  }

  /** Bytes charged right now. */
  public long used() {
    return used.get();
  }

  public long limit() {
    return limitBytes;
  }
}
