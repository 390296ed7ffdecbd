package com.example.webhooks;

import dev.hooky.Delivery;
import dev.hooky.customerio.OnCustomerIoEvent;
import dev.hooky.customerio.event.EmailEvent;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** A user's handlers: addresses that bounce are suppressed. */
public class BounceHandlers {
  private final Set<String> suppressed = ConcurrentHashMap.newKeySet();

  @OnCustomerIoEvent({"email_bounced", "email_dropped"})
  void bounced(EmailEvent event, Delivery delivery) {
    if (event.recipient().endsWith("@unreachable.example")) {
      throw new IllegalStateException("suppression list unavailable");
    }
    suppressed.add(event.recipient());
  }

  /** Whether mail to this address is suppressed. */
  public boolean isSuppressed(String address) {
    return suppressed.contains(address);
  }
}
