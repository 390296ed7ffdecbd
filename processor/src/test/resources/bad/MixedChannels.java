package com.example;

import dev.hooky.customerio.OnCustomerIoEvent;
import dev.hooky.customerio.event.EmailEvent;

final class MixedChannels {
  @OnCustomerIoEvent({"email_opened", "sms_sent"})
  void opened(EmailEvent event) {}
}
