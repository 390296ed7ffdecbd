package dev.hooky.runtime.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hooky.customerio.event.CustomerIoEvent;
import dev.hooky.runtime.inbox.InboundDelivery;
import dev.hooky.runtime.parse.EventParser;
import dev.hooky.runtime.testing.TestServers;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Two observers joined: both hear every outcome, the first one first. */
class WebhookObserverTest {
  private final List<String> heard = new ArrayList<>();

  @Test
  void bothObserversHearARejectionInOrder() {
    Rejection rejection = new Rejection(Instant.EPOCH, 401, "stale", "10.0.0.1", -1, null, null);

    WebhookObserver.both(named("first"), named("second")).rejected(rejection);

    assertEquals(List.of("first rejected 401", "second rejected 401"), heard);
  }

  @Test
  void bothObserversHearAnAcceptedDeliveryInOrder() throws Exception {
    byte[] body = TestServers.sms("e-1").getBytes(StandardCharsets.UTF_8);
    CustomerIoEvent event = new EventParser().parse(body);
    InboundDelivery delivery = new InboundDelivery("e-1", event.name(), Instant.EPOCH, Map.of(),
        body, event);

    WebhookObserver.both(named("first"), named("second")).accepted(delivery, Answer.OK);

    assertEquals(List.of("first accepted e-1 200", "second accepted e-1 200"), heard);
  }

  private WebhookObserver named(String name) {
    return new WebhookObserver() {
      @Override
      public void rejected(Rejection rejection) {
        heard.add(name + " rejected " + rejection.status());
      }

      @Override
      public void accepted(InboundDelivery delivery, Answer answer) {
        heard.add(name + " accepted " + delivery.eventId() + " " + answer.status());
      }
    };
  }
}
