package dev.hooky.runtime.forward;

import java.util.Objects;

/**
 * An event on its way to a destination: the original body, byte for byte as Customer.io sent it,
 * and what identifies it.
 *
 * @param eventId Customer.io's {@code event_id}, the same on every attempt: the receiver's
 *     idempotency key
 * @param eventName e.g. {@code sms_delivered}
 * @param attempt the inbox's attempt number, from 1
 * @param body the raw JSON body
 */
public record ForwardedEvent(String eventId, String eventName, int attempt, byte[] body) {
  public ForwardedEvent {
    Objects.requireNonNull(eventId, "eventId == null");
    Objects.requireNonNull(eventName, "eventName == null");
    Objects.requireNonNull(body, "body == null");
  }
}
