package dev.hooky.samples;

import dev.hooky.customerio.OnCustomerIoEvent;
import dev.hooky.customerio.event.CustomerEvent;
import dev.hooky.customerio.event.CustomerIoEvent;
import dev.hooky.customerio.event.UnknownEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Subscription changes, and a look at every event type Customer.io adds later. */
final class SubscriptionHandlers {
  private static final Logger log = LoggerFactory.getLogger(SubscriptionHandlers.class);

  @OnCustomerIoEvent("customer_*")
  void subscriptionChanged(CustomerEvent event) {
    log.info("{}: {} (triggered by {})", event.name(), event.emailAddress(),
        event.triggeringChannel().map(Enum::name).orElse("the person"));
  }

  @OnCustomerIoEvent("*")
  void everyEvent(CustomerIoEvent event) {
    if (event instanceof UnknownEvent) {
      log.warn("{}: an event type this version of Hooky does not know; data: {}", event.name(),
          event.dataJson());
    }
  }
}
