package dev.hooky.runtime.dispatch;

import static dev.hooky.runtime.testing.TestServers.email;
import static dev.hooky.runtime.testing.TestServers.sms;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hooky.Delivery;
import dev.hooky.customerio.CustomerIoEventType;
import dev.hooky.customerio.CustomerIoHandler;
import dev.hooky.customerio.CustomerIoRouter;
import dev.hooky.customerio.OnCustomerIoEvent;
import dev.hooky.customerio.event.CustomerIoEvent;
import dev.hooky.customerio.event.SmsEvent;
import dev.hooky.runtime.HookyServer;
import dev.hooky.runtime.parse.EventParser;
import dev.hooky.runtime.testing.TestServers;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** How handler objects find their routers: by name, through superclasses, or being one. */
class RouterRegistryTest {
  private final BlockingQueue<String> calls = new LinkedBlockingQueue<>();

  /** A handler class as a user writes it; not final, so that a DI container may proxy it. */
  static class SmsHandlers {
    final BlockingQueue<String> calls;

    SmsHandlers(BlockingQueue<String> calls) {
      this.calls = calls;
    }

    @OnCustomerIoEvent("sms_delivered")
    void delivered(SmsEvent event) {
      calls.add("handler " + event.eventId());
    }
  }

  /** A second handler class, with a channel wildcard and a catch-all. */
  static final class AuditHandlers {
    @OnCustomerIoEvent("sms_*")
    void anySms(SmsEvent event) {}

    @OnCustomerIoEvent("*")
    void everything(CustomerIoEvent event) {}
  }

  /** What a DI container's proxy looks like: a subclass that intercepts and delegates. */
  static class ProxyOfSmsHandlers extends SmsHandlers {
    ProxyOfSmsHandlers(BlockingQueue<String> calls) {
      super(calls);
    }

    @Override
    void delivered(SmsEvent event) {
      calls.add("proxy " + event.eventId());
      super.delivered(event);
    }
  }

  /** A proxy of a proxy: the router is two superclasses up. */
  static class ProxyOfProxy extends ProxyOfSmsHandlers {
    ProxyOfProxy(BlockingQueue<String> calls) {
      super(calls);
    }
  }

  static final class Outer {
    static final class Inner {}
  }

  /** A router written by hand: handles every event, recording it. */
  static final class HandWrittenRouter implements CustomerIoRouter {
    private final List<CustomerIoHandler> handlers;

    HandWrittenRouter(BlockingQueue<String> calls) {
      this.handlers = List.of(CustomerIoHandler.sync("hand-written",
          (event, delivery) -> calls.add("hand-written " + event.eventId())));
    }

    @Override
    public Class<?> handlerClass() {
      return HandWrittenRouter.class;
    }

    @Override
    public Set<CustomerIoEventType> eventTypes() {
      return Set.of(CustomerIoEventType.values());
    }

    @Override
    public boolean handlesUnknownEvents() {
      return true;
    }

    @Override
    public List<CustomerIoHandler> handlersFor(CustomerIoEvent event) {
      return handlers;
    }
  }

  // --- naming ---

  @Test
  void aTopLevelClassesRouterIsInItsPackageWithTheSuffix() {
    assertEquals("dev.hooky.runtime.dispatch.NotARouterHandler_CustomerIoRouter",
        RouterRegistry.routerClassName(NotARouterHandler.class));
  }

  @Test
  void aNestedClassesRouterJoinsTheEnclosingNamesWithUnderscores() {
    assertEquals("dev.hooky.runtime.dispatch.RouterRegistryTest_SmsHandlers_CustomerIoRouter",
        RouterRegistry.routerClassName(SmsHandlers.class));
    assertEquals("dev.hooky.runtime.dispatch.RouterRegistryTest_Outer_Inner_CustomerIoRouter",
        RouterRegistry.routerClassName(Outer.Inner.class));
  }

  @Test
  void theNameTheRegistryLooksForIsTheNameTheProcessorGenerates() {
    RouterRegistry registry = RouterRegistry.of(List.of(new SmsHandlers(calls)));
    CustomerIoRouter router = registry.routers().get(0);
    assertEquals(RouterRegistry.routerClassName(SmsHandlers.class), router.getClass().getName());
    assertSame(SmsHandlers.class, router.handlerClass());
  }

