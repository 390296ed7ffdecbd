package dev.hooky.runtime.metrics;

import dev.hooky.runtime.http.Answer;
import dev.hooky.runtime.http.Rejection;
import dev.hooky.runtime.http.WebhookObserver;
import dev.hooky.runtime.inbox.InboundDelivery;

/** Counts the webhook endpoint's requests and times their answers into {@link HookyMetrics}. */
public final class MetricsObserver implements WebhookObserver {
  private final HookyMetrics metrics;

  MetricsObserver(HookyMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public void rejected(Rejection rejection) {
    metrics.rejected(rejection);
  }

  @Override
  public void accepted(InboundDelivery delivery, Answer answer) {
    metrics.accepted(delivery, answer);
  }
}
