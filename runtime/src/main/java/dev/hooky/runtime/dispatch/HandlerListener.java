package dev.hooky.runtime.dispatch;

import java.time.Duration;

/**
 * Hears how each handler call went, for metrics and Live Logs. Called on the worker (or request) thread right
 * after the call, so it must be quick and must not throw.
 */
@FunctionalInterface
public interface HandlerListener {
  HandlerListener NONE = (handler, took, succeeded) -> { };

  /**
   * @param handler the handler's name, e.g. {@code DeliveryHandlers.smsDelivered(SmsEvent)}
   * @param took how long it ran
   * @param succeeded whether it succeeded (a time-out is a failure)
   */
  void handled(String handler, Duration took, boolean succeeded);

  /** A listener that tells {@code first}, then {@code second}. */
  static HandlerListener both(HandlerListener first, HandlerListener second) {
    return (handler, took, succeeded) -> {
      first.handled(handler, took, succeeded);
      second.handled(handler, took, succeeded);
    };
  }
}
