package dev.hooky.runtime.parse;

import java.util.Locale;
import java.util.Optional;

/**
 * Lenient readers for {@code data} fields, each value as {@link DataFields} keeps it. Customer.io
 * sends an id as a number in one payload and as a string in another, and leaves out fields its
 * schema calls required; a field of the wrong shape reads as absent (the raw JSON keeps it).
 */
final class Fields {
  private Fields() {}

  /**
   * A string, or a number or boolean written as text (a fraction as {@link Double#toString}
   * writes it); {@code null} otherwise.
   */
  static String text(Object value) {
    if (value instanceof String text) {
      return text;
    }
    if (value instanceof Number || value instanceof Boolean) {
      return value.toString();
    }
    return null;
  }

  /** An integral number that fits a {@code long}, or a string of digits; {@code null} otherwise. */
  static Long id(Object value) {
    if (value instanceof Integer number) {
      return number.longValue();
    }
    if (value instanceof Long number) {
      return number;
    }
    if (value instanceof String text) {
      return parseLong(text.trim());
    }
    // A BigInteger is beyond a long (a smaller number would be an Integer or a Long); a Double is
    // not integral.
    return null;
  }

  /**
   * A JSON boolean, the string "true" or "false" (any case), or the number 1 or 0; empty for
   * anything else, {@code null} and absence included: "not said" is not {@code false}.
   */
  static Optional<Boolean> flag(Object value) {
    if (value instanceof Boolean bool) {
      return Optional.of(bool);
    }
    if (value instanceof String text) {
      String trimmed = text.trim();
      if (trimmed.equalsIgnoreCase("true") || trimmed.equalsIgnoreCase("false")) {
        return Optional.of(Boolean.parseBoolean(trimmed.toLowerCase(Locale.ROOT)));
      }
    } else if (value instanceof Integer number && (number == 0 || number == 1)) {
      return Optional.of(number == 1);
    }
    return Optional.empty();
  }

  /**
   * A string that is not a whole number, as sent: a transactional message's name where its id
   * could have been; {@code null} for a number, a string of digits, or anything else.
   */
  static String name(Object value) {
    if (!(value instanceof String text) || text.isBlank() || id(text) != null) {
      return null;
    }
    return text;
  }

  private static Long parseLong(String digits) {
    if (digits.isEmpty() || digits.length() > 19) {
      return null;
    }
    for (int i = 0; i < digits.length(); i++) {
      if (digits.charAt(i) < '0' || digits.charAt(i) > '9') {
        return null;
      }
    }
    try {
      return Long.parseLong(digits);
    } catch (NumberFormatException tooLarge) {
      return null;
    }
  }
}
