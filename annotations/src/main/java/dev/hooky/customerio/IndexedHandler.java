package dev.hooky.customerio;

import dev.hooky.Delivery;
import dev.hooky.customerio.event.CustomerIoEvent;
import java.util.concurrent.CompletionStage;

/**
 * One method of an {@link AbstractCustomerIoRouter}, known by its index in the router's table: a
 * call is the router's {@code switch}, with no lambda in between.
 */
final class IndexedHandler extends MethodHandler {
  private final AbstractCustomerIoRouter<?> router;
  private final int method;

  IndexedHandler(AbstractCustomerIoRouter<?> router, int method, String name) {
    super(name);
    this.router = router;
    this.method = method;
  }

  @Override
  CompletionStage<?> call(CustomerIoEvent event, Delivery delivery) throws Exception {
    return router.call(method, event, delivery);
  }
}
