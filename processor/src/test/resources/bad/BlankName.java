package com.example;

import dev.hooky.customerio.OnCustomerIoEvent;
import dev.hooky.customerio.event.SmsEvent;

final class BlankName {
  @OnCustomerIoEvent({"sms_sent", " "})
  void blank(SmsEvent event) {}
}
