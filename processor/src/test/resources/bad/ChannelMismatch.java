package com.example;

import dev.hooky.customerio.OnCustomerIoEvent;
import dev.hooky.customerio.event.SmsEvent;

final class ChannelMismatch {
  @OnCustomerIoEvent("email_*")
  void wrongChannel(SmsEvent event) {}
}
