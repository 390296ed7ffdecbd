package dev.hooky.runtime.parse;

/**
 * Checks that bytes are well-formed UTF-8 (Unicode's table 3-7): no overlong forms, no encoded
 * surrogates, nothing above U+10FFFF. Jackson checks most of this too, but not in every corner, and
 * {@code data}'s bytes become a {@code String} that would silently replace what it cannot decode.
 */
final class Utf8 {
  private Utf8() {}

  /** The offset of the first byte of the first ill-formed sequence, or -1 when there is none. */
  static int firstInvalid(byte[] bytes, int from) {
    int i = from;
    int length = bytes.length;
    while (i < length) {
      int lead = bytes[i] & 0xff;
      if (lead < 0x80) {
        i++;
        continue;
      }
      int continuation;
      int secondMin = 0x80;
      int secondMax = 0xbf;
      if (lead >= 0xc2 && lead <= 0xdf) {
        continuation = 1;
      } else if (lead >= 0xe0 && lead <= 0xef) {
        continuation = 2;
        if (lead == 0xe0) {
          secondMin = 0xa0; // shorter forms are overlong
        } else if (lead == 0xed) {
          secondMax = 0x9f; // U+D800..U+DFFF are surrogates, not characters
        }
      } else if (lead >= 0xf0 && lead <= 0xf4) {
        continuation = 3;
        if (lead == 0xf0) {
          secondMin = 0x90;
        } else if (lead == 0xf4) {
          secondMax = 0x8f; // above U+10FFFF
        }
      } else {
        return i;
      }
      if (i + continuation >= length) {
        return i;
      }
      int second = bytes[i + 1] & 0xff;
      if (second < secondMin || second > secondMax) {
        return i;
      }
      for (int k = 2; k <= continuation; k++) {
        int next = bytes[i + k] & 0xff;
        if (next < 0x80 || next > 0xbf) {
          return i;
        }
      }
      i += continuation + 1;
    }
    return -1;
  }
}
