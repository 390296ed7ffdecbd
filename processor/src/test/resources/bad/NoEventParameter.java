package com.example;

import dev.hooky.Delivery;
import dev.hooky.customerio.OnCustomerIoEvent;

final class NoEventParameter {
  @OnCustomerIoEvent("sms_sent")
  void sent(Delivery delivery) {}
}
