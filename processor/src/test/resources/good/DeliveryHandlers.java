package com.example;

import dev.hooky.Delivery;
import dev.hooky.customerio.OnCustomerIoEvent;
import dev.hooky.customerio.event.CustomerEvent;
import dev.hooky.customerio.event.CustomerIoEvent;
import dev.hooky.customerio.event.EmailEvent;
import dev.hooky.customerio.event.SmsEvent;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Every supported handler shape, as a user would write it. */
final class DeliveryHandlers {
  @OnCustomerIoEvent("sms_delivered")
  void smsDelivered(SmsEvent event) {}

  @OnCustomerIoEvent({"email_bounced", "email_dropped"})
  CompletionStage<Void> undeliverable(EmailEvent event, Delivery delivery) {
    return CompletableFuture.completedFuture(null);
  }

  @OnCustomerIoEvent("email_*")
  void anyEmail(Delivery delivery, EmailEvent event) throws Exception {}

  @OnCustomerIoEvent("customer_*")
  CompletableFuture<String> subscriptionChanged(CustomerEvent event) {
    return CompletableFuture.completedFuture(event.eventId());
  }

  @OnCustomerIoEvent("sms_delivered")
  void smsDeliveredAgain(SmsEvent event) {}

  @OnCustomerIoEvent("*")
  void audit(CustomerIoEvent event) {}
}
