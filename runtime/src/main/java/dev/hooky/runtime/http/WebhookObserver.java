package dev.hooky.runtime.http;

import dev.hooky.runtime.inbox.InboundDelivery;

/** Hears about every webhook request's outcome: for logs, metrics and Live Logs. */
public interface WebhookObserver {
  WebhookObserver NONE = new WebhookObserver() {};

  /** A request was refused with a 4xx. */
  default void rejected(Rejection rejection) {}

  /** A verified event was taken and answered with {@code answer}. */
  default void accepted(InboundDelivery delivery, Answer answer) {}

  /** An observer that tells {@code first}, then {@code second}. */
  static WebhookObserver both(WebhookObserver first, WebhookObserver second) {
    return new WebhookObserver() {
      @Override
      public void rejected(Rejection rejection) {
        first.rejected(rejection);
        second.rejected(rejection);
      }

      @Override
      public void accepted(InboundDelivery delivery, Answer answer) {
        first.accepted(delivery, answer);
        second.accepted(delivery, answer);
      }
    };
  }
}
