package dev.hooky.runtime.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The edges of what Live Logs masks: digit counts, separators, field names, pairs, arrays. */
class RedactorEdgesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Redactor redactor = new Redactor(true);

  @Test
  void aPhoneNumberHasNineToFifteenDigits() {
    assertEquals("12345678", redactor.text("12345678"));
    assertEquals("12***6789", redactor.text("123456789"));
    assertEquals("1234***2345", redactor.text("123456789012345"));
    assertEquals("1234567890123456", redactor.text("1234567890123456"));
    assertEquals("+1234***2345", redactor.text("+123456789012345"));
  }

  @Test
  void whatPrecedesANumberIsKeptAsText() {
    assertEquals("tel: 555***4567", redactor.text("tel: 5551234567"));
    assertEquals("tel:  -555***4567", redactor.text("tel:  -5551234567"));
    assertEquals("tel: +1555***4567", redactor.text("tel: +15551234567"));
  }

  @Test
  void separatorsMayGroupDigitsButOneDotAloneIsADecimal() {
    assertEquals("555.1234567", redactor.text("555.1234567"), "one dot: a decimal number");
    assertEquals("555***4567", redactor.text("555.123.4567"));
    assertEquals("555***4567", redactor.text("555 -123 4567"), "two separators in a row");
    assertEquals("555 - 1234567", redactor.text("555 - 1234567"), "three break the number");
    assertEquals("tel 555***4567.", redactor.text("tel 555-123-4567."), "a full stop after");
    assertEquals("x-555-123-4567", redactor.text("x-555-123-4567"), "joined to a word before");
    assertEquals("555-123-4567-x", redactor.text("555-123-4567-x"), "joined to a word after");
    assertEquals("555-123-4567_", redactor.text("555-123-4567_"));
    assertEquals("é5551234567", redactor.text("é5551234567"), "a letter beyond ASCII joins too");
  }

  @Test
  void numbersUnderTimeAndIdFieldsAreKeptAndOthersOfPhoneLengthMasked() throws Exception {
    JsonNode masked = redactor.json(JSON.readTree("{\"Timestamp\":123456789,"
        + "\"send_time\":123456789,\"duration_ms\":123456789,\"userid\":123456789,"
        + "\"created_at\":123456789,\"count\":123456789,\"small\":12345678,"
        + "\"big\":1234567890123456,\"negative\":-123456789,\"sent_at\":[1713484800123],"
        + "\"tries\":[123456789]}"));

    for (String kept : new String[] {"Timestamp", "send_time", "duration_ms", "userid",
        "created_at", "small", "big", "negative"}) {
      assertTrue(masked.get(kept).isNumber(), kept + ": " + masked.get(kept));
    }
    assertEquals("12***6789", masked.get("count").asText());
    assertTrue(masked.get("sent_at").get(0).isNumber(), "an array keeps its field's name");
    assertEquals("12***6789", masked.get("tries").get(0).asText());
  }

  @Test
  void keysThatMaskAlikeBothStayVisible() throws Exception {
    JsonNode masked = redactor.json(JSON.readTree("{\"ann@b.com\":1,\"amy@b.com\":2,"
        + "\"al@b.com\":3}"));

    assertEquals("{\"a***@b.com\":1,\"a***@b.com'\":2,\"a***@b.com''\":3}",
        DeliveryJson.write(masked));
  }

  @Test
  void aDomainNeedsADotAndALastLabelOfTwoLetters() {
    assertEquals("a***@cd.ef", redactor.text("ab@cd.ef"));
    assertEquals("ab@cd.e", redactor.text("ab@cd.e"));
    assertEquals("ab@c.d1", redactor.text("ab@c.d1"));
    assertEquals("ab@c..de", redactor.text("ab@c..de"));
    assertEquals("ab@.cd.ef", redactor.text("ab@.cd.ef"));
    assertEquals("ab@-cd.ef", redactor.text("ab@-cd.ef"));
    assertEquals("mail a***@b.com.", redactor.text("mail a@b.com."), "trailing dots stay out");
    assertEquals("a***@b-c.com-", redactor.text("a@b-c.com-"));
    assertEquals("(a***@b.co)", redactor.text("(a@b.co)"));
  }

  @Test
  void aLocalPartStartingWithAnEmojiKeepsItWhole() {
    assertEquals("\uD83D\uDE00***@example.com", redactor.text("\uD83D\uDE00x@example.com"));
  }

  @Test
  void aLabelIsNeverCutInsideASurrogatePair() {
    assertEquals("ab…", redactor.label("ab\uD83D\uDE00", 3));
    assertEquals("ab\uD83D\uDE00…", redactor.label("ab\uD83D\uDE00c", 4));
    assertEquals("abc", redactor.label("abc", 3));
    assertNull(redactor.label(null, 3));
    assertNull(redactor.text(null));
    assertEquals("a\uFFFD", redactor.label("a\u007F", 10), "DEL is a control character");
    assertEquals("a ~", redactor.label("a ~", 10));
  }
}
