package dev.hooky.customerio;

import dev.hooky.Delivery;
import dev.hooky.customerio.event.CustomerIoEvent;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A named {@link CustomerIoHandler} that never throws an {@link Exception}: what its method throws,
 * or a {@code null} stage, becomes a failed stage naming the method.
 */
abstract class MethodHandler implements CustomerIoHandler {
  // completedStage, unlike completedFuture, cannot be completed again: safe to share.
  static final CompletionStage<Void> COMPLETED = CompletableFuture.completedStage(null);

  private final String name;

  MethodHandler(String name) {
    this.name = Objects.requireNonNull(name, "name == null");
  }

  /** Calls the method; {@link #COMPLETED} once a {@code void} one has returned. */
  abstract CompletionStage<?> call(CustomerIoEvent event, Delivery delivery) throws Exception;

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final CompletionStage<?> handle(CustomerIoEvent event, Delivery delivery) {
    try {
      CompletionStage<?> stage = call(event, delivery);
      return stage != null ? stage : CompletableFuture.failedStage(
          new NullPointerException(name + " returned null instead of a CompletionStage"));
    } catch (Exception e) {
      return CompletableFuture.failedStage(e);
    }
  }

  @Override
  public final String toString() {
    return name;
  }
}
