package dev.hooky.runtime.inbox;

import java.time.Duration;
import java.util.Objects;

/**
 * How one handler method did with one delivery.
 *
 * @param handler the handler's name, e.g. {@code DeliveryHandlers.smsDelivered(SmsEvent)}
 * @param duration how long it ran (until its stage completed, for an asynchronous handler)
 * @param error a one-line summary of the failure, or {@code null} when it succeeded
 */
public record HandlerOutcome(String handler, Duration duration, String error) {
  public HandlerOutcome {
    Objects.requireNonNull(handler, "handler == null");
    Objects.requireNonNull(duration, "duration == null");
  }

  public boolean succeeded() {
    return error == null;
  }
}
