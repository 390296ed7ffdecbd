package dev.hooky.runtime.parse;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.hooky.customerio.event.CustomerIoEvent;
import dev.hooky.runtime.testing.OddBodies;
import dev.hooky.runtime.testing.OddBodies.OddBody;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link EventParser} on every body of {@link OddBodies}, built as the server builds it (its string
 * limit is the body limit): the odd ones parse with their documented fields, the broken ones end in
 * a {@link MalformedEventException} with a short reason, and {@link EventParser#readWhatCan} reads
 * their id and name without throwing. Then truncated and mutated bodies: nothing but that exception
 * ever leaves the parser.
 */
class OddBodiesParseTest {
  private final EventParser parser = new EventParser(OddBodies.BODY_LIMIT);

  static Stream<OddBody> parsing() {
    return OddBodies.parsing().stream();
  }

  static Stream<OddBody> quarantined() {
    return OddBodies.quarantined().stream();
  }

  static Stream<OddBody> all() {
    return OddBodies.all().stream();
  }

  @Test
  void theCorpusHasAtLeastThirtyFiveBodiesOfBothKinds() {
    assertTrue(OddBodies.all().size() >= 35, "only " + OddBodies.all().size());
    assertTrue(OddBodies.parsing().size() >= 15);
    assertTrue(OddBodies.quarantined().size() >= 15);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("parsing")
  void parsesWithItsDocumentedFields(OddBody odd) {
    CustomerIoEvent event = assertDoesNotThrow(() -> parser.parse(odd.body()), odd.name());

    assertEquals(odd.eventName(), event.name());
    assertEquals(odd.eventId(), event.eventId());
    assertTrue(odd.fields().test(event), () -> odd.name() + ": " + event);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("quarantined")
  void isRefusedWithAShortClearReason(OddBody odd) {
    MalformedEventException e =
        assertThrows(MalformedEventException.class, () -> parser.parse(odd.body()), odd.name());

    String reason = e.getMessage();
    assertTrue(reason.contains(odd.reason()), () -> "reason: " + reason);
    assertTrue(reason.length() <= 300, () -> "reason too long: " + reason);
    assertFalse(reason.contains("\n"), reason);
    assertFalse(reason.contains("StreamReadConstraints") || reason.contains("JsonReadFeature")
        || reason.contains("[Source"), () -> "Jackson's words, not Hooky's: " + reason);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("all")
  void whatCanBeReadIsItsIdAndName(OddBody odd) {
    PartialEvent partial = assertDoesNotThrow(() -> parser.readWhatCan(odd.body()));

    assertEquals(odd.eventId(), partial.eventId());
    assertEquals(odd.eventName(), partial.eventName());
  }

  @Test
  void nothingButAMalformedEventLeavesTheParserForAnyCutOfAnyBody() {
    for (OddBody odd : OddBodies.all()) {
      byte[] body = odd.body();
      if (body.length > 20_000) {
        continue;
      }
      for (int length = 0; length < body.length; length++) {
        byte[] cut = Arrays.copyOf(body, length);
        assertParsedOrMalformed(cut, odd.name() + " cut at " + length);
      }
    }
  }

  @Test
  void nothingButAMalformedEventLeavesTheParserForMutatedBodies() {
    Random random = new Random(20_261_206L);
    List<OddBody> small =
        OddBodies.all().stream().filter(odd -> odd.body().length < 20_000).toList();
    byte[] interesting = {'{', '}', '[', ']', '"', '\\', ':', ',', '0', '9', '.', 'e', '-', 0,
        (byte) 0x80, (byte) 0xC3, (byte) 0xED, (byte) 0xF4, (byte) 0xFF, ' '};
    for (int round = 0; round < 10_000; round++) {
      OddBody odd = small.get(random.nextInt(small.size()));
      byte[] body = odd.body().clone();
      if (body.length == 0) {
        continue;
      }
      int changes = 1 + random.nextInt(3);
      for (int i = 0; i < changes; i++) {
        body[random.nextInt(body.length)] = random.nextBoolean()
            ? interesting[random.nextInt(interesting.length)] : (byte) random.nextInt(256);
      }
      assertParsedOrMalformed(body, odd.name() + " mutated in round " + round);
    }
  }

  private void assertParsedOrMalformed(byte[] body, String what) {
    try {
      CustomerIoEvent event = parser.parse(body);
      assertFalse(event.eventId().isBlank(), what);
    } catch (MalformedEventException expected) {
      assertFalse(expected.getMessage().isBlank(), what);
    } catch (RuntimeException e) {
      fail(what + ": " + e, e);
    }
    try {
      parser.readWhatCan(body);
    } catch (RuntimeException e) {
      fail("readWhatCan, " + what + ": " + e, e);
    }
  }
}
