package com.example;

import dev.hooky.customerio.OnCustomerIoEvent;
import dev.hooky.customerio.event.SmsEvent;

final class PrivateMethod {
  @OnCustomerIoEvent("sms_sent")
  private void sent(SmsEvent event) {}
}
