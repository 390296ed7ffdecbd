package dev.hooky.runtime.parse;

/** An authentic request whose body is not a Customer.io event; answered 400 with the message. */
public final class MalformedEventException extends Exception {
  private static final long serialVersionUID = 1L;

  MalformedEventException(String message) {
    super(message);
  }

  MalformedEventException(String message, Throwable cause) {
    super(message, cause);
  }
}
