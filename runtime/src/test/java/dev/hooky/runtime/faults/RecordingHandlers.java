package dev.hooky.runtime.faults;

import dev.hooky.customerio.OnCustomerIoEvent;
import dev.hooky.customerio.event.CustomerIoEvent;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Counts how often each event id reached a handler. */
public final class RecordingHandlers {
  final Map<String, AtomicInteger> handled = new ConcurrentHashMap<>();

  @OnCustomerIoEvent("*")
  void any(CustomerIoEvent event) {
    handled.computeIfAbsent(event.eventId(), id -> new AtomicInteger()).incrementAndGet();
  }
}
