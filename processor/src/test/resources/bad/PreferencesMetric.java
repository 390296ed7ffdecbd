package com.example;

import dev.hooky.customerio.OnCustomerIoEvent;
import dev.hooky.customerio.event.CustomerEvent;

final class PreferencesMetric {
  @OnCustomerIoEvent("cio_subscription_preferences_changed")
  void preferences(CustomerEvent event) {}
}
