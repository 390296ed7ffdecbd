package com.example;

import dev.hooky.customerio.OnCustomerIoEvent;
import dev.hooky.customerio.event.SmsEvent;

final class GenericMethod {
  @OnCustomerIoEvent("sms_sent")
  <T extends SmsEvent> void sent(T event) {}
}
