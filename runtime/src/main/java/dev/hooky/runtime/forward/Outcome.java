package dev.hooky.runtime.forward;

import java.time.Duration;
import java.util.Objects;

/**
 * How one attempt to deliver an event to a {@link Destination} went.
 *
 * @param delivered whether the destination took the event (an HTTP 2xx)
 * @param detail one line for Live Logs, e.g. {@code 503 in 12 ms} or {@code no answer within 5000
 *     ms}; never a secret
 * @param latency how long the attempt took
 */
public record Outcome(boolean delivered, String detail, Duration latency) {
  public Outcome {
    Objects.requireNonNull(detail, "detail == null");
    Objects.requireNonNull(latency, "latency == null");
  }

  public static Outcome delivered(String detail, Duration latency) {
    return new Outcome(true, detail, latency);
  }

  public static Outcome failed(String detail, Duration latency) {
    return new Outcome(false, detail, latency);
  }
}
