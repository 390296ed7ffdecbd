package dev.hooky.runtime.dispatch;

import dev.hooky.customerio.CustomerIoEventType;
import dev.hooky.customerio.CustomerIoHandler;
import dev.hooky.customerio.CustomerIoRouter;
import dev.hooky.customerio.event.CustomerIoEvent;
import java.util.List;
import java.util.Set;

/** A router whose constructor fails, as one whose handler class cannot initialise would. */
public final class FailingRouterHandler_CustomerIoRouter implements CustomerIoRouter {
  static final String FAILURE = "router constructor failed on purpose";

  public FailingRouterHandler_CustomerIoRouter(FailingRouterHandler handler) {
    throw new IllegalStateException(FAILURE + " for " + handler);
  }

  @Override
  public Class<?> handlerClass() {
    return FailingRouterHandler.class;
  }

  @Override
  public Set<CustomerIoEventType> eventTypes() {
    return Set.of();
  }

  @Override
  public boolean handlesUnknownEvents() {
    return false;
  }

  @Override
  public List<CustomerIoHandler> handlersFor(CustomerIoEvent event) {
    return List.of();
  }
}
