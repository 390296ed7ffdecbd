package com.example;

import dev.hooky.customerio.OnCustomerIoEvent;
import dev.hooky.customerio.event.SmsEvent;

final class UnknownEvent {
  @OnCustomerIoEvent({
      "sms_sent",
      "sms_delivred",
  })
  void typo(SmsEvent event) {}
}
