package dev.hooky.runtime.parse;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Lenient readers for {@code data} fields. Customer.io sends an id as a number in one payload and
 * as a string in another, and leaves out fields its schema calls required; a field of the wrong
 * shape reads as absent (the raw JSON keeps it).
 */
final class Fields {
  private Fields() {}

  /** A string, or a number or boolean written as text; {@code null} otherwise. */
  static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !(value.isTextual() || value.isNumber() || value.isBoolean())) {
      return null;
    }
    return value.asText();
  }

  /** An integral number, or a string of digits; {@code null} otherwise. */
  static Long id(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null) {
      return null;
    }
    if (value.isIntegralNumber() && value.canConvertToLong()) {
      return value.longValue();
    }
    if (value.isTextual()) {
      return parseLong(value.textValue().trim());
    }
    return null;
  }

  /**
   * A JSON boolean, the string "true" or "false" (any case), or the number 1 or 0; empty for
   * anything else, {@code null} and absence included: "not said" is not {@code false}.
   */
  static Optional<Boolean> flag(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null) {
      return Optional.empty();
    }
    if (value.isBoolean()) {
      return Optional.of(value.booleanValue());
    }
    if (value.isTextual()) {
      String text = value.textValue().trim();
      if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
        return Optional.of(Boolean.parseBoolean(text.toLowerCase(Locale.ROOT)));
      }
    } else if (value.isIntegralNumber() && value.canConvertToInt()
        && (value.intValue() == 0 || value.intValue() == 1)) {
      return Optional.of(value.intValue() == 1);
    }
    return Optional.empty();
  }

  /**
   * A string that is not a whole number, as sent: a transactional message's name where its id
   * could have been; {@code null} for a number, a string of digits, or anything else.
   */
  static String name(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual() || value.textValue().isBlank()
        || id(node, field) != null) {
      return null;
    }
    return value.textValue();
  }

  /** An object of string arrays (email custom headers); empty when absent or malformed. */
  static Map<String, List<String>> stringLists(JsonNode node, String field) {
    JsonNode value = node.get(field);
    Map<String, List<String>> result = new LinkedHashMap<>();
    if (value == null || !value.isObject()) {
      return result;
    }
    value.properties().forEach(entry -> {
      List<String> values = new ArrayList<>();
      JsonNode items = entry.getValue();
      if (items.isArray()) {
        items.forEach(item -> {
          if (item.isValueNode() && !item.isNull()) {
            values.add(item.asText());
          }
        });
      } else if (items.isValueNode() && !items.isNull()) {
        values.add(items.asText());
      }
      result.put(entry.getKey(), values);
    });
    return result;
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
