package com.example;

import dev.hooky.customerio.OnCustomerIoEvent;
import dev.hooky.customerio.event.CustomerIoEvent;

/** One method for every event, known or not. */
public final class CatchAll {
  @OnCustomerIoEvent("*")
  public void everything(CustomerIoEvent event) {}
}
