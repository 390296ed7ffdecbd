package com.example;

import dev.hooky.customerio.OnCustomerIoEvent;
import dev.hooky.customerio.event.SmsEvent;

final class Duplicate {
  @OnCustomerIoEvent({"sms_sent", "sms_clicked",
      "sms_sent"})
  void twice(SmsEvent event) {}
}
