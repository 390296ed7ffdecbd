package com.example;

import dev.hooky.customerio.OnCustomerIoEvent;
import dev.hooky.customerio.event.SmsEvent;

final class LocalClass {
  void setUp() {
    class Handlers {
      @OnCustomerIoEvent("sms_sent")
      void sent(SmsEvent event) {}
    }
  }
}
