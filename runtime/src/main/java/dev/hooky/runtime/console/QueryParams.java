package dev.hooky.runtime.console;

import dev.hooky.runtime.inbox.DeliveryStatus;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.jetty.util.Fields;

/**
 * An admin endpoint's query parameters, each checked before use: an unknown name, a repeated one
 * or a value out of range is a {@link BadRequest} that says what is allowed, never an exception
 * deeper down. Text values are capped and may hold no control characters or broken UTF-16 (which
 * PostgreSQL's {@code text} refuses), so no value can make storage fail.
 */
final class QueryParams {
  /** Instants before this cannot be a delivery's; after the second, storage cannot count them. */
  static final Instant EARLIEST = Instant.EPOCH;
  static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");
  /** The longest "time ago": 100 years, reaching back to before any delivery. */
  static final Duration LONGEST_AGO = Duration.ofDays(36_525);
  /** Longer text filters cannot match anything the inbox keeps usefully. */
  static final int MAX_TEXT = 1_024;
  static final int MAX_LIMIT = 1_000;

  private final Fields fields;

  private QueryParams(Fields fields) {
    this.fields = fields;
  }

  /** The parameters of a request to an endpoint that takes {@code allowed}; refuses others. */
  static QueryParams of(Fields fields, Set<String> allowed, String endpoint) {
    for (Fields.Field field : fields) {
      if (!allowed.contains(field.getName())) {
        throw new BadRequest("unknown parameter " + shown(field.getName()) + " for " + endpoint
            + (allowed.isEmpty() ? ", which takes none"
                : "; it takes " + allowed.stream().sorted().collect(Collectors.joining(", "))));
      }
      if (field.getValues().size() > 1) {
        throw new BadRequest("parameter " + field.getName() + " is given "
            + field.getValues().size() + " times; give it once");
      }
    }
    return new QueryParams(fields);
  }

  /** The trimmed value of {@code name}, or null when absent or blank. */
  String text(String name) {
    String value = fields.getValue(name);
    if (value == null) {
      return null;
    }
    // Checked before trimming: trim() would silently drop control characters at the ends.
    String text = checkedText(value, name).strip();
    return text.isEmpty() ? null : text;
  }

  /** {@code value} if it is text a filter may hold; else a {@link BadRequest} naming {@code what}. */
  static String checkedText(String value, String what) {
    if (value.length() > MAX_TEXT) {
      throw new BadRequest(what + " is " + value.length() + " characters long; at most " + MAX_TEXT);
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        throw new BadRequest(what + " must not contain control characters (found U+"
            + String.format("%04X", (int) c) + " at " + i + ")");
      }
      if (Character.isHighSurrogate(c) && i + 1 < value.length()
          && Character.isLowSurrogate(value.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new BadRequest(what + " is not valid UTF-8 text");
      }
    }
    return value;
  }

  /** {@code status}: one of the delivery statuses, or null. */
  DeliveryStatus status(String name) {
    String value = text(name);
    if (value == null) {
      return null;
    }
    for (DeliveryStatus status : DeliveryStatus.values()) {
      if (status.key().equals(value.toLowerCase(Locale.ROOT))) {
        return status;
      }
    }
    throw new BadRequest(name + " must be one of " + Arrays.stream(DeliveryStatus.values())
        .map(DeliveryStatus::key).collect(Collectors.joining(", ")) + ", was " + shown(value));
  }

  /** An event name, or a channel prefix ending in {@code *}: letters, digits, {@code _ . -}. */
  String eventPattern(String name) {
    String value = text(name);
    if (value == null) {
      return null;
    }
    String stem = value.endsWith("*") ? value.substring(0, value.length() - 1) : value;
    if (!stem.chars().allMatch(c -> (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-')) {
      throw new BadRequest(name + " must be an event name such as sms_delivered, or a prefix"
          + " ending in * such as email_*, was " + shown(value));
    }
    return value;
  }

  /** {@code limit}: 1 to {@value #MAX_LIMIT}, {@code fallback} when absent. */
  int limit(String name, int fallback) {
    String value = text(name);
    if (value == null) {
      return fallback;
    }
    long limit = digits(value, name, 4);
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new BadRequest(name + " must be 1 to " + MAX_LIMIT + ", was " + shown(value));
    }
    return (int) limit;
  }

  /** A cursor: a positive delivery id, or null. */
  Long cursor(String name) {
    String value = text(name);
    if (value == null) {
      return null;
    }
    long cursor = digits(value, name, 18);
    if (cursor < 1) {
      throw new BadRequest(name + " must be a positive number from a nextCursor, was "
          + shown(value));
    }
    return cursor;
  }

  /**
   * An ISO-8601 instant, or a time ago such as {@code 90s}, {@code 15m}, {@code 2h}, {@code 7d}
   * (at most 100 years), or null.
   */
  Instant instant(String name, Instant now) {
    String value = text(name);
    if (value == null) {
      return null;
    }
    String problem = name + " must be an instant from 1970 to 9999 such as 2026-11-30T12:00:00Z,"
        + " or a time ago of at most 100 years such as 90s, 15m, 2h or 7d, was " + shown(value);
    String lower = value.toLowerCase(Locale.ROOT);
    char unit = lower.charAt(lower.length() - 1);
    String amount = lower.substring(0, lower.length() - 1);
    if ("smhd".indexOf(unit) >= 0 && !amount.isEmpty()
        && amount.chars().allMatch(c -> c >= '0' && c <= '9')) {
      if (amount.length() > 12) {
        throw new BadRequest(problem);
      }
      long count = Long.parseLong(amount);
      Duration ago = switch (unit) {
        case 's' -> Duration.ofSeconds(count);
        case 'm' -> Duration.ofMinutes(count);
        case 'h' -> Duration.ofHours(count);
        default -> Duration.ofDays(count);
      };
      if (ago.compareTo(LONGEST_AGO) > 0) {
        throw new BadRequest(problem);
      }
      return now.minus(ago);
    }
    try {
      Instant instant = Instant.parse(value);
      if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
        throw new BadRequest(problem);
      }
      return instant;
    } catch (DateTimeException | ArithmeticException e) {
      throw new BadRequest(problem);
    }
  }

  private static long digits(String value, String name, int maxDigits) {
    if (value.length() > maxDigits || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new BadRequest(name + " must be a whole number of at most " + maxDigits
          + " digits, was " + shown(value));
    }
    return Long.parseLong(value);
  }

  /** A value quoted for an error message, shortened. */
  static String shown(String value) {
    return "\"" + (value.codePointCount(0, value.length()) > 64
        ? value.substring(0, value.offsetByCodePoints(0, 64)) + "…" : value) + "\"";
  }

  /** Parameter names, for {@link #of}. */
  static Set<String> names(String... names) {
    return Set.copyOf(List.of(names));
  }

  /** A request the API cannot serve as asked; answered 400 with the message. */
  static final class BadRequest extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BadRequest(String message) {
      super(message);
    }
  }
}