  @Test
  void twoObjectsOfOneHandlerClassAreRefused() {
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
        () -> RouterRegistry.of(List.of(new SmsHandlers(calls), new SmsHandlers(calls) {})));

    assertEquals("two handler objects of " + SmsHandlers.class.getName()
        + ": pass one object of each handler class", refused.getMessage());
  }

  // --- superclasses ---

  @Test
  void anAnonymousSubclassUsesTheRouterOfItsSuperclass() throws Exception {
    SmsHandlers subclass = new SmsHandlers(calls) {};
    RouterRegistry registry = RouterRegistry.of(List.of(subclass));

    assertSame(SmsHandlers.class, registry.routers().get(0).handlerClass());
    route(registry, parse(sms("anonymous")));
    assertEquals(List.of("handler anonymous"), drain());
  }

  @Test
  void aProxySubclassIsCalledThroughTheRouterOfItsSuperclass() throws Exception {
    RouterRegistry registry = RouterRegistry.of(List.of(new ProxyOfSmsHandlers(calls)));

    assertSame(SmsHandlers.class, registry.routers().get(0).handlerClass());
    route(registry, parse(sms("proxied")));
    assertEquals(List.of("proxy proxied", "handler proxied"), drain(),
        "the router calls the proxy, which delegates");
  }

  @Test
  void theRouterIsFoundSeveralSuperclassesUp() throws Exception {
    RouterRegistry registry = RouterRegistry.of(List.of(new ProxyOfProxy(calls)));

    assertSame(SmsHandlers.class, registry.routers().get(0).handlerClass());
    route(registry, parse(sms("deep")));
    assertEquals(List.of("proxy deep", "handler deep"), drain());
  }

  // --- objects that are routers ---

  @Test
  void anObjectThatIsARouterIsUsedAsItIs() throws Exception {
    HandWrittenRouter router = new HandWrittenRouter(calls);
    RouterRegistry registry = RouterRegistry.of(List.of(router));
    assertSame(router, registry.routers().get(0));
    assertEquals(List.of("hand-written"), names(registry.handlersFor(parse(sms("alone")))),
        "a lone hand-written router answers for itself");
  }

  @Test
  void handlersOfSeveralRoutersComeInRegistrationOrder() throws Exception {
    CustomerIoEvent event = parse(sms("order"));
    RouterRegistry forward = RouterRegistry.of(
        List.of(new SmsHandlers(calls), new HandWrittenRouter(calls)));
    RouterRegistry backward = RouterRegistry.of(
        List.of(new HandWrittenRouter(calls), new SmsHandlers(calls)));

    assertEquals(List.of("RouterRegistryTest.SmsHandlers.delivered(SmsEvent)", "hand-written"),
        names(forward.handlersFor(event)));
    assertEquals(List.of("hand-written", "RouterRegistryTest.SmsHandlers.delivered(SmsEvent)"),
        names(backward.handlersFor(event)));
    assertEquals(List.of("hand-written"), names(forward.handlersFor(parse(email("other")))),
        "a router that does not handle an event adds nothing");
  }

  @Test
  void generatedRoutersAreMergedByEventTypeInRegistrationOrder() throws Exception {
    RouterRegistry registry = RouterRegistry.of(
        List.of(new AuditHandlers(), new SmsHandlers(calls)));
    CustomerIoEvent delivered = parse(sms("merged"));

    assertEquals(List.of("RouterRegistryTest.AuditHandlers.anySms(SmsEvent)",
        "RouterRegistryTest.AuditHandlers.everything(CustomerIoEvent)",
        "RouterRegistryTest.SmsHandlers.delivered(SmsEvent)"),
        names(registry.handlersFor(delivered)));
    assertSame(registry.handlersFor(delivered), registry.handlersFor(parse(sms("again"))),
        "one list per event type, built once");
    assertEquals(List.of("RouterRegistryTest.AuditHandlers.everything(CustomerIoEvent)"),
        names(registry.handlersFor(parse("{\"event_id\":\"u\",\"object_type\":\"fax\","
            + "\"metric\":\"sent\",\"timestamp\":1713484800,\"data\":{}}"))),
        "an event the catalog does not know reaches the catch-all only");
  }

  @Test
  void noHandlerObjectsMeanNoHandlers() throws Exception {
    RouterRegistry registry = RouterRegistry.of(List.of());
    assertTrue(registry.routers().isEmpty());
    assertTrue(registry.handlersFor(parse(sms("nobody"))).isEmpty());
  }

  // --- refusals ---

  @Test
  void anObjectWithoutRouterIsRefusedNamingItsClassAndTheRouterLookedFor() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> RouterRegistry.of(List.of(new SmsHandlers(calls), new Outer.Inner())));
    assertContains(e.getMessage(), Outer.Inner.class.getName(),
        "dev.hooky.runtime.dispatch.RouterRegistryTest_Outer_Inner_CustomerIoRouter",
        "hooky-processor");
  }

  @Test
  void aNullHandlerObjectIsRefused() {
    List<Object> handlers = Arrays.asList(new SmsHandlers(calls), null);
    assertThrows(NullPointerException.class, () -> RouterRegistry.of(handlers));
  }

  @Test
  void aClassNamedLikeARouterThatIsNoneIsRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> RouterRegistry.of(List.of(new NotARouterHandler())));
    assertContains(e.getMessage(), NotARouterHandler_CustomerIoRouter.class.getName(),
        "is not a router generated by hooky-processor", NotARouterHandler.class.getName());
  }

  @Test
  void aRouterThatFailsToStartIsRefusedWithItsCause() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> RouterRegistry.of(List.of(new FailingRouterHandler())));
    assertContains(e.getMessage(), FailingRouterHandler.class.getName(), "failed to start");
    IllegalStateException cause = assertInstanceOf(IllegalStateException.class, e.getCause());
    assertContains(cause.getMessage(), FailingRouterHandler_CustomerIoRouter.FAILURE);
  }

  @Test
  void startRefusesARouterThatFailsToStartKeepingTheCause() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> TestServers.builder().handlers(new FailingRouterHandler()).start());
    assertContains(e.getMessage(), FailingRouterHandler.class.getName(), "failed to start");
    IllegalStateException cause = assertInstanceOf(IllegalStateException.class, e.getCause());
    assertContains(cause.getMessage(), FailingRouterHandler_CustomerIoRouter.FAILURE);
  }

  // --- through a running server ---

  @Test
  void aProxiedHandlerAndAHandWrittenRouterReceiveEventsOverHttp() throws Exception {
    SmsHandlers proxy = new SmsHandlers(calls) {
      @Override
      void delivered(SmsEvent event) {
        calls.add("anonymous proxy " + event.eventId());
        super.delivered(event);
      }
    };
    try (HookyServer server = TestServers.builder().workerThreads(1)
        .handlers(proxy, new HandWrittenRouter(calls)).start()) {
      assertEquals(200, TestServers.client(server).send(sms("over-http")).statusCode());
      assertEquals("anonymous proxy over-http", next());
      assertEquals("handler over-http", next());
      assertEquals("hand-written over-http", next());
    }
  }

  // --- helpers ---

  private static CustomerIoEvent parse(String json) throws Exception {
    return new EventParser().parse(json.getBytes(StandardCharsets.UTF_8));
  }

  private static void route(RouterRegistry registry, CustomerIoEvent event) throws Exception {
    Delivery delivery = Delivery.builder().eventId(event.eventId()).attempt(1)
        .receivedAt(Instant.now()).body(new byte[0]).build();
    for (CustomerIoHandler handler : registry.handlersFor(event)) {
      handler.handle(event, delivery).toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
  }

  private static List<String> names(List<CustomerIoHandler> handlers) {
    return handlers.stream().map(CustomerIoHandler::name).collect(Collectors.toList());
  }

  private List<String> drain() {
    List<String> drained = new ArrayList<>();
    calls.drainTo(drained);
    return drained;
  }

  private String next() throws InterruptedException {
    String call = calls.poll(5, TimeUnit.SECONDS);
    if (call == null) {
      throw new AssertionError("no handler ran within 5 s");
    }
    return call;
  }

  private static void assertContains(String text, String... parts) {
    for (String part : parts) {
      assertTrue(text.contains(part), "expected \"" + part + "\" in: " + text);
    }
  }
}
