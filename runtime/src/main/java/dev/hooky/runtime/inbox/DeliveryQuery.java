package dev.hooky.runtime.inbox;

import java.time.Instant;

/**
 * Which deliveries {@link Inbox#query} returns, newest first. {@code null} fields do not filter.
 *
 * @param status only this status
 * @param eventName only this event name, or with a trailing {@code *} this channel prefix
 * @param customerId only events about this person: their id or their email address
 * @param since received at or after
 * @param until received before
 * @param beforeId only deliveries older than this id: the cursor for the next page
 * @param limit at most this many (1 to 1000)
 * @param text only deliveries whose event id or delivery id starts with this
 */
public record DeliveryQuery(DeliveryStatus status, String eventName, String customerId,
    Instant since, Instant until, Long beforeId, int limit, String text) {

  /** A query without a text search. */
  public DeliveryQuery(DeliveryStatus status, String eventName, String customerId,
      Instant since, Instant until, Long beforeId, int limit) {
    this(status, eventName, customerId, since, until, beforeId, limit, null);
  }

  public DeliveryQuery {
    if (limit < 1 || limit > 1000) {
      throw new IllegalArgumentException("limit must be 1 to 1000: " + limit);
    }
  }

  /** The newest {@code limit} deliveries, unfiltered. */
  public static DeliveryQuery latest(int limit) {
    return new DeliveryQuery(null, null, null, null, null, null, limit, null);
  }
}
