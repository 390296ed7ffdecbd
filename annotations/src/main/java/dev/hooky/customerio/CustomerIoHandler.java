package dev.hooky.customerio;

import dev.hooky.Delivery;
import dev.hooky.customerio.event.CustomerIoEvent;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * One {@link OnCustomerIoEvent} method, bound to its handler instance by a generated {@link
 * CustomerIoRouter}.
 *
 * <p>{@link #handle} never throws an {@link Exception}: a synchronous method that throws, or an
 * asynchronous one that returns {@code null}, gives a stage that completed exceptionally. (An {@link
 * Error} still propagates.)
 */
public interface CustomerIoHandler {

  /** A name for logs and Live Logs, e.g. {@code DeliveryHandlers.smsDelivered(SmsEvent)}. */
  String name();

  /**
   * Calls the method with {@code event}, which must be one the method accepts. The stage completes
   * when the method has finished: at once for a {@code void} method, when its returned stage
   * completes for an asynchronous one.
   */
  CompletionStage<?> handle(CustomerIoEvent event, Delivery delivery);

  /** A handler for a {@code void} method. */
  static CustomerIoHandler sync(String name, SyncMethod method) {
    Objects.requireNonNull(method, "method == null");
    return new NamedHandler(name, (event, delivery) -> {
      method.call(event, delivery);
      return MethodHandler.COMPLETED;
    });
  }

  /** A handler for a method that returns a {@link CompletionStage}. */
  static CustomerIoHandler async(String name, AsyncMethod method) {
    Objects.requireNonNull(method, "method == null");
    return new NamedHandler(name, method);
  }

  /** A call of a {@code void} handler method. */
  @FunctionalInterface
  interface SyncMethod {
    void call(CustomerIoEvent event, Delivery delivery) throws Exception;
  }

  /** A call of a handler method that returns a {@link CompletionStage}. */
  @FunctionalInterface
  interface AsyncMethod {
    CompletionStage<?> call(CustomerIoEvent event, Delivery delivery) throws Exception;
  }
}
