package dev.hooky.runtime.http;

/**
 * The HTTP answer to a webhook request: a status and a short plain-text body, never a stack trace.
 *
 * @param status the HTTP status
 * @param body a short reason, e.g. {@code signature mismatch}
 * @param retryAfterSeconds the Retry-After header, or 0 for none
 */
public record Answer(int status, String body, int retryAfterSeconds) {
  public static final Answer OK = new Answer(200, "ok", 0);
  public static final Answer DUPLICATE = new Answer(200, "duplicate", 0);
  /** Authentic but not a typed event: kept raw, shown in Live Logs, never handed to handlers. */
  public static final Answer QUARANTINED = new Answer(200, "quarantined", 0);

  public static Answer of(int status, String body) {
    return new Answer(status, body, 0);
  }
}
