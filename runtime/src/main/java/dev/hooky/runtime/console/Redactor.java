package dev.hooky.runtime.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Locale;
import java.util.Map;

/**
 * Masks email addresses and phone numbers in what the console shows, keeping enough to tell
 * deliveries apart: {@code t***@example.com}, {@code +1555***4567}. The inbox keeps the originals;
 * handlers always get them.
 *
 * <p>What it reads comes from the internet, so it is scanned by hand in linear time: no regular
 * expression, whose backtracking a long run of letters or digits turns quadratic. Each character
 * is looked at a bounded number of times, whatever the input.
 *
 * <ul>
 *   <li>An email address is a run of local-part characters (any letter or digit, {@code
 *       ._%+-'}), {@code @}, and a domain of letters, digits, dots and hyphens whose last label has
 *       two letters or more; letters include non-ASCII ones ({@code jörg@bücher.de}).
 *   <li>A phone number is 9 to 15 digits, optionally after {@code +}, optionally grouped by single
 *       spaces, hyphens, dots or parentheses ({@code 555-123-4567}, {@code +1 (555) 123-4567}),
 *       not touching a letter or digit on either side. JSON numbers of 9 to 15 digits are masked
 *       too, unless their field names a time or an id ({@code timestamp}, {@code *_at}, {@code
 *       *id}, {@code *time}).
 * </ul>
 */
final class Redactor {
  private static final String MASK = "***";
  private static final int MIN_PHONE_DIGITS = 9;
  private static final int MAX_PHONE_DIGITS = 15;
  /** Digits kept at the end of a phone number. */
  private static final int PHONE_TAIL = 4;

  private final boolean enabled;

  Redactor(boolean enabled) {
    this.enabled = enabled;
  }

  /** {@code value} with email addresses and phone numbers masked; null stays null. */
  String text(String value) {
    if (!enabled || value == null) {
      return value;
    }
    return phones(emails(value));
  }

  /**
   * Untrusted text shown as a label (a field or event name from a body): masked like {@link
   * #text}, whatever the redaction setting cut to {@code max} characters, with control characters
   * replaced, so that no name can flood or break the page.
   */
  String label(String value, int max) {
    if (value == null) {
      return null;
    }
    String cut = value.length() > max
        ? value.substring(0, Character.isHighSurrogate(value.charAt(max - 1)) ? max - 1 : max)
            + "…"
        : value;
    StringBuilder clean = new StringBuilder(cut.length());
    for (int i = 0; i < cut.length(); i++) {
      char c = cut.charAt(i);
      clean.append(c < 0x20 || c == 0x7f ? '\uFFFD' : c);
    }
    return text(clean.toString());
  }

  /** {@code node} with every string (and phone-like number) masked; itself when off. */
  JsonNode json(JsonNode node) {
    return enabled ? json(node, null) : node;
  }

  private JsonNode json(JsonNode node, String field) {
    if (node.isTextual()) {
      return TextNode.valueOf(text(node.textValue()));
    }
    if (node.isIntegralNumber() && !namesTimeOrId(field)) {
      // A negative number is no phone number.
      String digits = node.asText();
      if (!digits.startsWith("-") && digits.length() >= MIN_PHONE_DIGITS
          && digits.length() <= MAX_PHONE_DIGITS) {
        return TextNode.valueOf(maskPhone(false, digits));
      }
      return node;
    }
    if (node.isObject()) {
      ObjectNode copy = DeliveryJson.JSON.createObjectNode();
      for (Map.Entry<String, JsonNode> entry : node.properties()) {
        String name = text(entry.getKey());
        // Two keys that mask alike both stay visible.
        while (copy.has(name)) {
          name = name + "'";
        }
        copy.set(name, json(entry.getValue(), entry.getKey()));
      }
      return copy;
    }
    if (node.isArray()) {
      ArrayNode copy = DeliveryJson.JSON.createArrayNode();
      node.forEach(element -> copy.add(json(element, field)));
      return copy;
    }
    return node;
  }

  /** Whether a JSON number under {@code field} is a time or an identifier, not a phone number. */
  private static boolean namesTimeOrId(String field) {
    if (field == null) {
      return false;
    }
    String name = field.toLowerCase(Locale.ROOT);
    return name.endsWith("timestamp") || name.endsWith("_at") || name.endsWith("id")
        || name.endsWith("time") || name.endsWith("_ms");
  }

  /** Masks email addresses: one pass, each character scanned at most twice. */
  static String emails(String value) {
    int at = value.indexOf('@');
    if (at < 0) {
      return value;
    }
    StringBuilder out = null;
    int copied = 0;
    int n = value.length();
    // Where the run of local-part characters that ends at i began.
    int runStart = 0;
    for (int i = 0; i < n; i++) {
      char c = value.charAt(i);
      if (c != '@') {
        if (!isLocalChar(c)) {
          runStart = i + 1;
        }
        continue;
      }
      // Each domain scan stops at the next '@', so no character is in two of them.
      int scanEnd = i + 1;
      while (scanEnd < n && isDomainChar(value.charAt(scanEnd))) {
        scanEnd++;
      }
      int end = scanEnd;
      while (end > i + 1 && (value.charAt(end - 1) == '.' || value.charAt(end - 1) == '-')) {
        end--;
      }
      if (runStart < i && isDomain(value, i + 1, end)) {
        if (out == null) {
          out = new StringBuilder(value.length());
        }
        int firstEnd = Character.isHighSurrogate(value.charAt(runStart)) && runStart + 1 < i
            ? runStart + 2 : runStart + 1;
        out.append(value, copied, firstEnd).append(MASK).append(value, i, end);
        copied = end;
        i = end - 1;
        runStart = end;
      } else {
        // Every domain character is a local-part character too: the run goes on after the '@'.
        runStart = i + 1;
        i = scanEnd - 1;
      }
    }
    if (out == null) {
      return value;
    }
    return out.append(value, copied, n).toString();
  }

