package com.example;

import dev.hooky.customerio.OnCustomerIoEvent;
import dev.hooky.customerio.event.SmsEvent;

final class EmptyValue {
  @OnCustomerIoEvent({})
  void nothing(SmsEvent event) {}
}
