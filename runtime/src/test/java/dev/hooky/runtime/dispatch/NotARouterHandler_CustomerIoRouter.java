package dev.hooky.runtime.dispatch;

/** Named like a generated router, but written by hand and implementing nothing. */
public final class NotARouterHandler_CustomerIoRouter {
  public NotARouterHandler_CustomerIoRouter(NotARouterHandler handler) {
    if (handler == null) {
      throw new NullPointerException("handler == null");
    }
  }
}
