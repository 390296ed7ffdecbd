package com.example;

import dev.hooky.customerio.OnCustomerIoEvent;
import dev.hooky.customerio.event.CustomerIoEvent;

final class MalformedWildcard {
  @OnCustomerIoEvent("*_sent")
  void allSent(CustomerIoEvent event) {}
}
