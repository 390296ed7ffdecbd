package dev.hooky.customerio;

import dev.hooky.Delivery;
import dev.hooky.customerio.event.CustomerIoEvent;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Routes events to the {@link OnCustomerIoEvent} methods of one handler object.
 *
 * <p>{@code hooky-processor} generates one implementation per handler class, named {@code
 * <Class>_CustomerIoRouter} ({@code Outer_Inner_CustomerIoRouter} for a nested class) in the class's
 * package, with a public constructor taking the handler instance. It extends {@link
 * AbstractCustomerIoRouter}, which looks up an event type's methods in a table built once, and
 * calls each method directly, through a {@code switch} on the method: no reflection per event.
 */
public interface CustomerIoRouter {

  /** The class whose methods this router calls. */
  Class<?> handlerClass();

  /** The catalog events at least one method handles. */
  Set<CustomerIoEventType> eventTypes();

  /** Whether a method handles every event ({@code "*"}), including {@code UnknownEvent}s. */
  boolean handlesUnknownEvents();

  /**
   * The methods that handle {@code event}, in the order they are declared in the source; empty when
   * none does. The list is immutable and the same instance for every event of one type.
   */
  List<CustomerIoHandler> handlersFor(CustomerIoEvent event);

  /** Whether at least one method handles {@code event}. */
  default boolean handles(CustomerIoEvent event) {
    return !handlersFor(event).isEmpty();
  }

  /**
   * Calls every method that handles {@code event}, one after the other in source order, each once
   * the previous one has finished. The stage fails with the first failure, and the methods after
   * the failed one are not called. With no matching method, the stage is already complete.
   */
  default CompletionStage<Void> route(CustomerIoEvent event, Delivery delivery) {
    CompletionStage<?> chain = MethodHandler.COMPLETED;
    for (CustomerIoHandler handler : handlersFor(event)) {
      chain = chain.thenCompose(previous -> handler.handle(event, delivery));
    }
    return chain.thenApply(last -> null);
  }
}
