package com.example;

import dev.hooky.Delivery;
import dev.hooky.customerio.OnCustomerIoEvent;
import dev.hooky.customerio.event.EmailEvent;
import dev.hooky.customerio.event.SmsEvent;

/** Method names that clash with the names the generated router uses. */
final class Clashes {
  @OnCustomerIoEvent("sms_sent")
  void event(SmsEvent event) {}

  @OnCustomerIoEvent("sms_sent")
  void handler(SmsEvent event, Delivery delivery) {}

  @OnCustomerIoEvent("email_sent")
  void delivery(EmailEvent event) {}

  @OnCustomerIoEvent("email_opened")
  void overloaded(EmailEvent event) {}

  @OnCustomerIoEvent("sms_clicked")
  void overloaded(SmsEvent event) {}
}
