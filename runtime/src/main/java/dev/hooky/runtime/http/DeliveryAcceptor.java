package dev.hooky.runtime.http;

import dev.hooky.runtime.inbox.InboundDelivery;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Takes a verified, parsed delivery off the request path and says what to answer. */
public interface DeliveryAcceptor {
  Answer accept(InboundDelivery delivery);

  /**
   * As {@link #accept}, completing when the answer is known, so that the request's thread need
   * not wait for a commit. By default it accepts on the calling thread.
   */
  default CompletionStage<Answer> acceptAsync(InboundDelivery delivery) {
    try {
      return CompletableFuture.completedFuture(accept(delivery));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }
}
