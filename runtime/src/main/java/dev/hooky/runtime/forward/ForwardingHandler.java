package dev.hooky.runtime.forward;

import dev.hooky.Delivery;
import dev.hooky.customerio.CustomerIoHandler;
import dev.hooky.customerio.event.CustomerIoEvent;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The handler that forwards to one {@link Destination}: a failed attempt fails the handler, so the
 * inbox retries the delivery (calling only the handlers that have not succeeded yet) and, in the
 * end, dead-letters it.
 */
public final class ForwardingHandler implements CustomerIoHandler.AsyncMethod {
  private final Destination destination;

  public ForwardingHandler(Destination destination) {
    this.destination = Objects.requireNonNull(destination, "destination == null");
  }

  @Override
  public CompletionStage<?> call(CustomerIoEvent event, Delivery delivery)
      throws InterruptedException {
    Outcome outcome = destination.send(
        new ForwardedEvent(delivery.eventId(), event.name(), delivery.attempt(), delivery.body()));
    return outcome.delivered()
        ? CompletableFuture.completedFuture(outcome)
        : CompletableFuture.failedFuture(new ForwardFailure(outcome.detail()));
  }

  public Destination destination() {
    return destination;
  }
}
