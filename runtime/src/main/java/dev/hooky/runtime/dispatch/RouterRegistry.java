package dev.hooky.runtime.dispatch;

import dev.hooky.customerio.AbstractCustomerIoRouter;
import dev.hooky.customerio.CustomerIoEventType;
import dev.hooky.customerio.CustomerIoHandler;
import dev.hooky.customerio.CustomerIoRouter;
import dev.hooky.customerio.event.CustomerIoEvent;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The generated routers of the user's handler objects, found once at start-up by the naming
 * convention ({@code com.example.Foo} → {@code com.example.Foo_CustomerIoRouter}); no reflection
 * per event.
 */
public final class RouterRegistry {
  static final String ROUTER_SUFFIX = "_CustomerIoRouter";

  private final List<CustomerIoRouter> routers;
  /**
   * Every router's handlers by event type (ordinal; the last entry for unknown events), merged
   * once, when every router is generated: then a lookup is an array read. Otherwise null.
   */
  private final List<CustomerIoHandler>[] byType;

  private RouterRegistry(List<CustomerIoRouter> routers) {
    this.routers = List.copyOf(routers);
    this.byType = mergeByType(this.routers);
  }

  private static List<CustomerIoHandler>[] mergeByType(List<CustomerIoRouter> routers) {
    if (!routers.stream().allMatch(router -> router instanceof AbstractCustomerIoRouter)) {
      return null; // a hand-written router answers by event, not by type
    }
    CustomerIoEventType[] catalog = CustomerIoEventType.values();
    @SuppressWarnings("unchecked") // filled with lists right below
    List<CustomerIoHandler>[] merged = new List[catalog.length + 1];
    for (int i = 0; i <= catalog.length; i++) {
      CustomerIoEventType type = i < catalog.length ? catalog[i] : null;
      List<CustomerIoHandler> all = new ArrayList<>();
      for (CustomerIoRouter router : routers) {
        all.addAll(((AbstractCustomerIoRouter<?>) router).handlersFor(type));
      }
      merged[i] = List.copyOf(all);
    }
    return merged;
  }

  /**
   * Finds the router of each handler object. An object that is itself a {@link CustomerIoRouter}
   * (a {@link CallbackRouter}, say) is used as it is. A handler's class, or failing that its
   * nearest superclass (so that proxies a DI container makes of the class work), must have a
   * generated router. Callback routers must have names of their own.
   *
   * @throws IllegalArgumentException naming the class when a handler has no router
   */
  public static RouterRegistry of(List<?> handlers) {
    List<CustomerIoRouter> routers = new ArrayList<>();
    Set<Class<?>> handlerClasses = new HashSet<>();
    Set<String> callbackNames = new HashSet<>();
    for (Object handler : handlers) {
      Objects.requireNonNull(handler, "a handler object is null");
      CustomerIoRouter router = handler instanceof CustomerIoRouter
          ? (CustomerIoRouter) handler
          : routerFor(handler);
      if (router instanceof CallbackRouter) {
        // Callbacks share classes (lambdas, one forwarding class); their names tell them apart.
        String name = ((CallbackRouter) router).name();
        if (!callbackNames.add(name)) {
          throw new IllegalArgumentException("two handlers named \"" + name + "\": give each a"
              + " name of its own");
        }
      } else if (!handlerClasses.add(router.handlerClass())) {
        // Handlers are known by class and method name (in retries, in Live Logs): two objects of
        // one class would be indistinguishable, and each event would reach both.
        throw new IllegalArgumentException("two handler objects of "
            + router.handlerClass().getName() + ": pass one object of each handler class");
      }
      routers.add(router);
    }
    return new RouterRegistry(routers);
  }

  public List<CustomerIoRouter> routers() {
    return routers;
  }

  /** Every handler of every router for {@code event}, routers in registration order. */
  public List<CustomerIoHandler> handlersFor(CustomerIoEvent event) {
    if (byType != null) {
      CustomerIoEventType type = event.type();
      return byType[type == null ? byType.length - 1 : type.ordinal()];
    }
    if (routers.size() == 1) {
      return routers.get(0).handlersFor(event);
    }
    List<CustomerIoHandler> all = new ArrayList<>();
    for (CustomerIoRouter router : routers) {
      all.addAll(router.handlersFor(event));
    }
    return all;
  }

  private static CustomerIoRouter routerFor(Object handler) {
    for (Class<?> type = handler.getClass(); type != Object.class; type = type.getSuperclass()) {
      Class<?> routerClass = loadRouterClass(type);
      if (routerClass != null) {
        return instantiate(routerClass, type, handler);
      }
    }
    throw new IllegalArgumentException(handler.getClass().getName() + " has no generated router"
        + " (looked for " + routerClassName(handler.getClass()) + "). Annotate its handler methods"
        + " with @OnCustomerIoEvent and compile with hooky-processor on the annotation processor"
        + " path; see README");
  }

  /** {@code com.example.Outer$Inner} → {@code com.example.Outer_Inner_CustomerIoRouter}. */
  static String routerClassName(Class<?> handlerClass) {
    String packageName = handlerClass.getPackageName();
    String binaryName = handlerClass.getName().substring(
        packageName.isEmpty() ? 0 : packageName.length() + 1);
    return (packageName.isEmpty() ? "" : packageName + ".") + binaryName.replace('$', '_')
        + ROUTER_SUFFIX;
  }

  private static Class<?> loadRouterClass(Class<?> handlerClass) {
    try {
      return Class.forName(routerClassName(handlerClass), true, handlerClass.getClassLoader());
    } catch (ClassNotFoundException notGenerated) {
      return null;
    }
  }

  private static CustomerIoRouter instantiate(Class<?> routerClass, Class<?> type, Object handler) {
    try {
      Constructor<?> constructor = routerClass.getConstructor(type);
      return (CustomerIoRouter) constructor.newInstance(handler);
    } catch (InvocationTargetException e) {
      throw new IllegalArgumentException("the router of " + type.getName() + " failed to start",
          e.getCause());
    } catch (ReflectiveOperationException | ClassCastException e) {
      throw new IllegalArgumentException(routerClass.getName() + " is not a router generated by"
          + " hooky-processor for " + type.getName() + "; rebuild with the matching hooky-processor"
          + " version", e);
    }
  }
}
