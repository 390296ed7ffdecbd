package dev.hooky.runtime.console;

import dev.hooky.runtime.dispatch.HandlerListener;
import dev.hooky.runtime.http.Answer;
import dev.hooky.runtime.http.Rejection;
import dev.hooky.runtime.http.WebhookObserver;
import dev.hooky.runtime.inbox.InboundDelivery;
import dev.hooky.runtime.inbox.Inbox;
import dev.hooky.runtime.verify.SignatureVerifier;
import java.time.Clock;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * What Live Logs knows besides the inbox: the live feed and recent rejections. It hears the webhook
 * endpoint as a {@link WebhookObserver} and the workers through {@link #handled}.
 */
public final class Console implements WebhookObserver, HandlerListener, AutoCloseable {
  final Inbox inbox;
  final LiveFeed feed = new LiveFeed();
  final RejectionLog rejections = new RejectionLog();
  final DriftTracker drift;
  final Activity activity = new Activity(Clock.systemUTC());
  final Forwarding forwarding = new Forwarding(Clock.systemUTC());
  final AdminToken token;
  final BooleanSupplier workersRunning;
  final Redactor redactor;
  final SignatureVerifier verifier;

  /**
   * @param redact whether to mask email addresses and phone numbers in what the console shows
   * @param verifier the webhook endpoint's verifier, to show which key signed a delivery
   */
  public Console(Inbox inbox, AdminToken token, BooleanSupplier workersRunning, boolean redact,
      SignatureVerifier verifier) {
    this.verifier = verifier;
    this.inbox = inbox;
    this.token = token;
    this.workersRunning = workersRunning;
    this.redactor = new Redactor(redact);
    this.drift = new DriftTracker(redactor);
  }

  public AdminToken token() {
    return token;
  }

  @Override
  public void rejected(Rejection rejection) {
    rejections.add(rejection);
    activity.add(Activity.Kind.REJECTED);
    feed.publish("rejection",
        DeliveryJson.write(DeliveryJson.rejection(rejection, verifier.toleranceSeconds())));
  }

  @Override
  public void accepted(InboundDelivery delivery, Answer answer) {
    if (answer == Answer.DUPLICATE) {
      activity.add(Activity.Kind.DUPLICATE);
    } else if (answer == Answer.QUARANTINED || (answer.status() == 200 && delivery.quarantined())) {
      activity.add(Activity.Kind.QUARANTINED);
    } else if (answer.status() == 200) {
      activity.add(Activity.Kind.RECEIVED);
    }
    if (answer == Answer.OK && delivery.event() != null) {
      drift.observe(delivery.event(), delivery.receivedAt());
    }
    // On the request path: build the event's JSON only when someone watches.
    if (feed.subscribers() == 0) {
      return;
    }
    var node = DeliveryJson.JSON.createObjectNode();
    node.put("eventId", delivery.eventId());
    node.put("event", redactor.label(delivery.eventName(), DeliveryJson.LABEL_SHOWN));
    node.put("receivedAt", delivery.receivedAt().toString());
    node.put("answer", answer.status());
    node.put("status", answer.status() != 200 ? "refused"
        : answer == Answer.DUPLICATE ? "duplicate"
        : answer == Answer.QUARANTINED || delivery.quarantined() ? "quarantined" : "pending");
    feed.publish("delivery", DeliveryJson.write(node));
  }

  /** A worker finished an attempt at {@code eventId}; clients fetch its new state. */
  public void handled(String eventId, boolean succeeded) {
    activity.add(succeeded ? Activity.Kind.HANDLED : Activity.Kind.FAILED);
    if (feed.subscribers() == 0) {
      return;
    }
    var node = DeliveryJson.JSON.createObjectNode();
    node.put("eventId", eventId);
    node.put("outcome", succeeded ? "succeeded" : "failed");
    feed.publish("attempt", DeliveryJson.write(node));
  }

  /** Counts forwarding attempts per destination for the Live Logs strip. */
  @Override
  public void handled(String handler, Duration took, boolean succeeded) {
    if (Forwarding.isDestination(handler)) {
      forwarding.attempted(handler, succeeded);
    }
  }

  @Override
  public void close() {
    feed.close();
    drift.close();
  }
}
