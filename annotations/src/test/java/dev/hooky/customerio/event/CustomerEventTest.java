package dev.hooky.customerio.event;

import static dev.hooky.customerio.CustomerIoEventType.CUSTOMER_SUBSCRIBED;
import static dev.hooky.customerio.CustomerIoEventType.CUSTOMER_SUBSCRIPTION_PREFERENCES_CHANGED;
import static dev.hooky.customerio.CustomerIoEventType.CUSTOMER_UNSUBSCRIBED;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hooky.customerio.Channel;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CustomerEventTest {

  @Test
  void keepsTheObjectTypeAsSent() {
    CustomerEvent event = TestEvents.customer(CUSTOMER_UNSUBSCRIBED, "email");

    assertEquals("email", event.objectType());
    assertEquals("unsubscribed", event.metric());
    assertEquals("customer_unsubscribed", event.name());
  }

  @Test
  void missingObjectTypeDefaultsToCustomer() {
    CustomerEvent event = TestEvents.customer(CUSTOMER_SUBSCRIBED, null);

    assertEquals("customer", event.objectType());
    assertEquals("customer_subscribed", event.name());
  }

  @Test
  void triggeringChannelIsTheChannelOfTheObjectType() {
    assertEquals(Optional.of(Channel.EMAIL),
        TestEvents.customer(CUSTOMER_UNSUBSCRIBED, "email").triggeringChannel());
    assertEquals(Optional.of(Channel.SMS),
        TestEvents.customer(CUSTOMER_SUBSCRIBED, "sms").triggeringChannel());
  }

  @Test
  void noTriggeringChannelWhenTheObjectTypeIsCustomer() {
    assertEquals(Optional.empty(),
        TestEvents.customer(CUSTOMER_UNSUBSCRIBED, "customer").triggeringChannel());
    assertEquals(Optional.empty(),
        TestEvents.customer(CUSTOMER_UNSUBSCRIBED, null).triggeringChannel());
  }

  @Test
  void preferencesChangedKeepsItsMetricAndCatalogName() {
    CustomerEvent event = TestEvents.customer(CUSTOMER_SUBSCRIPTION_PREFERENCES_CHANGED, "email");

    assertEquals("cio_subscription_preferences_changed", event.metric());
    assertEquals("customer_subscription_preferences_changed", event.name());
    assertEquals(Optional.of(Channel.EMAIL), event.triggeringChannel());
  }
}
