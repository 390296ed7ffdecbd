package com.example;

import dev.hooky.customerio.OnCustomerIoEvent;
import dev.hooky.customerio.event.SmsEvent;

interface InterfaceHandler {
  @OnCustomerIoEvent("sms_sent")
  default void sent(SmsEvent event) {}
}
