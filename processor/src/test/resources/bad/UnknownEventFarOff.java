package com.example;

import dev.hooky.customerio.OnCustomerIoEvent;
import dev.hooky.customerio.event.CustomerIoEvent;

final class UnknownEventFarOff {
  @OnCustomerIoEvent("order_shipped")
  void shipped(CustomerIoEvent event) {}
}
