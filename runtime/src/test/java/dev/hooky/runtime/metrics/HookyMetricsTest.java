package dev.hooky.runtime.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hooky.customerio.CustomerIoEventType;
import dev.hooky.runtime.http.Answer;
import dev.hooky.runtime.http.WebhookObserver;
import dev.hooky.runtime.inbox.InboundDelivery;
import dev.hooky.runtime.inbox.ManualClock;
import dev.hooky.runtime.inbox.RetryPolicy;
import dev.hooky.runtime.parse.EventParser;
import dev.hooky.runtime.testing.Payloads;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The received-deliveries counter's outcomes and labels, read from the registry itself. */
class HookyMetricsTest {
  private static final Instant NOW = Instant.parse("2026-12-01T00:00:00Z");

  private final HookyMetrics metrics = new HookyMetrics(HookyMetrics.newRegistry(), null,
      RetryPolicy.DEFAULT, new ManualClock(NOW));
  private final WebhookObserver observer = metrics.observer();

  @Test
  void quarantinedAppendsAreCountedAsQuarantinedUnderACatalogNameOrUnknown() throws Exception {
    observer.accepted(quarantined("sha256:" + "0".repeat(64), "unknown"), Answer.QUARANTINED);
    observer.accepted(quarantined("q-email", "email_sent"), Answer.QUARANTINED);
    observer.accepted(quarantined("q-email", "email_sent"), Answer.DUPLICATE);
    observer.accepted(quarantined("q-down", "email_sent"), Answer.of(503, "storage failing"));
    observer.accepted(parsed("ok"), Answer.OK);

    assertEquals(1, count("unknown", "quarantined"));
    assertEquals(1, count("email_sent", "quarantined"));
    assertEquals(1, count("email_sent", "duplicate"));
    assertEquals(1, count("email_sent", "refused"));
    assertEquals(0, count("email_sent", "accepted"));
    assertEquals(1, count("sms_delivered", "accepted"));
    assertEquals(0, count("sms_delivered", "quarantined"));
  }

  @Test
  void aQuarantinedEventIsCountedSoEvenWhenTheAnswerIsAPlainOk() throws Exception {
    observer.accepted(quarantined("q", "email_sent"), Answer.OK);

    assertEquals(1, count("email_sent", "quarantined"));
    assertEquals(0, count("email_sent", "accepted"));
  }

  @Test
  void aNameReadFromABrokenBodyNeverBecomesALabel() throws Exception {
    // The body's object_type and metric are whatever the sender wrote: unbounded.
    for (int i = 0; i < 50; i++) {
      observer.accepted(quarantined("q-" + i, "object" + i + "_\"weird\" {label}"),
          Answer.QUARANTINED);
    }

    assertEquals(50, count("unknown", "quarantined"));
    Set<String> events = metrics.registry().getMeters().stream()
        .map(Meter::getId)
        .filter(id -> id.getName().equals("hooky.deliveries.received"))
        .map(id -> id.getTag("event"))
        .collect(Collectors.toSet());
    assertEquals(Set.of("unknown"), events);
    assertTrue(metrics.scrape().contains(
        "hooky_deliveries_received_total{event=\"unknown\",outcome=\"quarantined\"} 50.0"),
        "as Prometheus reads it");
  }

  private double count(String event, String outcome) {
    Counter counter = metrics.registry().find("hooky.deliveries.received")
        .tags("event", event, "outcome", outcome).counter();
    return counter == null ? 0 : counter.count();
  }

  private static InboundDelivery quarantined(String key, String name) {
    return InboundDelivery.quarantined(key, name, NOW, Map.of(),
        "{\"event_id\":".getBytes(StandardCharsets.UTF_8), "malformed JSON");
  }

  private static InboundDelivery parsed(String eventId) throws Exception {
    byte[] body = Payloads.of(CustomerIoEventType.SMS_DELIVERED, eventId, NOW.getEpochSecond())
        .getBytes(StandardCharsets.UTF_8);
    var event = new EventParser().parse(body);
    return new InboundDelivery(eventId, event.name(), NOW, Map.of("X", List.of("y")), body,
        event);
  }
}
