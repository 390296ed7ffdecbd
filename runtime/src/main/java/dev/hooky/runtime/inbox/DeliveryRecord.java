package dev.hooky.runtime.inbox;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the inbox knows of one delivery: for Live Logs, the console API and the CLI.
 *
 * @param id the inbox's identity of the delivery
 * @param eventId {@code event_id}
 * @param eventName e.g. {@code sms_delivered}
 * @param customerId the person's id, when the event names one
 * @param receivedAt when the request arrived
 * @param status where it stands
 * @param attempts how many attempts have started
 * @param nextAttemptAt when it is due next (for pending and retrying deliveries)
 * @param lastError the last failure summary, or {@code null}
 * @param handledAt when the handlers finished, or {@code null}
 * @param replays how many times it was replayed
 * @param headers the request headers kept with it
 * @param body the raw body ({@code null} in query results, which leave bodies out)
 * @param history the handler calls and replays, oldest first (empty in query results)
 * @param handlerTime how long its handlers have run in all, over every attempt
 */
public record DeliveryRecord(long id, String eventId, String eventName, String customerId,
    Instant receivedAt, DeliveryStatus status, int attempts, Instant nextAttemptAt,
    String lastError, Instant handledAt, int replays, Map<String, List<String>> headers,
    byte[] body, List<AttemptRecord> history, Duration handlerTime) {}
