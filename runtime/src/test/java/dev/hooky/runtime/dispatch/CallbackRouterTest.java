package dev.hooky.runtime.dispatch;

import static dev.hooky.runtime.testing.TestServers.email;
import static dev.hooky.runtime.testing.TestServers.sms;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hooky.Delivery;
import dev.hooky.customerio.CustomerIoHandler;
import dev.hooky.customerio.OnCustomerIoEvent;
import dev.hooky.customerio.event.CustomerIoEvent;
import dev.hooky.customerio.event.SmsEvent;
import dev.hooky.runtime.HookyServer;
import dev.hooky.runtime.parse.EventParser;
import dev.hooky.runtime.testing.TestServers;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Handlers given as a name, patterns and a callback, next to generated routers. */
class CallbackRouterTest {
  private final BlockingQueue<String> calls = new LinkedBlockingQueue<>();

  static final class SmsHandlers {
    final BlockingQueue<String> calls;

    SmsHandlers(BlockingQueue<String> calls) {
      this.calls = calls;
    }

    @OnCustomerIoEvent("sms_delivered")
    void delivered(SmsEvent event) {
      calls.add("generated " + event.eventId());
    }
  }

  private CustomerIoHandler.AsyncMethod recording(String label) {
    return (event, delivery) -> {
      calls.add(label + " " + event.eventId());
      return CompletableFuture.completedFuture(null);
    };
  }

  private static CustomerIoEvent parse(String json) throws Exception {
    return new EventParser().parse(json.getBytes(StandardCharsets.UTF_8));
  }

  private static List<String> names(RouterRegistry registry, CustomerIoEvent event) {
    return registry.handlersFor(event).stream().map(CustomerIoHandler::name).toList();
  }

  @Test
  void callbacksJoinGeneratedRoutersInRegistrationOrder() throws Exception {
    RouterRegistry registry = RouterRegistry.of(List.of(
        CallbackRouter.of("audit", List.of("*"), recording("audit")),
        new SmsHandlers(calls),
        CallbackRouter.of("emails", List.of("email_*", "email_opened"), recording("emails"))));
    assertEquals(List.of("audit", "CallbackRouterTest.SmsHandlers.delivered(SmsEvent)"),
        names(registry, parse(sms("s1"))));
    assertEquals(List.of("audit", "emails"), names(registry, parse(email("e1"))));
    CustomerIoEvent unknown = parse("{\"event_id\":\"u1\",\"object_type\":\"fax\","
        + "\"metric\":\"sent\",\"timestamp\":1,\"data\":{}}");
    assertEquals(List.of("audit"), names(registry, unknown));
  }

  @Test
  void aCallbackRouterTellsItsNameAndPatterns() {
    CallbackRouter router =
        CallbackRouter.of("emails", List.of("email_*", "email_opened"), recording("emails"));

    assertEquals("emails", router.name());
    assertEquals(List.of("email_*", "email_opened"), router.events());
    assertEquals("CallbackRouter[emails [email_*, email_opened]]", router.toString());
  }

  @Test
  void namesMustBeUniqueAndPatternsKnown() {
    IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
        () -> RouterRegistry.of(List.of(CallbackRouter.of("app", List.of("*"), recording("a")),
            CallbackRouter.of("app", List.of("sms_sent"), recording("b")))));
    assertEquals("two handlers named \"app\": give each a name of its own", twice.getMessage());
    assertEquals("unknown event \"sms_delivred\"; did you mean sms_delivered? (hooky events"
        + " lists them; * also matches events the catalog does not know)",
        assertThrows(IllegalArgumentException.class,
            () -> CallbackRouter.of("x", List.of("sms_delivred"), recording("x"))).getMessage());
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> CallbackRouter.of("x", List.of(), recording("x"))).getMessage()
        .startsWith("no events"));
    assertThrows(IllegalArgumentException.class,
        () -> CallbackRouter.of(" ", List.of("*"), recording("x")));
  }

  @Test
  void aCallbackRunsInTheServerLikeAnyHandler() throws Exception {
    try (HookyServer server = TestServers.builder().adminPort(-1)
        .handlers(new SmsHandlers(calls))
        .handler("sms audit", List.of("sms_*"), recording("callback")).start()) {
      TestServers.client(server).send(sms("01HCALLBACK0000000000000001"));
      String first = calls.poll(5, TimeUnit.SECONDS);
      String second = calls.poll(5, TimeUnit.SECONDS);
      assertEquals("generated 01HCALLBACK0000000000000001", first);
      assertEquals("callback 01HCALLBACK0000000000000001", second);
    }
  }

  @Test
  void aFailedCallbackIsRetriedAloneByName() throws Exception {
    int[] attempts = {0};
    CustomerIoHandler.AsyncMethod flaky = (CustomerIoEvent event, Delivery delivery) -> {
      calls.add("flaky attempt " + delivery.attempt());
      return ++attempts[0] == 1
          ? CompletableFuture.failedFuture(new IllegalStateException("down"))
          : CompletableFuture.completedFuture(null);
    };
    try (HookyServer server = TestServers.builder().adminPort(-1)
        .retryPolicy(new dev.hooky.runtime.inbox.RetryPolicy(3, java.time.Duration.ofMillis(20),
            1.0, java.time.Duration.ofMillis(20), 0.0))
        .handlers(new SmsHandlers(calls)).handler("flaky", List.of("*"), flaky).start()) {
      TestServers.client(server).send(sms("01HRETRY00000000000000001"));
      assertEquals("generated 01HRETRY00000000000000001", calls.poll(5, TimeUnit.SECONDS));
      assertEquals("flaky attempt 1", calls.poll(5, TimeUnit.SECONDS));
      // The generated handler succeeded on attempt 1: only the callback runs again.
      assertEquals("flaky attempt 2", calls.poll(5, TimeUnit.SECONDS));
    }
  }
}
