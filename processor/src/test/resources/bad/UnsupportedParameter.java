package com.example;

import dev.hooky.customerio.OnCustomerIoEvent;
import dev.hooky.customerio.event.SmsEvent;

final class UnsupportedParameter {
  @OnCustomerIoEvent("sms_sent")
  void sent(SmsEvent event,
      String body) {}
}
