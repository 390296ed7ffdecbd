package dev.hooky.runtime.inbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

/**
 * Text no database refuses: what is cleaned, what is kept, and the de-duplication key, which is
 * stored and so must never change between versions (else a resend after an upgrade would be a new
 * event).
 */
class StoredTextTest {

  @Test
  void textWithNothingToCleanIsReturnedAsItIs() {
    String text = "sms \ud83d\ude00 delivered";
    assertSame(text, StoredText.clean(text), "a valid surrogate pair is one character");
    assertNull(StoredText.clean(null));
    assertEquals("", StoredText.clean(""));
  }

  @Test
  void nulAndLoneSurrogatesBecomeReplacementCharactersWhereverTheyAre() {
    assertEquals("\ufffd", StoredText.clean("\u0000"));
    assertEquals("a\ufffdb\ufffd", StoredText.clean("a\u0000b\u0000"));
    assertEquals("x\ufffd", StoredText.clean("x\ud800"), "a high surrogate at the end");
    assertEquals("\ufffdx", StoredText.clean("\udc00x"), "a low surrogate alone");
    assertEquals("\ufffd\ud800\udc00", StoredText.clean("\ud800\ud800\udc00"),
        "a high surrogate before a pair");
    assertEquals("\ud83d\ude00\ufffd\ufffd", StoredText.clean("\ud83d\ude00\u0000\udfff"),
        "after a pair, the rest is still cleaned");
    assertEquals("\ufffd\ufffd", StoredText.clean("\udc00\ud800"), "reversed: no pair");
  }

  @Test
  void aStorableIdIsItsOwnKey() {
    String id = "01HZXV5JQ7ZJ6KX8M5AGJ3TQ9C";
    assertSame(id, StoredText.key(id));
    assertEquals("e\ud83d\ude00", StoredText.key("e\ud83d\ude00"));
  }

  @Test
  void anUnstorableIdsKeyIsItsCleanedFormAndTheSha256OfItsUtf16Units() {
    // Pinned: the key is stored, and looked up again by later versions.
    assertEquals("a\ufffd~sha256:550e80a912523277538cfc927e2d5d2829e36d01d84ff5f9b79584e29a165c40",
        StoredText.key("a\u0000"));
    assertEquals("\ufffdx~sha256:039549e79b09cba1b63ae2490a8f9a1f8f16c31b1035c054672c349fbd0923a9",
        StoredText.key("\ud800x"));
  }

  @Test
  void idsThatCleanAlikeKeepDistinctKeysAndAKeyIsItsOwnKey() {
    String nul = StoredText.key("id\u0000");
    String surrogate = StoredText.key("id\ud800");
    assertEquals(StoredText.clean("id\u0000"), StoredText.clean("id\ud800"));
    assertNotEquals(nul, surrogate);
    assertEquals(nul, StoredText.key(nul));
    assertEquals(nul, StoredText.key("id\u0000"), "the same id, the same key");
  }
}
