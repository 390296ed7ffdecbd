package dev.hooky.runtime.http;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hooky.runtime.inbox.InboundDelivery;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/**
 * An acceptor that only answers synchronously still serves the asynchronous request path: its
 * answer, or its failure, arrives through the stage, for the request path to answer.
 */
class DeliveryAcceptorTest {
  private static final InboundDelivery DELIVERY = null; // neither acceptor below looks at it

  @Test
  void theDefaultAsynchronousAcceptCompletesWithTheSynchronousAnswer() throws Exception {
    DeliveryAcceptor acceptor = delivery -> Answer.DUPLICATE;

    CompletableFuture<Answer> answer = acceptor.acceptAsync(DELIVERY).toCompletableFuture();

    assertSame(Answer.DUPLICATE, answer.getNow(null), "completed on the calling thread");
  }

  @Test
  void theDefaultAsynchronousAcceptFailsTheStageRatherThanThrowing() {
    IllegalStateException failure = new IllegalStateException("the inbox is closed");
    DeliveryAcceptor acceptor = delivery -> {
      throw failure;
    };

    CompletableFuture<Answer> answer = acceptor.acceptAsync(DELIVERY).toCompletableFuture();

    ExecutionException thrown = assertThrows(ExecutionException.class, answer::get);
    assertSame(failure, thrown.getCause());
  }
}
