package com.example.e2e;

import dev.hooky.customerio.OnCustomerIoEvent;
import dev.hooky.customerio.event.CustomerIoEvent;
import java.util.ArrayList;
import java.util.List;

/** Records the name of every event it sees, known to the catalog or not. */
public final class CatchAllHandlers {
  public final List<String> names = new ArrayList<>();

  @OnCustomerIoEvent("*")
  void everything(CustomerIoEvent event) {
    names.add(event.name());
  }
}
