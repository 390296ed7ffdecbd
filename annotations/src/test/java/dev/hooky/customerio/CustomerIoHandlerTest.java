package dev.hooky.customerio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hooky.Delivery;
import dev.hooky.customerio.event.CustomerIoEvent;
import dev.hooky.customerio.event.TestEvents;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class CustomerIoHandlerTest {
  private static final String NAME = "DeliveryHandlers.smsDelivered(SmsEvent)";
  private static final CustomerIoEvent EVENT = TestEvents.of(CustomerIoEventType.SMS_DELIVERED);
  private static final Delivery DELIVERY = Delivery.builder()
      .eventId(TestEvents.EVENT_ID)
      .receivedAt(Instant.ofEpochSecond(1_613_063_090L))
      .build();

  /** The exception {@code stage} failed with, unwrapped from any {@link CompletionException}. */
  private static Throwable failureOf(CompletionStage<?> stage) {
    CompletableFuture<?> future = stage.toCompletableFuture();
    assertTrue(future.isCompletedExceptionally(), "the stage should have failed");
    return assertThrows(CompletionException.class, future::join).getCause();
  }

  @Test
  void syncHandlerCallsTheMethodAndIsCompleteAtOnce() {
    List<Object> received = new ArrayList<>();
    CustomerIoHandler handler = CustomerIoHandler.sync(NAME, (event, delivery) -> {
      received.add(event);
      received.add(delivery);
    });

    CompletionStage<?> stage = handler.handle(EVENT, DELIVERY);

    assertEquals(List.of(EVENT, DELIVERY), received);
    assertTrue(stage.toCompletableFuture().isDone());
    assertFalse(stage.toCompletableFuture().isCompletedExceptionally());
  }

  @Test
  void asyncHandlerFinishesWhenTheMethodsStageCompletes() {
    CompletableFuture<String> finished = new CompletableFuture<>();
    CustomerIoHandler handler = CustomerIoHandler.async(NAME, (event, delivery) -> finished);

    CompletionStage<?> stage = handler.handle(EVENT, DELIVERY);
    assertFalse(stage.toCompletableFuture().isDone());

    finished.complete("done");
    assertEquals("done", stage.toCompletableFuture().join());
  }

  @Test
  void syncHandlerThatThrowsACheckedExceptionGivesAFailedStage() {
    Exception failure = new TimeoutException("took too long");
    CustomerIoHandler handler = CustomerIoHandler.sync(NAME, (event, delivery) -> {
      throw failure;
    });

    assertSame(failure, failureOf(handler.handle(EVENT, DELIVERY)));
  }

  @Test
  void syncHandlerThatThrowsARuntimeExceptionGivesAFailedStage() {
    RuntimeException failure = new IllegalStateException("no such customer");
    CustomerIoHandler handler = CustomerIoHandler.sync(NAME, (event, delivery) -> {
      throw failure;
    });

    assertSame(failure, failureOf(handler.handle(EVENT, DELIVERY)));
  }

  @Test
  void asyncHandlerThatThrowsGivesAFailedStage() {
    Exception failure = new TimeoutException("took too long");
    CustomerIoHandler handler = CustomerIoHandler.async(NAME, (event, delivery) -> {
      throw failure;
    });

    assertSame(failure, failureOf(handler.handle(EVENT, DELIVERY)));
  }

  @Test
  void asyncHandlerThatReturnsNullGivesAStageFailedWithANullPointerExceptionNamingIt() {
    CustomerIoHandler handler = CustomerIoHandler.async(NAME, (event, delivery) -> null);

    NullPointerException e =
        assertInstanceOf(NullPointerException.class, failureOf(handler.handle(EVENT, DELIVERY)));
    assertTrue(e.getMessage().contains(NAME), e.getMessage());
  }

  @Test
  void errorsPropagate() {
    Error error = new Error("out of something");
    CustomerIoHandler handler = CustomerIoHandler.sync(NAME, (event, delivery) -> {
      throw error;
    });

    assertSame(error, assertThrows(Error.class, () -> handler.handle(EVENT, DELIVERY)));
  }

  @Test
  void nameAndToStringAreTheName() {
    CustomerIoHandler sync = CustomerIoHandler.sync(NAME, (event, delivery) -> {});
    CustomerIoHandler async = CustomerIoHandler.async("Other.async(CustomerIoEvent)",
        (event, delivery) -> CompletableFuture.completedFuture(null));

    assertEquals(NAME, sync.name());
    assertEquals(NAME, sync.toString());
    assertEquals("Other.async(CustomerIoEvent)", async.name());
    assertEquals("Other.async(CustomerIoEvent)", async.toString());
  }

  @Test
  void nameAndMethodAreRequired() {
    assertThrows(NullPointerException.class,
        () -> CustomerIoHandler.sync(null, (event, delivery) -> {}));
    assertThrows(NullPointerException.class,
        () -> CustomerIoHandler.async(null, (event, delivery) -> null));
    assertThrows(NullPointerException.class, () -> CustomerIoHandler.sync(NAME, null));
    assertThrows(NullPointerException.class, () -> CustomerIoHandler.async(NAME, null));
  }
}
