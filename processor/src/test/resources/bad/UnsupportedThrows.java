package com.example;

import dev.hooky.customerio.OnCustomerIoEvent;
import dev.hooky.customerio.event.SmsEvent;

final class UnsupportedThrows {
  @OnCustomerIoEvent("sms_sent")
  void sent(SmsEvent event) throws Throwable {}
}
