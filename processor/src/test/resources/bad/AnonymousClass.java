package com.example;

import dev.hooky.customerio.OnCustomerIoEvent;
import dev.hooky.customerio.event.SmsEvent;

final class AnonymousClass {
  Object handlers = new Object() {
    @OnCustomerIoEvent("sms_sent")
    void sent(SmsEvent event) {}
  };
}
