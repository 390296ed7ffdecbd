package dev.hooky.runtime.inbox.sql;

/** The inbox's database failed; the request path answers 503 so Customer.io sends again. */
public final class InboxStorageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  InboxStorageException(String message, Throwable cause) {
    super(message, cause);
  }
}
