package dev.hooky.runtime.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The exact edges of the parser's limits: the last value each one lets through and the first it
 * stops, and the encodings it refuses even when Jackson could read them.
 */
class ParseLimitEdgesTest {
  private static final String NOT_UTF8 = "body is not UTF-8 (it looks like UTF-16 or UTF-32)";
  /** An event without data: nothing is sliced by byte offset, so only the check finds UTF-16. */
  private static final String NO_DATA =
      "{\"event_id\":\"u\",\"object_type\":\"email\",\"metric\":\"sent\"}";

  private final EventParser parser = new EventParser();

  @Test
  void tenToTheElevenIsStillSecondsAndOneMoreIsMilliseconds() throws Exception {
    assertEquals(Optional.of(Instant.ofEpochSecond(100_000_000_000L)),
        timestampOf("100000000000"));
    assertEquals(Optional.of(Instant.ofEpochSecond(100_000_000L)), timestampOf("100000000001"));
  }

  @Test
  void theLastSecondOfTheYear9999IsTheLatestTimestamp() throws Exception {
    assertEquals(Optional.of(Instant.parse("9999-12-31T23:59:59Z")),
        timestampOf("253402300799000"));
    assertEquals(Optional.of(Instant.parse("9999-12-31T23:59:59Z")),
        timestampOf("253402300799999"), "milliseconds are truncated to the second");
    assertEquals(Optional.empty(), timestampOf("253402300800000"));
  }

  @Test
  void aTimestampStringOfFortyCharactersIsReadAndOfFortyOneIsNot() throws Exception {
    String forty = "0".repeat(30) + "1713484800";

    assertEquals(Optional.of(Instant.ofEpochSecond(1_713_484_800L)),
        timestampOf("\"" + forty + "\""));
    assertEquals(Optional.empty(), timestampOf("\"0" + forty + "\""));
  }

  @Test
  void anEventIdOf256CharactersIsKeptAndOneOf257IsRefused() throws Exception {
    String longest = "i".repeat(EventParser.MAX_EVENT_ID_LENGTH);

    assertEquals(longest, parser.parse(bytes(withEventId(longest))).eventId());
    MalformedEventException e = assertThrows(MalformedEventException.class,
        () -> parser.parse(bytes(withEventId(longest + "i"))));
    assertEquals("event_id longer than 256 characters", e.getMessage());
  }

  @Test
  void utf16IsRefusedWithOrWithoutAByteOrderMarkEvenWhenNothingIsSliced() {
    byte[] le = NO_DATA.getBytes(StandardCharsets.UTF_16LE);
    byte[] be = NO_DATA.getBytes(StandardCharsets.UTF_16BE);
    for (byte[] body : new byte[][] {le, be, withMark(0xff, 0xfe, le), withMark(0xfe, 0xff, be)}) {
      MalformedEventException e =
          assertThrows(MalformedEventException.class, () -> parser.parse(body));
      assertEquals(NOT_UTF8, e.getMessage());
    }
  }

  @Test
  void aTwoByteUtf16BodyIsRefusedAsUtf16() {
    // "{" in UTF-16BE and UTF-16LE: the shortest bodies the check looks at.
    for (byte[] body : new byte[][] {{0, '{'}, {'{', 0}}) {
      MalformedEventException e =
          assertThrows(MalformedEventException.class, () -> parser.parse(body));
      assertEquals(NOT_UTF8, e.getMessage());
    }
  }

  private Optional<Instant> timestampOf(String timestamp) throws Exception {
    return parser.parse(bytes("{\"event_id\":\"t\",\"object_type\":\"email\",\"metric\":\"sent\","
        + "\"timestamp\":" + timestamp + "}")).timestamp();
  }

  private static String withEventId(String eventId) {
    return "{\"event_id\":\"" + eventId + "\",\"object_type\":\"email\",\"metric\":\"sent\"}";
  }

  private static byte[] withMark(int first, int second, byte[] rest) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.write(first);
    body.write(second);
    body.writeBytes(rest);
    return body.toByteArray();
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
