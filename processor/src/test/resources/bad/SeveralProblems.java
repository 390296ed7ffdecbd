package com.example;

import dev.hooky.customerio.OnCustomerIoEvent;
import dev.hooky.customerio.event.SmsEvent;

final class SeveralProblems {
  @OnCustomerIoEvent("sms_sent")
  void fine(SmsEvent event) {}

  @OnCustomerIoEvent("sms_delivred")
  private void broken(SmsEvent event) {}
}
