package dev.hooky.runtime.inbox.sql;

/**
 * The inbox's writer is further behind than its budget (the database is slower than the load):
 * the append is refused at once, and the request path answers 503 with Retry-After, rather than
 * let the answer wait past Customer.io's deadline.
 */
public final class InboxOverloadedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  InboxOverloadedException(String message, Throwable cause) {
    super(message, cause);
  }
}
