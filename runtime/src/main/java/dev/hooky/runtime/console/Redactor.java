package dev.hooky.runtime.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks email addresses and phone numbers in what the console shows, keeping enough to tell
 * deliveries apart: {@code t***@example.com}, {@code +1555***4567}. The inbox keeps the originals;
 * handlers always get them.
 */
final class Redactor {
  private static final Pattern EMAIL =
      Pattern.compile("([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*(@[A-Za-z0-9.-]+\\.[A-Za-z]{2,})");
  /** E.164 and similar: a plus or not, then 8 to 15 digits. */
  private static final Pattern PHONE = Pattern.compile("(\\+?\\d{4})\\d{1,7}(\\d{4})\\b");

  private final boolean enabled;

  Redactor(boolean enabled) {
    this.enabled = enabled;
  }

  String text(String value) {
    if (!enabled || value == null) {
      return value;
    }
    Matcher email = EMAIL.matcher(value);
    String masked = email.replaceAll("$1***$2");
    return PHONE.matcher(masked).replaceAll("$1***$2");
  }

  /** {@code node} with every string masked; {@code node} itself when redaction is off. */
  JsonNode json(JsonNode node) {
    if (!enabled) {
      return node;
    }
    if (node.isTextual()) {
      return TextNode.valueOf(text(node.textValue()));
    }
    if (node.isObject()) {
      ObjectNode copy = DeliveryJson.JSON.createObjectNode();
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        copy.set(field.getKey(), json(field.getValue()));
      }
      return copy;
    }
    if (node.isArray()) {
      ArrayNode copy = DeliveryJson.JSON.createArrayNode();
      node.forEach(element -> copy.add(json(element)));
      return copy;
    }
    return node;
  }
}
