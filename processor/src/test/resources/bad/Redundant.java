package com.example;

import dev.hooky.customerio.OnCustomerIoEvent;
import dev.hooky.customerio.event.SmsEvent;

final class Redundant {
  @OnCustomerIoEvent({
      "sms_clicked",
      "sms_*"})
  void covered(SmsEvent event) {}
}
