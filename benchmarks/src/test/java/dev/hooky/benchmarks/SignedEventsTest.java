package dev.hooky.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hooky.benchmarks.SignedEvents.SignedEvent;
import dev.hooky.customerio.event.CustomerIoEvent;
import dev.hooky.runtime.parse.EventParser;
import dev.hooky.runtime.verify.SignatureVerifier;
import dev.hooky.runtime.verify.Verification;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The events the load generator sends are what the runtime accepts: signed, fresh, new. */
class SignedEventsTest {
  private final SignatureVerifier verifier = new SignatureVerifier(
      List.of(SignedEvents.SIGNING_KEY), Duration.ofSeconds(300), Clock.systemUTC());
  private final EventParser parser = new EventParser();

  @Test
  void everyEventVerifiesAndParsesWithItsOwnId() throws Exception {
    AtomicLong sequence = new AtomicLong();
    SignedEvents first = new SignedEvents(SignedEvents.SIGNING_KEY, "abcdefm01-", sequence);
    SignedEvents second = new SignedEvents(SignedEvents.SIGNING_KEY, "abcdefm01-", sequence);
    Set<String> ids = new HashSet<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < 8; i++) {
      SignedEvent event = (i % 2 == 0 ? first : second).next();
      Verification verification =
          verifier.verify(event.timestamp(), event.signature(), event.body());
      assertTrue(verification.verified(), verification.reason());
      CustomerIoEvent parsed = parser.parse(event.body());
      assertEquals(event.eventId(), parsed.eventId());
      assertNotEquals(null, parsed.type(), "a catalog event, not an UnknownEvent");
      assertEquals(26, event.eventId().length(), "as long as Customer.io's ULIDs");
      assertTrue(ids.add(event.eventId()), "ids never repeat");
      names.add(parsed.name());
    }
    assertEquals(Set.of("email_delivered", "email_opened", "sms_delivered", "push_delivered"),
        names);
  }

  @Test
  void aTamperedBodyDoesNotVerify() {
    SignedEvent event =
        new SignedEvents(SignedEvents.SIGNING_KEY, "abcdefm01-", new AtomicLong()).next();
    byte[] tampered = event.body().clone();
    tampered[tampered.length - 2] ^= 1;
    assertTrue(!verifier.verify(event.timestamp(), event.signature(), tampered).verified());
  }
}
