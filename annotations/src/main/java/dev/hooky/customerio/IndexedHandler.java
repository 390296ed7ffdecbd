package dev.hooky.customerio;

import dev.hooky.Delivery;
import dev.hooky.customerio.event.CustomerIoEvent;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One method of an {@link AbstractCustomerIoRouter}, known by its index in the router's table: a
 * call is the router's {@code switch}, with no lambda in between.
 */
final class IndexedHandler implements CustomerIoHandler {
  private final AbstractCustomerIoRouter<?> router;
  private final int method;
  private final String name;

  IndexedHandler(AbstractCustomerIoRouter<?> router, int method, String name) {
    this.router = router;
    this.method = method;
    this.name = name;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public CompletionStage<?> handle(CustomerIoEvent event, Delivery delivery) {
    try {
      return NamedHandler.nonNull(name, router.call(method, event, delivery));
    } catch (Exception e) {
      return CompletableFuture.failedStage(e);
    }
  }

  @Override
  public String toString() {
    return name;
  }
}
