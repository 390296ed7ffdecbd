package dev.hooky.runtime.http;

import dev.hooky.runtime.inbox.InboundDelivery;

/** Hears about every webhook request's outcome: for logs, metrics and Live Logs. */
public interface WebhookObserver {
  WebhookObserver NONE = new WebhookObserver() {};

  /** A request was refused with a 4xx. */
  default void rejected(Rejection rejection) {}

  /** A verified event was taken and answered with {@code answer}. */
  default void accepted(InboundDelivery delivery, Answer answer) {}
}
