package dev.hooky.customerio;

import dev.hooky.Delivery;
import dev.hooky.customerio.event.CustomerIoEvent;
import java.util.concurrent.CompletionStage;

/** The {@link CustomerIoHandler} the static factories return: a name and a lambda. */
final class NamedHandler extends MethodHandler {
  private final CustomerIoHandler.AsyncMethod method;

  NamedHandler(String name, CustomerIoHandler.AsyncMethod method) {
    super(name);
    this.method = method;
  }

  @Override
  CompletionStage<?> call(CustomerIoEvent event, Delivery delivery) throws Exception {
    return method.call(event, delivery);
  }
}
