package dev.hooky.runtime.inbox;

/** What {@link Inbox#append} did with a delivery; decides the HTTP answer. */
public enum AppendResult {
  /** Stored: it will be delivered to the handlers. Answered 200. */
  ACCEPTED,
  /** An event with this {@code event_id} was already accepted. Answered 200, not delivered again. */
  DUPLICATE,
  /** The inbox has no room: answered 503 with Retry-After, so Customer.io sends it again. */
  FULL
}
