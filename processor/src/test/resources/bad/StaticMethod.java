package com.example;

import dev.hooky.customerio.OnCustomerIoEvent;
import dev.hooky.customerio.event.SmsEvent;

final class StaticMethod {
  @OnCustomerIoEvent("sms_sent")
  static void sent(SmsEvent event) {}
}
