package dev.hooky.customerio;

import dev.hooky.Delivery;
import dev.hooky.customerio.event.CustomerIoEvent;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** The {@link CustomerIoHandler} the static factories return. */
final class NamedHandler implements CustomerIoHandler {
  // completedStage, unlike completedFuture, cannot be completed again: safe to share.
  static final CompletionStage<Void> COMPLETED = CompletableFuture.completedStage(null);

  private final String name;
  private final CustomerIoHandler.AsyncMethod method;

  NamedHandler(String name, CustomerIoHandler.AsyncMethod method) {
    this.name = Objects.requireNonNull(name, "name == null");
    this.method = method;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public CompletionStage<?> handle(CustomerIoEvent event, Delivery delivery) {
    try {
      return nonNull(name, method.call(event, delivery));
    } catch (Exception e) {
      return CompletableFuture.failedStage(e);
    }
  }

  /** {@code stage}, or for {@code null} a failed stage that names the method. */
  static CompletionStage<?> nonNull(String name, CompletionStage<?> stage) {
    return stage != null ? stage : CompletableFuture.failedStage(
        new NullPointerException(name + " returned null instead of a CompletionStage"));
  }

  @Override
  public String toString() {
    return name;
  }
}
