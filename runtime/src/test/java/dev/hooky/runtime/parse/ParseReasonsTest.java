package dev.hooky.runtime.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hooky.customerio.event.EmailEvent;
import dev.hooky.customerio.event.Identifiers;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The exact reason a refused body is quarantined with. The reason is what an operator reads in
 * Live Logs to fix the sender, so each kind of fault is pinned word for word, with where it is.
 */
class ParseReasonsTest {
  private static final String EVENT =
      "\"event_id\":\"a\",\"object_type\":\"email\",\"metric\":\"sent\"";

  private final EventParser parser = new EventParser();

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "[1]   | an array",
      "'\"s\"' | a string",
      "1     | a number",
      "1.5   | a number",
      "true  | a boolean",
      "false | a boolean",
      "null  | null",
  })
  void aBodyThatIsNotAnObjectSaysWhatItIs(String body, String what) {
    assertEquals("body is not a JSON object but " + what, reasonFor(body));
  }

  @Test
  void malformedJsonSaysAtWhichByteAndInWhichField() {
    assertEquals("malformed JSON at byte 0: Unexpected close marker '}': no open Object to close",
        reasonFor("}"));
    assertEquals("malformed JSON at byte 6 (in /a): Invalid numeric value: Leading zeroes not"
        + " allowed", reasonFor("{\"a\":01}"));
    assertEquals("malformed JSON at byte 1: Unexpected character ('a' (code 97)): was expecting"
        + " double-quote to start field name", reasonFor("{a:1}"));
  }

  @Test
  void jacksonsAdviceToItsOwnUserIsLeftOut() {
    // Jackson adds ": enable `JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS` to allow".
    assertEquals("malformed JSON at byte 8 (in /a): Non-standard token 'NaN'",
        reasonFor("{\"a\":NaN}"));
  }

  @Test
  void whereAnUnclosedBracketOpenedIsLeftOut() {
    // Jackson adds where the array or object began, with a "[Source: REDACTED ...]" location.
    assertEquals("malformed JSON at byte 9 (in /a/1): Unexpected close marker '}': expected ']'",
        reasonFor("{\"a\":[1,2}"));
    assertEquals("malformed JSON at byte 7 (in /a): Unexpected end-of-input: expected close"
        + " marker for Object", reasonFor("{\"a\":{}"));
  }

  @Test
  void illFormedUtf8NamesTheByteAndWhereItIs() {
    assertEquals("body is not UTF-8: invalid start byte 0x80 at byte 7 (in /a)",
        reasonFor(bytes("{\"a\":\"", 0x80, "\"}")));
    assertEquals("body is not UTF-8: invalid middle byte 0x78 at byte 8 (in /a)",
        reasonFor(bytes("{\"a\":\"", 0xc3, "x\"}")));
    assertEquals("body is not UTF-8: invalid start byte 0xff at byte 15 (in /data/s)",
        reasonFor(bytes("{\"data\":{\"s\":\"", 0xff, "\"}}")));
    // An encoded surrogate: in a value Jackson names its bytes, in a field name the character.
    assertEquals("body is not UTF-8: surrogate (lead byte 0xed, second byte 0xa0) at byte 8"
        + " (in /a)", reasonFor(bytes("{\"a\":\"", 0xed, 0xa0, 0x80, "\"}")));
    // Jackson writes "Illegal surrogate character"; the reason continues a sentence.
    assertEquals("body is not UTF-8: illegal surrogate character 0xd800 at byte 6",
        reasonFor(bytes("{\"", 0xed, 0xa0, 0x80, "\":1}")));
    // Jackson's message here is lower case already.
    assertEquals("body is not UTF-8: overlong 2-byte encoding of 0x0 at byte 5",
        reasonFor(bytes("{\"", 0xc0, 0x80, "\":1}")));
  }

  @Test
  void aDuplicateKeySaysWhichAndWhere() {
    assertEquals("duplicate key \"x\" at /data/x",
        reasonFor("{" + EVENT + ",\"data\":{\"x\":1,\"x\":2}}"));
  }

  @Test
  void aQuotedFieldNameIsShortenedAfterTwoHundredCharacters() {
    String longest = "n".repeat(200);
    assertEquals("duplicate key \"" + longest + "\" at /" + longest.substring(1) + "...",
        reasonFor("{\"" + longest + "\":1,\"" + longest + "\":2}"));

    String tooLong = longest + "n";
    assertEquals("duplicate key \"" + longest + "...\" at /" + longest.substring(1) + "...",
        reasonFor("{\"" + tooLong + "\":1,\"" + tooLong + "\":2}"));
  }

  @Test
  void aReasonEndingInHalfASurrogatePairEndsInAReplacementCharacter() {
    // Jackson refuses a lone surrogate in a field name, so the reason is built directly here.
    assertEquals("duplicate key \"\uFFFD\"", new MalformedEventException(
        "duplicate key \"\uD83D\"").getMessage());
    assertEquals("ends with \uFFFD", new MalformedEventException("ends with \uD83D").getMessage());
  }

  @Test
  void aWholeSurrogatePairQuotedInAReasonIsKept() {
    assertEquals("duplicate key \"\uD83D\uDE00\" at /\uD83D\uDE00",
        reasonFor("{\"\\ud83d\\ude00\":1,\"\\ud83d\\ude00\":2}"));
  }

  @Test
  void aQuotedValueIsCutAtItsFirstLineBreak() {
    assertEquals("legacy Customer.io webhook format (event_type \"x\"); Hooky reads reporting"
        + " webhooks, which carry object_type and metric",
        reasonFor("{\"event_id\":\"a\",\"event_type\":\"x\\ny\"}"));
    assertEquals("legacy Customer.io webhook format (event_type \"\"); Hooky reads reporting"
        + " webhooks, which carry object_type and metric",
        reasonFor("{\"event_id\":\"a\",\"event_type\":\"\\nx\"}"));
  }

  @Test
  void eachBrokenLimitIsNamedInHookysWords() {
    assertEquals("body exceeds a parsing limit: nesting deeper than 32 levels",
        reasonFor("{\"x\":" + "[".repeat(40) + "]".repeat(40) + "}"));
    assertEquals("body exceeds a parsing limit: a number longer than 40 characters",
        reasonFor("{\"x\":" + "9".repeat(41) + "}"));
    assertEquals("body exceeds a parsing limit: a field name longer than 1024 characters",
        reasonFor("{\"" + "n".repeat(1025) + "\":1}"));
    assertEquals("body exceeds a parsing limit: a string longer than 8 characters",
        reasonFor(new EventParser(8), "{\"event_id\":\"123456789\"}"));
  }

  @Test
  void limitsInsideDataAreNamedTheSameWay() {
    assertEquals("body exceeds a parsing limit: nesting deeper than 32 levels", reasonFor(
        "{" + EVENT + ",\"data\":{\"x\":" + "[".repeat(40) + "]".repeat(40) + "}}"));
    assertEquals("body exceeds a parsing limit: a number longer than 40 characters",
        reasonFor("{" + EVENT + ",\"data\":{\"x\":" + "9".repeat(41) + "}}"));
  }

  @Test
  void theStringLimitMayBeAsSmallAsOneCharacterButNotZero() throws Exception {
    EventParser tiny = new EventParser(1);
    assertEquals("body exceeds a parsing limit: a string longer than 1 characters",
        reasonFor(tiny, "{\"event_id\":\"ab\"}"));

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new EventParser(0));
    assertEquals("maxStringLength must be positive: 0", e.getMessage());
  }

  // ------------------------------------------------------------------ fields of the wrong shape

  @Test
  void anObjectTypeThatIsNotAStringGivesWayToObjectTypeType() throws Exception {
    EmailEvent event = assertInstanceOf(EmailEvent.class, parser.parse(utf8(
        "{\"event_id\":\"a\",\"object_type\":5,\"object_type_type\":\"email\",\"metric\":\"sent\"}")));
    assertEquals("email_sent", event.type().eventName());
  }

  @Test
  void anEventWithoutIdentifiersHasNoneRatherThanNull() throws Exception {
    assertSame(Identifiers.NONE, parser.parse(utf8("{" + EVENT + ",\"data\":{}}")).identifiers());
    assertSame(Identifiers.NONE,
        parser.parse(utf8("{" + EVENT + ",\"data\":{\"identifiers\":7}}")).identifiers());
  }

  @Test
  void anIdWrittenAsAStringOfDigitsIsReadUpToTheLargestLong() throws Exception {
    assertEquals(1090L, linkId("\"1090\""), "zeros and nines are digits");
    assertEquals(1_000_000_000_000_000_000L, linkId("\"1000000000000000000\""), "19 digits");
    assertEquals(Long.MAX_VALUE, linkId("\"9223372036854775807\""));
    assertNull(linkId("\"9223372036854775808\""), "one more than a long holds");
    assertNull(linkId("\"10000000000000000000\""), "20 digits");
    assertNull(linkId("\"12a\""));
  }

  // ------------------------------------------------------------------ readWhatCan

  @Test
  void whatCanBeReadUsesObjectTypeTypeAndTheFirstOfTwo() {
    assertEquals(new PartialEvent("a", "email_sent"), parser.readWhatCan(utf8(
        "{\"event_id\":\"a\",\"object_type_type\":\"email\",\"object_type_type\":\"sms\","
            + "\"metric\":\"sent\",")));
  }

  @Test
  void anEventIdOfTheWrongShapeDoesNotCountAsASecondId() {
    assertEquals("a", parser.readWhatCan(utf8(
        "{\"event_id\":{},\"event_id\":\"a\",\"object_type\":\"email\"")).eventId());
  }

  @Test
  void aReadNameIsKeptUpTo1024Characters() {
    String objectType = "o".repeat(1000);
    String longest = objectType + "_" + "m".repeat(23);
    assertEquals(longest, nameRead("\"object_type\":\"" + objectType + "\",\"metric\":\""
        + "m".repeat(23) + "\""));
    assertEquals(PartialEvent.UNKNOWN_NAME, nameRead("\"object_type\":\"" + objectType
        + "\",\"metric\":\"" + "m".repeat(24) + "\""));

    String legacy = "e".repeat(1024);
    assertEquals(legacy, nameRead("\"event_type\":\"" + legacy + "\""));
    assertEquals(PartialEvent.UNKNOWN_NAME, nameRead("\"event_type\":\"" + legacy + "e\""));
  }

  // ------------------------------------------------------------------ helpers

  private String nameRead(String fields) {
    return parser.readWhatCan(utf8("{\"event_id\":\"a\"," + fields + "}")).eventName();
  }

  private Long linkId(String value) throws Exception {
    return assertInstanceOf(EmailEvent.class,
        parser.parse(utf8("{" + EVENT + ",\"data\":{\"link_id\":" + value + "}}"))).linkId();
  }

  private String reasonFor(String body) {
    return reasonFor(parser, body);
  }

  private String reasonFor(byte[] body) {
    return assertThrows(MalformedEventException.class, () -> parser.parse(body)).getMessage();
  }

  private static String reasonFor(EventParser parser, String body) {
    return assertThrows(MalformedEventException.class, () -> parser.parse(utf8(body)))
        .getMessage();
  }

  /** Text with raw bytes between: each {@code Integer} is one byte, each string UTF-8. */
  private static byte[] bytes(Object... parts) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (Object part : parts) {
      if (part instanceof Integer b) {
        out.write(b);
      } else {
        out.writeBytes(utf8((String) part));
      }
    }
    return out.toByteArray();
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
