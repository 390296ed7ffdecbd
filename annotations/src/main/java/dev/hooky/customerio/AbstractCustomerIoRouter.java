package dev.hooky.customerio;

import dev.hooky.Delivery;
import dev.hooky.customerio.event.CustomerIoEvent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * The base class of the routers {@code hooky-processor} generates.
 *
 * <p>A generated router passes this constructor a table of its methods, one pair of strings per
 * method in source order: the method's display name, and its {@link OnCustomerIoEvent} values as
 * written, separated by {@code ", "}. This class turns the table into one immutable handler list per
 * event type, once, at construction; per event it only reads an array. The subclass implements
 * {@link #call}: a {@code switch} on the method's index that calls the method directly.
 *
 * <p>The table is data rather than code because it is what makes the generated source small: a
 * class of handlers compiles with a router about its own size (see the processor benchmark).
 *
 * @param <T> the handler class
 */
public abstract class AbstractCustomerIoRouter<T> implements CustomerIoRouter {
  /** What {@link #call} returns after calling a {@code void} method. */
  protected static final CompletionStage<Void> COMPLETED = MethodHandler.COMPLETED;

  private static final String ALL = "*";
  private static final String CHANNEL_WILDCARD_SUFFIX = "_*";

  private final Class<?> handlerClass;
  private final T handler;
  private final Set<CustomerIoEventType> eventTypes;
  /** By {@link CustomerIoEventType#ordinal()}; the last entry is for unknown events. */
  private final List<CustomerIoHandler>[] handlersByType;

  /**
   * @param handlerClass the class whose methods the router calls
   * @param handler the instance to call them on
   * @param methods per method, in source order: its display name (e.g. {@code
   *     Handlers.sent(SmsEvent)}), then its event names, channel wildcards or {@code *}, joined by
   *     {@code ", "}
   * @throws IllegalArgumentException if the table names an event this catalog does not know: the
   *     router was generated against another version of hooky-annotations
   */
  protected AbstractCustomerIoRouter(Class<?> handlerClass, T handler, String... methods) {
    this.handlerClass = Objects.requireNonNull(handlerClass, "handlerClass == null");
    this.handler = Objects.requireNonNull(handler, "handler == null");
    if (methods.length % 2 != 0) {
      throw new IllegalArgumentException("methods must come in pairs of name and event names");
    }
    CustomerIoEventType[] catalog = CustomerIoEventType.values();
    List<List<CustomerIoHandler>> byType = new ArrayList<>(catalog.length + 1);
    for (int i = 0; i <= catalog.length; i++) {
      byType.add(new ArrayList<>());
    }
    EnumSet<CustomerIoEventType> types = EnumSet.noneOf(CustomerIoEventType.class);
    for (int method = 0; method < methods.length / 2; method++) {
      CustomerIoHandler bound = new IndexedHandler(this, method, methods[2 * method]);
      for (String value : methods[2 * method + 1].split(", ")) {
        for (CustomerIoEventType type : select(value)) {
          addOnce(byType.get(type.ordinal()), bound);
          types.add(type);
        }
        if (value.equals(ALL)) {
          addOnce(byType.get(catalog.length), bound);
        }
      }
    }
    @SuppressWarnings("unchecked") // An array of lists, filled with nothing but lists right here.
    List<CustomerIoHandler>[] lists = new List[byType.size()];
    for (int i = 0; i < lists.length; i++) {
      lists[i] = List.copyOf(byType.get(i));
    }
    this.handlersByType = lists;
    this.eventTypes = Collections.unmodifiableSet(types);
  }

  /**
   * Calls method number {@code method} of the table on {@code handler}, with {@code event} cast to
   * the method's parameter type.
   *
   * @return for a {@code void} method, {@link #COMPLETED}; otherwise what the method returned
   * @throws Exception what the method threw
   */
  protected abstract CompletionStage<?> call(
      T handler, int method, CustomerIoEvent event, Delivery delivery) throws Exception;

  final CompletionStage<?> call(int method, CustomerIoEvent event, Delivery delivery)
      throws Exception {
    return call(handler, method, event, delivery);
  }

  @Override
  public final Class<?> handlerClass() {
    return handlerClass;
  }

  @Override
  public final Set<CustomerIoEventType> eventTypes() {
    return eventTypes;
  }

  @Override
  public final boolean handlesUnknownEvents() {
    return !handlersByType[handlersByType.length - 1].isEmpty();
  }

  @Override
  public final List<CustomerIoHandler> handlersFor(CustomerIoEvent event) {
    return handlersFor(event.type());
  }

  /**
   * The methods that handle events of {@code type}, or with {@code null}, events the catalog does
   * not know; the same immutable list as {@link #handlersFor(CustomerIoEvent)} gives.
   */
  public final List<CustomerIoHandler> handlersFor(CustomerIoEventType type) {
    return handlersByType[type == null ? handlersByType.length - 1 : type.ordinal()];
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + handler + "]";
  }

  /** The catalog events one annotation value names; the processor has already checked it. */
  private Set<CustomerIoEventType> select(String value) {
    if (value.equals(ALL)) {
      return EnumSet.allOf(CustomerIoEventType.class);
    }
    Optional<Set<CustomerIoEventType>> selected = value.endsWith(CHANNEL_WILDCARD_SUFFIX)
        ? Channel.fromObjectType(value.substring(0, value.length() - 2))
            .map(CustomerIoEventType::ofChannel)
        : CustomerIoEventType.fromName(value).map(EnumSet::of);
    return selected.orElseThrow(() -> new IllegalArgumentException(getClass().getName()
        + " routes \"" + value + "\", which this version of hooky-annotations does not know:"
        + " rebuild it with the hooky-processor of the same version"));
  }

  private static void addOnce(List<CustomerIoHandler> handlers, CustomerIoHandler handler) {
    // Two values of one annotation may select the same event; the method still runs once.
    if (!handlers.contains(handler)) {
      handlers.add(handler);
    }
  }
}
