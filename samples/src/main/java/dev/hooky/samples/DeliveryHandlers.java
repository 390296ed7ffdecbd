package dev.hooky.samples;

import dev.hooky.Delivery;
import dev.hooky.customerio.OnCustomerIoEvent;
import dev.hooky.customerio.event.EmailEvent;
import dev.hooky.customerio.event.MessageEvent;
import dev.hooky.customerio.event.SmsEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What reached people, and what did not. */
final class DeliveryHandlers {
  private static final Logger log = LoggerFactory.getLogger(DeliveryHandlers.class);

  @OnCustomerIoEvent({"email_delivered", "push_delivered", "sms_delivered", "whatsapp_delivered"})
  void delivered(MessageEvent event) {
    log.info("{}: delivery {} reached person {}", event.name(), event.deliveryId(),
        event.identifiers().id());
  }

  @OnCustomerIoEvent({"email_bounced", "email_dropped", "email_failed", "email_undeliverable"})
  void emailNotDelivered(EmailEvent event, Delivery delivery) {
    log.warn("{}: {} did not get \"{}\": {} (attempt {})", event.name(), event.recipient(),
        event.subject(), event.failureMessage(), delivery.attempt());
  }

  @OnCustomerIoEvent("sms_*")
  void anySms(SmsEvent event) {
    log.info("{}: {} (campaign {})", event.name(), event.recipient(),
        event.attribution().campaignId());
  }
}
