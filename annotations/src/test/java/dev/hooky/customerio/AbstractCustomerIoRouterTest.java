package dev.hooky.customerio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hooky.Delivery;
import dev.hooky.customerio.event.CustomerIoEvent;
import dev.hooky.customerio.event.EmailEvent;
import dev.hooky.customerio.event.SmsEvent;
import dev.hooky.customerio.event.TestEvents;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/** The table a generated router hands {@link AbstractCustomerIoRouter}, and the calls it makes. */
class AbstractCustomerIoRouterTest {
  private static final Delivery DELIVERY = Delivery.builder()
      .eventId(TestEvents.EVENT_ID)
      .receivedAt(Instant.ofEpochSecond(1_613_063_090L))
      .build();

  /** A handler class, its methods as a user writes them. */
  static final class Handlers {
    final List<String> calls = new ArrayList<>();
    CompletionStage<Void> asyncResult = CompletableFuture.completedFuture(null);

    void smsSent(SmsEvent event) {
      calls.add("smsSent");
    }

    void anyEmail(EmailEvent event, Delivery delivery) throws IOException {
      calls.add("anyEmail");
      if (delivery.attempt() > 1) {
        throw new IOException("mail store down");
      }
    }

    CompletionStage<Void> audit(CustomerIoEvent event) {
      calls.add("audit");
      return asyncResult;
    }
  }

  /** What {@code Handlers_CustomerIoRouter} looks like. */
  static final class HandlersRouter extends AbstractCustomerIoRouter<Handlers> {
    HandlersRouter(Handlers handler, String... table) {
      super(Handlers.class, handler, table);
    }

    HandlersRouter(Handlers handler) {
      this(handler,
          "Handlers.smsSent(SmsEvent)", "sms_sent",
          "Handlers.anyEmail(EmailEvent, Delivery)", "email_*",
          "Handlers.audit(CustomerIoEvent)", "*");
    }

    @Override
    protected CompletionStage<?> call(Handlers handler, int method, CustomerIoEvent event,
        Delivery delivery) throws Exception {
      switch (method) {
        case 0:
          handler.smsSent((SmsEvent) event);
          return COMPLETED;
        case 1:
          handler.anyEmail((EmailEvent) event, delivery);
          return COMPLETED;
        case 2:
          return handler.audit(event);
        default:
          throw new AssertionError(method);
      }
    }
  }

  private final Handlers handlers = new Handlers();
  private final HandlersRouter router = new HandlersRouter(handlers);

  @Test
  void eachEventTypeGetsItsMethodsInTableOrder() {
    assertEquals(List.of("Handlers.smsSent(SmsEvent)", "Handlers.audit(CustomerIoEvent)"),
        names(router.handlersFor(TestEvents.of(CustomerIoEventType.SMS_SENT))));
    assertEquals(List.of("Handlers.anyEmail(EmailEvent, Delivery)", "Handlers.audit(CustomerIoEvent)"),
        names(router.handlersFor(TestEvents.of(CustomerIoEventType.EMAIL_BOUNCED))));
    assertEquals(List.of("Handlers.audit(CustomerIoEvent)"),
        names(router.handlersFor(TestEvents.of(CustomerIoEventType.PUSH_OPENED))));
    assertEquals(List.of("Handlers.audit(CustomerIoEvent)"),
        names(router.handlersFor(TestEvents.unknown("fax", "sent"))));
  }

  @Test
  void theListIsTheSameInstanceForEveryEventOfAType() {
    CustomerIoEvent sms = TestEvents.of(CustomerIoEventType.SMS_SENT);

    assertSame(router.handlersFor(sms), router.handlersFor(sms));
    assertThrows(UnsupportedOperationException.class, () -> router.handlersFor(sms).clear());
  }

  @Test
  void describesWhatItHandles() {
    assertSame(Handlers.class, router.handlerClass());
    assertEquals(EnumSet.allOf(CustomerIoEventType.class), router.eventTypes());
    assertTrue(router.handlesUnknownEvents());

    HandlersRouter smsOnly = new HandlersRouter(handlers, "Handlers.smsSent(SmsEvent)",
        "sms_sent, sms_clicked");
    assertEquals(EnumSet.of(CustomerIoEventType.SMS_SENT, CustomerIoEventType.SMS_CLICKED),
        smsOnly.eventTypes());
    assertFalse(smsOnly.handlesUnknownEvents());
    assertTrue(smsOnly.handlersFor(TestEvents.of(CustomerIoEventType.SMS_DELIVERED)).isEmpty());
    assertTrue(smsOnly.handlersFor(TestEvents.unknown("fax", "sent")).isEmpty());
  }

  @Test
  void aMethodSelectedTwiceForAnEventRunsOnce() {
    HandlersRouter twice = new HandlersRouter(handlers, "Handlers.anyEmail(EmailEvent, Delivery)",
        "email_*, email_sent");

    assertEquals(1, twice.handlersFor(TestEvents.of(CustomerIoEventType.EMAIL_SENT)).size());
  }

  @Test
  void routeCallsTheMethodsDirectly() {
    router.route(TestEvents.of(CustomerIoEventType.EMAIL_OPENED), DELIVERY)
        .toCompletableFuture().join();

    assertEquals(List.of("anyEmail", "audit"), handlers.calls);
  }

  @Test
  void aThrowingMethodGivesAFailedStage() {
    Delivery retry = Delivery.builder()
        .eventId(TestEvents.EVENT_ID)
        .receivedAt(Instant.ofEpochSecond(1_613_063_090L))
        .attempt(2)
        .build();
    CustomerIoHandler anyEmail =
        router.handlersFor(TestEvents.of(CustomerIoEventType.EMAIL_SENT)).get(0);

    CompletionStage<?> stage = anyEmail.handle(TestEvents.of(CustomerIoEventType.EMAIL_SENT), retry);

    CompletionException failure =
        assertThrows(CompletionException.class, () -> stage.toCompletableFuture().join());
    assertInstanceOf(IOException.class, failure.getCause());
  }

  @Test
  void anAsynchronousMethodReturningNullGivesAFailedStageNamingIt() {
    handlers.asyncResult = null;
    CustomerIoHandler audit = router.handlersFor(TestEvents.unknown("fax", "sent")).get(0);

    CompletionStage<?> stage = audit.handle(TestEvents.unknown("fax", "sent"), DELIVERY);

    CompletionException failure =
        assertThrows(CompletionException.class, () -> stage.toCompletableFuture().join());
    assertInstanceOf(NullPointerException.class, failure.getCause());
    assertEquals("Handlers.audit(CustomerIoEvent) returned null instead of a CompletionStage",
        failure.getCause().getMessage());
  }

  @Test
  void anEventTheCatalogDoesNotKnowMeansTheRouterIsStale() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new HandlersRouter(handlers, "Handlers.smsSent(SmsEvent)", "sms_teleported"));

    assertTrue(e.getMessage().contains("\"sms_teleported\""), e.getMessage());
    assertTrue(e.getMessage().contains("rebuild"), e.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> new HandlersRouter(handlers, "Handlers.smsSent(SmsEvent)", "fax_*"));
  }

  @Test
  void anOddTableIsRefused() {
    assertThrows(IllegalArgumentException.class,
        () -> new HandlersRouter(handlers, "Handlers.smsSent(SmsEvent)"));
    assertThrows(NullPointerException.class, () -> new HandlersRouter(null));
  }

  private static List<String> names(List<CustomerIoHandler> handlers) {
    return handlers.stream().map(CustomerIoHandler::name).toList();
  }
}
