package dev.hooky.customerio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hooky.Delivery;
import dev.hooky.customerio.event.CustomerIoEvent;
import dev.hooky.customerio.event.TestEvents;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/** The default methods of {@link CustomerIoRouter}, over a router written as the processor would. */
class CustomerIoRouterTest {
  private static final CustomerIoEvent SMS_SENT = TestEvents.of(CustomerIoEventType.SMS_SENT);
  private static final CustomerIoEvent EMAIL_BOUNCED =
      TestEvents.of(CustomerIoEventType.EMAIL_BOUNCED);
  private static final Delivery DELIVERY = Delivery.builder()
      .eventId(TestEvents.EVENT_ID)
      .receivedAt(Instant.ofEpochSecond(1_613_063_090L))
      .build();

  /** The calls the handlers made, in order. */
  private final List<String> calls = new ArrayList<>();

  /** A handler class with methods for {@code sms_sent} only. */
  static final class SmsHandlers {}

  /** What {@code SmsHandlers_CustomerIoRouter} would look like. */
  private static final class SmsHandlersRouter implements CustomerIoRouter {
    private final List<CustomerIoHandler> smsSent;

    SmsHandlersRouter(CustomerIoHandler... smsSent) {
      this.smsSent = List.of(smsSent);
    }

    @Override
    public Class<?> handlerClass() {
      return SmsHandlers.class;
    }

    @Override
    public Set<CustomerIoEventType> eventTypes() {
      return Set.of(CustomerIoEventType.SMS_SENT);
    }

    @Override
    public boolean handlesUnknownEvents() {
      return false;
    }

    @Override
    public List<CustomerIoHandler> handlersFor(CustomerIoEvent event) {
      CustomerIoEventType type = event.type();
      if (type == null) {
        return List.of();
      }
      return switch (type) {
        case SMS_SENT -> smsSent;
        default -> List.of();
      };
    }
  }

  /** A {@code void} handler method that records its call. */
  private CustomerIoHandler recording(String name) {
    return CustomerIoHandler.sync(name, (event, delivery) -> {
      assertSame(SMS_SENT, event);
      assertSame(DELIVERY, delivery);
      calls.add(name);
    });
  }

  /** A handler method that records its call and finishes when {@code result} completes. */
  private CustomerIoHandler recordingAsync(String name, CompletionStage<?> result) {
    return CustomerIoHandler.async(name, (event, delivery) -> {
      calls.add(name);
      return result;
    });
  }

  /** The exception {@code stage} failed with, unwrapped from any {@link CompletionException}. */
  private static Throwable failureOf(CompletionStage<?> stage) {
    CompletableFuture<?> future = stage.toCompletableFuture();
    assertTrue(future.isCompletedExceptionally(), "the stage should have failed");
    CompletionException e = assertThrows(CompletionException.class, future::join);
    return e.getCause();
  }

  private static boolean isDone(CompletionStage<?> stage) {
    return stage.toCompletableFuture().isDone();
  }

  @Test
  void handlesOnlyEventsWithHandlers() {
    CustomerIoRouter router = new SmsHandlersRouter(recording("first"));

    assertTrue(router.handles(SMS_SENT));
    assertFalse(router.handles(EMAIL_BOUNCED));
    assertFalse(router.handles(TestEvents.unknown("sms", "exploded")));
    assertFalse(new SmsHandlersRouter().handles(SMS_SENT));
  }

  @Test
  void routeCallsEveryHandlerInOrder() {
    CustomerIoRouter router =
        new SmsHandlersRouter(recording("first"), recording("second"), recording("third"));

    CompletionStage<Void> stage = router.route(SMS_SENT, DELIVERY);

    assertTrue(isDone(stage));
    assertNull(stage.toCompletableFuture().join());
    assertEquals(List.of("first", "second", "third"), calls);
  }

  @Test
  void routeCallsTheNextHandlerOnlyOnceThePreviousOneFinished() {
    CompletableFuture<String> secondFinished = new CompletableFuture<>();
    CustomerIoRouter router = new SmsHandlersRouter(
        recording("first"), recordingAsync("second", secondFinished), recording("third"));

    CompletionStage<Void> stage = router.route(SMS_SENT, DELIVERY);

    assertEquals(List.of("first", "second"), calls);
    assertFalse(isDone(stage));

    secondFinished.complete("a result route() ignores");

    assertEquals(List.of("first", "second", "third"), calls);
    assertTrue(isDone(stage));
    assertNull(stage.toCompletableFuture().join());
  }

  @Test
  void routeFailsWithTheExceptionOfAThrowingHandlerAndStops() {
    IOException failure = new IOException("mailbox full");
    CustomerIoHandler throwing = CustomerIoHandler.sync("throwing", (event, delivery) -> {
      calls.add("throwing");
      throw failure;
    });
    CustomerIoRouter router =
        new SmsHandlersRouter(recording("first"), throwing, recording("third"));

    CompletionStage<Void> stage = router.route(SMS_SENT, DELIVERY);

    assertSame(failure, failureOf(stage));
    assertEquals(List.of("first", "throwing"), calls);
  }

  @Test
  void routeFailsWithTheFailureOfAnAsyncHandlerAndStops() {
    CompletableFuture<Void> secondFinished = new CompletableFuture<>();
    CustomerIoRouter router = new SmsHandlersRouter(
        recordingAsync("second", secondFinished), recording("third"));
    IllegalStateException failure = new IllegalStateException("downstream unavailable");

    CompletionStage<Void> stage = router.route(SMS_SENT, DELIVERY);
    secondFinished.completeExceptionally(failure);

    assertSame(failure, failureOf(stage));
    assertEquals(List.of("second"), calls);
  }

  @Test
  void routeFailsWhenAnAsyncHandlerReturnsNull() {
    CustomerIoRouter router = new SmsHandlersRouter(
        recordingAsync("SmsHandlers.smsSent(SmsEvent)", null), recording("third"));

    CompletionStage<Void> stage = router.route(SMS_SENT, DELIVERY);

    NullPointerException e = assertInstanceOf(NullPointerException.class, failureOf(stage));
    assertTrue(e.getMessage().contains("SmsHandlers.smsSent(SmsEvent)"), e.getMessage());
    assertEquals(List.of("SmsHandlers.smsSent(SmsEvent)"), calls);
  }

  @Test
  void routeOfAnEventWithoutHandlersIsAlreadyComplete() {
    CustomerIoRouter router = new SmsHandlersRouter(recording("first"));

    for (CustomerIoEvent event : List.of(EMAIL_BOUNCED, TestEvents.unknown("sms", "exploded"))) {
      CompletionStage<Void> stage = router.route(event, DELIVERY);

      assertTrue(isDone(stage), event.name());
      assertFalse(stage.toCompletableFuture().isCompletedExceptionally(), event.name());
    }
    assertEquals(List.of(), calls);
  }
}
