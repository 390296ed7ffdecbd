package dev.hooky.runtime.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Event patterns given at run time: what passes, in what form, and what each refusal says. */
class EventPatternsTest {
  @Test
  void patternsComeBackTrimmedInOrderWithoutRepeats() {
    assertEquals(List.of("sms_delivered", "email_*", "*"),
        EventPatterns.check(List.of(" sms_delivered ", "email_*", "sms_delivered", "*", " * ")));
  }

  @Test
  void anEmptyOrNullPatternIsRefused() {
    for (List<String> patterns : List.of(List.of("  "), Arrays.asList("sms_sent", null))) {
      assertEquals("an event name is empty", refusal(patterns));
    }
    assertThrows(NullPointerException.class, () -> EventPatterns.check(null));
  }

  @Test
  void onlyAWholeChannelOrEverythingMayBeAWildcard() {
    assertEquals("\"email_**\" is not a pattern: only a whole channel (email_*) or * may be a"
        + " wildcard", refusal(List.of("email_**")));
    assertEquals("\"email_*_sent\" is not a pattern: only a whole channel (email_*) or * may be a"
        + " wildcard", refusal(List.of("email_*_sent")));
    assertEquals("\"**\" is not a pattern: only a whole channel (email_*) or * may be a wildcard",
        refusal(List.of("**")));
  }

  @Test
  void anUnknownChannelIsRefusedWithTheNearestAndTheListOfChannels() {
    String message = refusal(List.of("emial_*"));

    assertTrue(message.startsWith("unknown channel \"emial\" in \"emial_*\"; did you mean email_*?"
        + " Channels: "), message);
    assertTrue(message.contains("email, push, sms"), message);
    String far = refusal(List.of("zzzzzzzzzzzz_*"));
    assertTrue(far.startsWith("unknown channel \"zzzzzzzzzzzz\" in \"zzzzzzzzzzzz_*\" Channels: "),
        far);
  }

  @Test
  void anUnknownEventWithNothingNearIsRefusedWithoutASuggestion() {
    assertEquals("unknown event \"zzzzzzzzzzzzzzzz\" (hooky events lists them; * also matches"
        + " events the catalog does not know)", refusal(List.of("zzzzzzzzzzzzzzzz")));
  }

  private static String refusal(List<String> patterns) {
    return assertThrows(IllegalArgumentException.class, () -> EventPatterns.check(patterns))
        .getMessage();
  }
}
