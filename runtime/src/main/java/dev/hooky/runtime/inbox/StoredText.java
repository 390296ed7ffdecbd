package dev.hooky.runtime.inbox;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Text taken from an authentic body, made storable in every inbox: PostgreSQL's {@code text}
 * refuses NUL ({@code U+0000}), and a lone UTF-16 surrogate has no UTF-8 encoding (drivers turn it
 * into {@code ?}, so that two different ids would collide). Bodies come as JSON, whose {@code
 * \u0000} and {@code \ud800} escapes put exactly these characters into Java strings. The raw body
 * itself is stored as bytes and keeps every character.
 */
public final class StoredText {
  /** Stands in for a character that cannot be stored. */
  static final char REPLACEMENT = '\uFFFD';
  /** Separates a cleaned event id from the digest that keeps it distinct. */
  static final String DIGEST_SEPARATOR = "~sha256:";

  private StoredText() {}

  /**
   * {@code text} with every NUL and lone surrogate replaced by {@code U+FFFD}; {@code text} itself
   * (or {@code null}) when there is none. Lossy: for columns shown and searched, not for keys.
   */
  public static String clean(String text) {
    if (text == null) {
      return null;
    }
    int first = firstUnstorable(text);
    if (first < 0) {
      return text;
    }
    StringBuilder cleaned = new StringBuilder(text.length()).append(text, 0, first);
    for (int i = first; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == 0) {
        cleaned.append(REPLACEMENT);
      } else if (Character.isHighSurrogate(c) && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        cleaned.append(c).append(text.charAt(++i));
      } else if (Character.isSurrogate(c)) {
        cleaned.append(REPLACEMENT);
      } else {
        cleaned.append(c);
      }
    }
    return cleaned.toString();
  }

  /**
   * The de-duplication key an inbox stores for {@code eventId}: {@code eventId} itself when it can
   * be stored as is (every id Customer.io sends), else its {@linkplain #clean cleaned} form followed
   * by {@code ~sha256:} and the SHA-256 of its UTF-16 code units. The same id always gives the same
   * key, two different ids never the same one (the digest tells apart ids that clean alike), and a
   * key is its own key, so that looking a stored key up again finds it.
   */
  public static String key(String eventId) {
    if (firstUnstorable(eventId) < 0) {
      return eventId;
    }
    byte[] units = new byte[eventId.length() * 2];
    for (int i = 0; i < eventId.length(); i++) {
      char c = eventId.charAt(i);
      units[2 * i] = (byte) (c >> 8);
      units[2 * i + 1] = (byte) c;
    }
    return clean(eventId) + DIGEST_SEPARATOR + hex(sha256(units));
  }

  /** The index of the first NUL or lone surrogate in {@code text}, or -1. */
  private static int firstUnstorable(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == 0) {
        return i;
      }
      if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c) && i + 1 < text.length()
            && Character.isLowSurrogate(text.charAt(i + 1))) {
          i++; // a pair: one supplementary character, stored as four UTF-8 bytes
        } else {
          return i;
        }
      }
    }
    return -1;
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  private static String hex(byte[] bytes) {
    StringBuilder hex = new StringBuilder(bytes.length * 2);
    for (byte b : bytes) {
      hex.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
    }
    return hex.toString();
  }
}
