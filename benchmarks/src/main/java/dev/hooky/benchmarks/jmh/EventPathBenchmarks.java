package dev.hooky.benchmarks.jmh;

import dev.hooky.Delivery;
import dev.hooky.customerio.CustomerIoEventType;
import dev.hooky.customerio.CustomerIoHandler;
import dev.hooky.customerio.event.CustomerIoEvent;
import dev.hooky.customerio.event.EmailEvent;
import dev.hooky.customerio.event.MessageEvent;
import dev.hooky.customerio.event.SmsEvent;
import dev.hooky.runtime.dispatch.RouterRegistry;
import dev.hooky.runtime.parse.EventParser;
import dev.hooky.runtime.parse.MalformedEventException;
import dev.hooky.runtime.verify.SignatureVerifier;
import dev.hooky.runtime.verify.Verification;
import java.lang.reflect.Method;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The in-process path of one ~1 KB signed Customer.io event, step by step and whole, without HTTP:
 * signature verification, parsing into the typed event, routing to the handler method (through
 * the generated router as the runtime does, through {@link Method#invoke}, and by a direct call),
 * and verify + parse + route together. Run by {@link JmhBenchmarks}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class EventPathBenchmarks {
  private OneKbEvent request;
  private SignatureVerifier verifier;
  private EventParser parser;
  private BenchmarkHandlers handlers;
  private RouterRegistry registry;
  private Method reflected;
  private Map<CustomerIoEventType, List<Method>> reflectedByType;
  private CustomerIoEvent event;
  private Delivery delivery;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    request = OneKbEvent.create();
    // A clock one second after the request was signed: the timestamp check runs, and passes.
    verifier = new SignatureVerifier(List.of(OneKbEvent.SIGNING_KEY), Duration.ofMinutes(5),
        Clock.fixed(request.sentAt.plusSeconds(1), ZoneOffset.UTC));
    parser = new EventParser();
    handlers = new BenchmarkHandlers();
    registry = RouterRegistry.of(List.of(handlers));
    reflected = BenchmarkHandlers.class.getMethod("emailDelivered", EmailEvent.class);
    reflectedByType = reflectionTable();
    event = parser.parse(request.body);
    delivery = delivery(event.eventId(), request.sentAt);
    // Fail fast rather than measure a rejection or an unrouted event.
    Verification verification = verifier.verify(request.timestamp, request.signature, request.body);
    if (!verification.verified()) {
      throw new IllegalStateException("the benchmark's event does not verify: "
          + verification.reason());
    }
    if (registry.handlersFor(event).size() != 1 || !(event instanceof EmailEvent)) {
      throw new IllegalStateException("the benchmark's event must reach exactly one method: "
          + event.name());
    }
  }

  /** The size of the benchmark's body, for the report. */
  static int bodyBytes() {
    return OneKbEvent.create().body.length;
  }

  @Benchmark
  public Verification verify() {
    return verifier.verify(request.timestamp, request.signature, request.body);
  }

  @Benchmark
  public CustomerIoEvent parse() throws MalformedEventException {
    return parser.parse(request.body);
  }

  /** As the runtime routes: the registry's generated router picks the methods, each is called. */
  @Benchmark
  public void routeGenerated(Blackhole blackhole) {
    for (CustomerIoHandler handler : registry.handlersFor(event)) {
      blackhole.consume(handler.handle(event, delivery));
    }
    blackhole.consume(handlers.total());
  }

  /** The same method through {@link Method#invoke}, looked up once beforehand. */
  @Benchmark
  public void routeReflection(Blackhole blackhole) throws ReflectiveOperationException {
    blackhole.consume(reflected.invoke(handlers, event));
    blackhole.consume(handlers.total());
  }

  /**
   * A whole reflection-based dispatcher, the design the generated router replaces: the methods of
   * the event's type from a table built once, each called through {@link Method#invoke}.
   */
  @Benchmark
  public void routeReflectionDispatch(Blackhole blackhole) throws ReflectiveOperationException {
    List<Method> methods = reflectedByType.getOrDefault(event.type(), List.of());
    for (Method method : methods) {
      blackhole.consume(method.getParameterCount() == 2
          ? method.invoke(handlers, event, delivery) : method.invoke(handlers, event));
    }
    blackhole.consume(handlers.total());
  }

  /** The same method called directly, as hand-written code would. */
  @Benchmark
  public void routeDirect(Blackhole blackhole) {
    handlers.emailDelivered((EmailEvent) event);
    blackhole.consume(handlers.total());
  }

  /**
   * Hand-written dispatch, what a webhook handler without Hooky does: a {@code switch} on the
   * event's type, then a direct call of the method. The direct call minus the knowledge of which
   * method to call.
   */
  @Benchmark
  public void routeHandWrittenSwitch(Blackhole blackhole) {
    CustomerIoEventType type = event.type();
    if (type != null) {
      switch (type) {
        case EMAIL_DELIVERED -> handlers.emailDelivered((EmailEvent) event);
        case EMAIL_OPENED, EMAIL_CLICKED -> handlers.emailEngaged((EmailEvent) event, delivery);
        case PUSH_DELIVERED, WHATSAPP_DELIVERED -> handlers.otherDelivered((MessageEvent) event);
        default -> {
          if (event instanceof SmsEvent sms) {
            handlers.anySms(sms);
          }
        }
      }
    }
    blackhole.consume(handlers.total());
  }

  /** Verify, parse, build the delivery, route and call: everything but HTTP and the inbox. */
  @Benchmark
  public void pipeline(Blackhole blackhole) throws MalformedEventException {
    Verification verification = verifier.verify(request.timestamp, request.signature, request.body);
    if (!verification.verified()) {
      throw new IllegalStateException(verification.reason());
    }
    CustomerIoEvent parsed = parser.parse(request.body);
    Delivery built = delivery(parsed.eventId(), request.sentAt);
    for (CustomerIoHandler handler : registry.handlersFor(parsed)) {
      blackhole.consume(handler.handle(parsed, built));
    }
    blackhole.consume(handlers.total());
  }

  /**
   * Event type to handler methods, from the annotations' names as the processor reads them (the
   * benchmark's handler uses exact names and channel wildcards only). {@code @OnCustomerIoEvent}
   * is not retained at run time, so the names are repeated here.
   */
  private static Map<CustomerIoEventType, List<Method>> reflectionTable()
      throws NoSuchMethodException {
    Map<CustomerIoEventType, List<Method>> table = new EnumMap<>(CustomerIoEventType.class);
    Class<?> type = BenchmarkHandlers.class;
    add(table, type.getMethod("emailDelivered", EmailEvent.class), "email_delivered");
    add(table, type.getMethod("emailEngaged", EmailEvent.class, Delivery.class),
        "email_opened", "email_clicked");
    add(table, type.getMethod("anySms", SmsEvent.class), "sms_*");
    add(table, type.getMethod("otherDelivered", MessageEvent.class),
        "push_delivered", "whatsapp_delivered");
    return table;
  }

  private static void add(Map<CustomerIoEventType, List<Method>> table, Method method,
      String... names) {
    for (String name : names) {
      for (CustomerIoEventType type : CustomerIoEventType.values()) {
        boolean matches = name.endsWith("_*")
            ? type.eventName().startsWith(name.substring(0, name.length() - 1))
            : type.eventName().equals(name);
        if (matches) {
          table.computeIfAbsent(type, t -> new ArrayList<>()).add(method);
        }
      }
    }
  }

  private Delivery delivery(String eventId, Instant receivedAt) {
    return Delivery.builder()
        .eventId(eventId)
        .receivedAt(receivedAt)
        .header("X-CIO-Timestamp", request.timestamp)
        .header("X-CIO-Signature", request.signature)
        .body(request.body)
        .build();
  }
}
