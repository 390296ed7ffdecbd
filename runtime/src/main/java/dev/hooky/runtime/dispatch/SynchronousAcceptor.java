package dev.hooky.runtime.dispatch;

import dev.hooky.runtime.http.Answer;
import dev.hooky.runtime.http.DeliveryAcceptor;
import dev.hooky.runtime.inbox.Claim;
import dev.hooky.runtime.inbox.HandlerOutcome;
import dev.hooky.runtime.inbox.InboundDelivery;
import dev.hooky.runtime.inbox.Inbox;
import dev.hooky.runtime.inbox.RecentEventIds;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The synchronous delivery mode: the handlers run inside the request, and their failure becomes a
 * 500 that makes Customer.io send the event again. <strong>Customer.io holds back every later event
 * of the webhook until the failed one succeeds, and waits an hour before its first retry</strong>;
 * use it only when handlers are fast and must finish before Customer.io hears back.
 *
 * <p>An {@code event_id} whose handlers succeeded is answered 200 without running them again; one
 * whose handlers are running right now (a retry that overtook the first try) is answered 503. A
 * resend after a failure is the next attempt: {@code Delivery.attempt()} counts up, and handlers
 * that succeeded before are not called again.
 *
 * <p>A quarantined delivery (an authentic body that is not a typed event) runs no handler: it is
 * kept in the inbox, for Live Logs and a replay, and answered {@code 200 quarantined}.
 */
public final class SynchronousAcceptor implements DeliveryAcceptor {
  /** Failed events remembered for their next attempt; the oldest are forgotten first. */
  private static final int MAX_REMEMBERED_FAILURES = 10_000;

  private final HandlerRunner runner;
  /** Appends quarantined deliveries, answering as in the inbox mode. */
  private final InboxAcceptor quarantine;
  /** Event ids whose handlers all succeeded; also the lock that guards the fields below. */
  private final RecentEventIds handled;
  private final Set<String> inFlight = new HashSet<>();
  private final Map<String, Claim> failed;

  /** @param quarantine where quarantined deliveries are kept */
  public SynchronousAcceptor(HandlerRunner runner, Inbox quarantine, Duration dedupWindow,
      int dedupMaxEntries, Clock clock) {
    this(runner, quarantine, dedupWindow, dedupMaxEntries, clock, MAX_REMEMBERED_FAILURES);
  }

  /** As the public one, remembering at most {@code rememberedFailures} failed events (tests). */
  SynchronousAcceptor(HandlerRunner runner, Inbox quarantine, Duration dedupWindow,
      int dedupMaxEntries, Clock clock, int rememberedFailures) {
    this.runner = runner;
    this.quarantine = new InboxAcceptor(quarantine);
    this.handled = new RecentEventIds(dedupWindow, dedupMaxEntries, clock);
    this.failed = new LinkedHashMap<>() {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Claim> eldest) {
        return size() > rememberedFailures;
      }
    };
  }

  @Override
  public Answer accept(InboundDelivery delivery) {
    if (delivery.quarantined()) {
      return quarantine.accept(delivery);
    }
    String id = delivery.eventId();
    Claim claim;
    synchronized (handled) {
      if (handled.contains(id)) {
        return Answer.DUPLICATE;
      }
      if (!inFlight.add(id)) {
        return new Answer(503, "this event is being handled; send it again later", 1);
      }
      Claim previous = failed.remove(id);
      claim = previous == null
          ? new Claim(0, delivery, 1, Set.of())
          : new Claim(0, delivery, previous.attempt() + 1, previous.succeededHandlers());
    }
    List<HandlerOutcome> outcomes = null;
    try {
      outcomes = runner.run(claim);
    } finally {
      boolean succeeded =
          outcomes != null && outcomes.stream().allMatch(HandlerOutcome::succeeded);
      synchronized (handled) {
        inFlight.remove(id);
        if (succeeded) {
          handled.add(id);
        } else {
          Set<String> succeededHandlers = new HashSet<>(claim.succeededHandlers());
          if (outcomes != null) {
            outcomes.stream().filter(HandlerOutcome::succeeded)
                .forEach(outcome -> succeededHandlers.add(outcome.handler()));
          }
          failed.put(id, new Claim(0, delivery, claim.attempt(), succeededHandlers));
        }
      }
    }
    return outcomes.stream().allMatch(HandlerOutcome::succeeded)
        ? Answer.OK
        : Answer.of(500, "a handler failed");
  }
}
