package dev.hooky.customerio.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UnknownEventTest {

  @Test
  void keepsWhatWasSent() {
    UnknownEvent event = TestEvents.unknown("email", "exploded");

    assertNull(event.type());
    assertEquals("email", event.objectType());
    assertEquals("exploded", event.metric());
    assertEquals("email_exploded", event.name());
    assertSame(Identifiers.NONE, event.identifiers());
    assertEquals("{}", event.dataJson());
  }

  @Test
  void acceptsAnUnknownObjectType() {
    UnknownEvent event = TestEvents.unknown("fax", "sent");

    assertEquals("fax_sent", event.name());
  }

  @ParameterizedTest
  @CsvSource({
      "sms, delivered, sms_delivered, SmsEvent",
      "in_app, opened, in_app_opened, InAppEvent",
      "customer, cio_subscription_preferences_changed,"
          + " customer_subscription_preferences_changed, CustomerEvent",
      // A customer metric with a channel's object type is still the customer event.
      "email, subscribed, customer_subscribed, CustomerEvent",
      "email, unsubscribed, email_unsubscribed, EmailEvent",
  })
  void rejectsAPairTheCatalogKnows(String objectType, String metric, String eventName,
      String record) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TestEvents.unknown(objectType, metric));

    assertTrue(e.getMessage().contains(eventName), e.getMessage());
    assertTrue(e.getMessage().contains(record), e.getMessage());
  }

  @Test
  void requiresItsFields() {
    assertThrows(NullPointerException.class, () -> TestEvents.unknown(null, "sent"));
    assertThrows(NullPointerException.class, () -> TestEvents.unknown("fax", null));
    assertThrows(NullPointerException.class,
        () -> new UnknownEvent(null, "fax", "sent", TestEvents.SENT, null, null, null));
  }
}
