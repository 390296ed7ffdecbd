package dev.hooky.runtime.dispatch;

import dev.hooky.runtime.http.Answer;
import dev.hooky.runtime.http.DeliveryAcceptor;
import dev.hooky.runtime.inbox.AppendResult;
import dev.hooky.runtime.inbox.Inbox;
import dev.hooky.runtime.inbox.InboundDelivery;
import java.util.concurrent.CompletionStage;

/**
 * The default delivery mode: store the event in the inbox and answer at once; workers run the
 * handlers later, so a slow or failing handler never holds up Customer.io.
 */
public final class InboxAcceptor implements DeliveryAcceptor {
  /** Seconds Customer.io is asked to wait before sending again when the inbox is full. */
  static final int FULL_RETRY_AFTER_SECONDS = 5;

  private final Inbox inbox;

  public InboxAcceptor(Inbox inbox) {
    this.inbox = inbox;
  }

  @Override
  public Answer accept(InboundDelivery delivery) {
    return answer(delivery, inbox.append(delivery));
  }

  /** Completes when the inbox has stored the delivery: the request's thread does not wait. */
  @Override
  public CompletionStage<Answer> acceptAsync(InboundDelivery delivery) {
    return inbox.appendAsync(delivery).thenApply(result -> answer(delivery, result));
  }

  private static Answer answer(InboundDelivery delivery, AppendResult result) {
    switch (result) {
      case ACCEPTED:
        return delivery.quarantined() ? Answer.QUARANTINED : Answer.OK;
      case DUPLICATE:
        return Answer.DUPLICATE;
      case FULL:
        return new Answer(503, "inbox full; send the event again later", FULL_RETRY_AFTER_SECONDS);
      default:
        throw new AssertionError();
    }
  }
}
