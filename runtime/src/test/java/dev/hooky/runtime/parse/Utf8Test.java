package dev.hooky.runtime.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link Utf8} against the JDK's strict decoder, on chosen and on random bytes. */
class Utf8Test {

  @ParameterizedTest
  @ValueSource(strings = {"", "plain ascii", "caf\u00e9", "\u20ac", "\uD83D\uDE00", "\uFFFF",
      "\uDBFF\uDFFF", "\u0000", "\u0080\u07FF\u0800"})
  void wellFormedTextIsValid(String text) {
    assertEquals(-1, Utf8.firstInvalid(text.getBytes(StandardCharsets.UTF_8), 0));
  }

  @Test
  void eachKindOfIllFormedSequenceIsFoundWhereItStarts() {
    assertEquals(1, invalid("a", 0x80)); // a lone continuation byte
    assertEquals(1, invalid("a", 0xC0, 0xAF)); // overlong '/'
    assertEquals(1, invalid("a", 0xC1, 0xBF)); // overlong
    assertEquals(1, invalid("a", 0xE0, 0x9F, 0xBF)); // overlong three bytes
    assertEquals(1, invalid("a", 0xED, 0xA0, 0x80)); // the surrogate U+D800
    assertEquals(1, invalid("a", 0xED, 0xBF, 0xBF)); // the surrogate U+DFFF
    assertEquals(1, invalid("a", 0xF0, 0x8F, 0xBF, 0xBF)); // overlong four bytes
    assertEquals(1, invalid("a", 0xF4, 0x90, 0x80, 0x80)); // above U+10FFFF
    assertEquals(1, invalid("a", 0xF5, 0x80, 0x80, 0x80));
    assertEquals(1, invalid("a", 0xFF));
    assertEquals(1, invalid("a", 0xE9, 0x20)); // Latin-1 'é' before a space
    assertEquals(1, invalid("a", 0xE2, 0x82)); // cut short at the end
    assertEquals(1, invalid("a", 0xF0, 0x9F, 0x98)); // cut short at the end
  }

  @Test
  void agreesWithTheJdksStrictDecoderOnRandomBytes() {
    Random random = new Random(42);
    for (int round = 0; round < 100_000; round++) {
      byte[] bytes = new byte[random.nextInt(8)];
      for (int i = 0; i < bytes.length; i++) {
        // Mostly the bytes that make multi-byte sequences, where the mistakes would be.
        bytes[i] = (byte) (random.nextInt(4) == 0
            ? random.nextInt(256) : 0x80 + random.nextInt(128));
      }
      assertEquals(jdkSaysValid(bytes), Utf8.firstInvalid(bytes, 0) < 0,
          () -> HexFormat.of().formatHex(bytes));
    }
  }

  private static int invalid(String prefix, int... tail) {
    byte[] head = prefix.getBytes(StandardCharsets.US_ASCII);
    byte[] bytes = new byte[head.length + tail.length];
    System.arraycopy(head, 0, bytes, 0, head.length);
    for (int i = 0; i < tail.length; i++) {
      bytes[head.length + i] = (byte) tail[i];
    }
    return Utf8.firstInvalid(bytes, 0);
  }

  private static boolean jdkSaysValid(byte[] bytes) {
    try {
      StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }
}
