package com.example;

import dev.hooky.customerio.OnCustomerIoEvent;
import dev.hooky.customerio.event.CustomerIoEvent;

final class UnknownChannel {
  @OnCustomerIoEvent("mail_*")
  void anyMail(CustomerIoEvent event) {}
}
