package dev.hooky.runtime.dispatch;

import dev.hooky.runtime.http.Answer;
import dev.hooky.runtime.http.DeliveryAcceptor;
import dev.hooky.runtime.inbox.Claim;
import dev.hooky.runtime.inbox.HandlerOutcome;
import dev.hooky.runtime.inbox.InboundDelivery;
import dev.hooky.runtime.inbox.RecentEventIds;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The synchronous delivery mode: the handlers run inside the request, and their failure becomes a
 * 500 that makes Customer.io send the event again. <strong>Customer.io holds back every later event
 * of the webhook until the failed one succeeds, and waits an hour before its first retry</strong>;
 * use it only when handlers are fast and must finish before Customer.io hears back.
 *
 * <p>An {@code event_id} whose handlers succeeded is answered 200 without running them again; one
 * whose handlers are running right now (a retry that overtook the first try) is answered 503.
 */
public final class SynchronousAcceptor implements DeliveryAcceptor {
  private final HandlerRunner runner;
  /** Guarded by itself: event ids whose handlers succeeded. */
  private final RecentEventIds handled;
  /** Guarded by {@link #handled}. */
  private final Set<String> inFlight = new HashSet<>();

  public SynchronousAcceptor(
      HandlerRunner runner, Duration dedupWindow, int dedupMaxEntries, Clock clock) {
    this.runner = runner;
    this.handled = new RecentEventIds(dedupWindow, dedupMaxEntries, clock);
  }

  @Override
  public Answer accept(InboundDelivery delivery) {
    String id = delivery.eventId();
    synchronized (handled) {
      if (handled.contains(id)) {
        return Answer.DUPLICATE;
      }
      if (!inFlight.add(id)) {
        return new Answer(503, "this event is being handled; send it again later", 1);
      }
    }
    boolean succeeded = false;
    try {
      List<HandlerOutcome> outcomes = runner.run(new Claim(delivery, 1, Set.of()));
      succeeded = outcomes.stream().allMatch(HandlerOutcome::succeeded);
      return succeeded ? Answer.OK : Answer.of(500, "a handler failed");
    } finally {
      synchronized (handled) {
        inFlight.remove(id);
        if (succeeded) {
          handled.add(id);
        }
      }
    }
  }
}
