package com.example;

import dev.hooky.customerio.OnCustomerIoEvent;
import dev.hooky.customerio.event.MessageEvent;

final class CatchAllNarrow {
  @OnCustomerIoEvent("*")
  void everything(MessageEvent event) {}
}
