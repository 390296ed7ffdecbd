package dev.hooky.runtime.parse;

/**
 * What could still be read from an authentic body that did not become a typed event: enough to
 * de-duplicate its retries and to name it in Live Logs.
 *
 * @param eventId its top-level {@code event_id}, or {@code null} when none could be read
 * @param eventName the catalog's name, or {@code object_type + "_" + metric}, or a legacy body's
 *     {@code event_type}, when it could be read and is at most {@link
 *     EventParser#MAX_NAME_LENGTH} characters; {@code unknown} otherwise
 */
public record PartialEvent(String eventId, String eventName) {
  /** The name of a quarantined event whose type could not be read. */
  public static final String UNKNOWN_NAME = "unknown";
}
