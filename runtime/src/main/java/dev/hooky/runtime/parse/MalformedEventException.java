package dev.hooky.runtime.parse;

/**
 * An authentic request whose body cannot become a typed event. Its message is the reason, short
 * enough for an answer and Live Logs: the body is quarantined with it, never refused. A reason may
 * quote the body (a field name, an {@code event_type}), so control characters and lone surrogates
 * in it are replaced by U+FFFD: any text column and any log line can hold it.
 */
public final class MalformedEventException extends Exception {
  private static final long serialVersionUID = 1L;

  MalformedEventException(String message) {
    super(printable(message));
  }

  MalformedEventException(String message, Throwable cause) {
    super(printable(message), cause);
  }

  private static String printable(String message) {
    StringBuilder text = new StringBuilder(message.length());
    for (int i = 0; i < message.length(); i++) {
      char c = message.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < message.length()
          && Character.isLowSurrogate(message.charAt(i + 1))) {
        text.append(c).append(message.charAt(++i));
      } else if (Character.isISOControl(c) || Character.isSurrogate(c)) {
        text.append('\uFFFD');
      } else {
        text.append(c);
      }
    }
    return text.toString();
  }
}
