package dev.hooky.runtime.parse;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

  /** {@code true} for a JSON true or the string "true"; {@code false} otherwise. */
  static boolean flag(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value != null && (value.isBoolean() ? value.booleanValue()
        : value.isTextual() && value.textValue().equalsIgnoreCase("true"));
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
