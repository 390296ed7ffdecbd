package com.example;

import dev.hooky.customerio.OnCustomerIoEvent;
import dev.hooky.customerio.event.SmsEvent;

final class UnsupportedReturnType {
  @OnCustomerIoEvent("sms_sent")
  boolean sent(SmsEvent event) {
    return true;
  }
}