  /** A domain: no empty label, a dot, and a last label of two letters or more. */
  private static boolean isDomain(String value, int start, int end) {
    if (end - start < 4 || value.charAt(start) == '.' || value.charAt(start) == '-') {
      return false;
    }
    int lastDot = -1;
    char previous = 0;
    for (int i = start; i < end; i++) {
      char c = value.charAt(i);
      if (c == '.') {
        if (previous == '.') {
          return false;
        }
        lastDot = i;
      }
      previous = c;
    }
    if (lastDot < 0 || end - lastDot - 1 < 2) {
      return false;
    }
    for (int i = lastDot + 1; i < end; i++) {
      char c = value.charAt(i);
      if (!Character.isLetter(c) && !Character.isSurrogate(c) && !isMark(c)) {
        return false;
      }
    }
    return true;
  }

  /** Masks phone numbers: each maximal run of digits and separators is scanned once. */
  static String phones(String value) {
    StringBuilder out = null;
    int copied = 0;
    int n = value.length();
    int i = 0;
    while (i < n) {
      char c = value.charAt(i);
      boolean starts = (c == '+' || c == '(' || isDigit(c)) && !joined(value, i - 1, -1);
      if (!starts) {
        i++;
        continue;
      }
      boolean plus = c == '+';
      int k = plus ? i + 1 : i;
      int digits = 0;
      int dots = 0;
      // Dots between digits only: a full stop after the number is not one of its separators.
      int dotsWithin = 0;
      int separatorsInARow = 0;
      int lastDigitEnd = -1;
      while (k < n) {
        char ch = value.charAt(k);
        if (isDigit(ch)) {
          digits++;
          lastDigitEnd = k + 1;
          dotsWithin = dots;
          separatorsInARow = 0;
        } else if (ch == ' ' || ch == '-' || ch == '.' || ch == '(' || ch == ')') {
          if (++separatorsInARow > 2) {
            break;
          }
          dots += ch == '.' ? 1 : 0;
        } else {
          break;
        }
        k++;
      }
      boolean phone = digits >= MIN_PHONE_DIGITS && digits <= MAX_PHONE_DIGITS && dotsWithin != 1
          && !joined(value, lastDigitEnd, 1);
      if (phone) {
        if (out == null) {
          out = new StringBuilder(value.length());
        }
        out.append(value, copied, i).append(maskPhone(plus, digitsOf(value, i, lastDigitEnd)));
        copied = lastDigitEnd;
        i = lastDigitEnd;
      } else {
        // Not a phone number: skip the whole run, never rescan it from its next character.
        i = Math.max(k, i + 1);
      }
    }
    if (out == null) {
      return value;
    }
    return out.append(value, copied, n).toString();
  }

  /**
   * Whether the character at {@code at} ties a digit run to a word: a letter or digit, or a
   * hyphen or dot with one beyond it (in direction {@code step}), as in the tail of a UUID or a
   * version. Such a run is part of an identifier, not a phone number.
   */
  private static boolean joined(String value, int at, int step) {
    if (at < 0 || at >= value.length()) {
      return false;
    }
    char c = value.charAt(at);
    if (isWordChar(c)) {
      return true;
    }
    int beyond = at + step;
    return (c == '-' || c == '.') && beyond >= 0 && beyond < value.length()
        && isWordChar(value.charAt(beyond));
  }

  /** {@code +1555***4567}: the country and area code's first digits and the last four. */
  private static String maskPhone(boolean plus, String digits) {
    int kept = Math.max(0, Math.min(4, digits.length() - 7));
    return (plus ? "+" : "") + digits.substring(0, kept) + MASK
        + digits.substring(digits.length() - PHONE_TAIL);
  }

  private static String digitsOf(String value, int start, int end) {
    StringBuilder digits = new StringBuilder(MAX_PHONE_DIGITS);
    for (int i = start; i < end; i++) {
      if (isDigit(value.charAt(i))) {
        digits.append(value.charAt(i));
      }
    }
    return digits.toString();
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isWordChar(char c) {
    if (c < 0x80) {
      return isAsciiAlphanumeric(c) || c == '_';
    }
    return isLetterOrDigitBeyondAscii(c);
  }

  private static boolean isAsciiAlphanumeric(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }

  private static boolean isLocalChar(char c) {
    if (c < 0x80) {
      return isAsciiAlphanumeric(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-'
          || c == '\'';
    }
    return isLetterOrDigitBeyondAscii(c);
  }

  private static boolean isDomainChar(char c) {
    if (c < 0x80) {
      return isAsciiAlphanumeric(c) || c == '.' || c == '-';
    }
    return isLetterOrDigitBeyondAscii(c);
  }

  /**
   * A letter or digit beyond ASCII, counting the halves of a surrogate pair (emoji, scripts
   * beyond the BMP) and combining marks, so that {@code ü} composed or decomposed is one letter.
   */
  private static boolean isLetterOrDigitBeyondAscii(char c) {
    return Character.isLetterOrDigit(c) || Character.isSurrogate(c) || isMark(c);
  }

  /** Combining marks, as in a decomposed {@code ü}. */
  private static boolean isMark(char c) {
    int type = Character.getType(c);
    return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK;
  }
}
