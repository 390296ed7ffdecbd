package dev.hooky.runtime.verify;

/** Decodes hex without exceptions. */
final class Hex {
  private Hex() {}

  /**
   * The bytes {@code hex} encodes, or {@code null} unless it is exactly {@code length} bytes of
   * ASCII hex digits (either case). Other Unicode digits, which {@link Character#digit} would
   * accept, are refused.
   */
  static byte[] decode(String hex, int length) {
    if (hex.length() != length * 2) {
      return null;
    }
    byte[] bytes = new byte[length];
    for (int i = 0; i < length; i++) {
      int high = digit(hex.charAt(2 * i));
      int low = digit(hex.charAt(2 * i + 1));
      if (high < 0 || low < 0) {
        return null;
      }
      bytes[i] = (byte) ((high << 4) | low);
    }
    return bytes;
  }

  private static int digit(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }
}
