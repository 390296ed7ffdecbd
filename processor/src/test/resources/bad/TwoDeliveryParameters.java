package com.example;

import dev.hooky.Delivery;
import dev.hooky.customerio.OnCustomerIoEvent;
import dev.hooky.customerio.event.SmsEvent;

final class TwoDeliveryParameters {
  @OnCustomerIoEvent("sms_sent")
  void sent(SmsEvent event, Delivery delivery,
      Delivery again) {}
}
