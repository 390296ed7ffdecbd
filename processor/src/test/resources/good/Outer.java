package com.example.nested;

import dev.hooky.customerio.OnCustomerIoEvent;
import dev.hooky.customerio.event.CustomerIoEvent;
import dev.hooky.customerio.event.MessageEvent;
import dev.hooky.customerio.event.PushEvent;

/** Handlers in nested, inner and generic classes. */
public class Outer {
  static final class Static {
    @OnCustomerIoEvent("push_opened")
    void opened(PushEvent event) {}
  }

  final class Inner {
    @OnCustomerIoEvent({"sms_*", "whatsapp_*"})
    void anyPhone(MessageEvent event) {}
  }

  static class Generic<T extends Number> {
    @OnCustomerIoEvent({"email_opened", "sms_sent", "customer_subscribed"})
    void mixed(CustomerIoEvent event) {}
  }
}
