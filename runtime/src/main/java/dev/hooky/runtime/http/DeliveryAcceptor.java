package dev.hooky.runtime.http;

import dev.hooky.runtime.inbox.InboundDelivery;

/** Takes a verified, parsed delivery off the request path and says what to answer. */
public interface DeliveryAcceptor {
  Answer accept(InboundDelivery delivery);
}
