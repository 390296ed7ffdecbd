package dev.hooky.runtime.dispatch;

import dev.hooky.Delivery;
import dev.hooky.customerio.AbstractCustomerIoRouter;
import dev.hooky.customerio.CustomerIoHandler;
import dev.hooky.customerio.event.CustomerIoEvent;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * A handler given at run time, by a name, event patterns and a callback, rather than by an
 * annotated method: it joins the pipeline next to the generated routers, and is retried, timed and
 * shown in Live Logs like them. Forwarding destinations are such handlers.
 *
 * <p>The name identifies the handler in the inbox's history (a handler that succeeded is not called
 * again on a retry) and in Live Logs, so it must be unique and stable across restarts.
 */
public final class CallbackRouter extends AbstractCustomerIoRouter<CustomerIoHandler.AsyncMethod> {
  private final String name;
  private final List<String> events;

  private CallbackRouter(String name, List<String> events, CustomerIoHandler.AsyncMethod callback) {
    super(callback.getClass(), callback, name, String.join(", ", events));
    this.name = name;
    this.events = events;
  }

  /**
   * @param name how the inbox and Live Logs know the handler, e.g. {@code forward app}
   * @param events event names, channel wildcards or {@code *}, as in {@code @OnCustomerIoEvent}
   * @param callback called with each matching event; its stage completes when it has finished
   * @throws IllegalArgumentException for a blank name or an unknown event pattern
   */
  public static CallbackRouter of(
      String name, List<String> events, CustomerIoHandler.AsyncMethod callback) {
    Objects.requireNonNull(name, "name == null");
    Objects.requireNonNull(callback, "callback == null");
    if (name.isBlank()) {
      throw new IllegalArgumentException("a handler name is blank");
    }
    return new CallbackRouter(name, EventPatterns.check(events), callback);
  }

  /** The handler's name. */
  public String name() {
    return name;
  }

  /** Its event patterns, as checked. */
  public List<String> events() {
    return events;
  }

  @Override
  protected CompletionStage<?> call(CustomerIoHandler.AsyncMethod callback, int method,
      CustomerIoEvent event, Delivery delivery) throws Exception {
    return callback.call(event, delivery);
  }

  @Override
  public String toString() {
    return "CallbackRouter[" + name + " " + events + "]";
  }
}
