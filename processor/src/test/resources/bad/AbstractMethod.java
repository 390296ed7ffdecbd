package com.example;

import dev.hooky.customerio.OnCustomerIoEvent;
import dev.hooky.customerio.event.SmsEvent;

abstract class AbstractMethod {
  @OnCustomerIoEvent("sms_sent")
  abstract void sent(SmsEvent event);
}
