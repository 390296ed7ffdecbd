package com.example;

import dev.hooky.customerio.OnCustomerIoEvent;
import dev.hooky.customerio.event.SmsEvent;

final class PrivateClass {
  private static final class Hidden {
    @OnCustomerIoEvent("sms_sent")
    void sent(SmsEvent event) {}
  }
}
