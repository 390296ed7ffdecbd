package dev.hooky.runtime.inbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PackedSummaryTest {
  private static final String ODD = "a\u0000b\uD800c\uDC00é漢😀" + "x".repeat(70_000);

  @Test
  void everyPartComesBackExactlyAsPacked() {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    headers.put("X-CIO-Signature", List.of("ab12"));
    headers.put("X-Forwarded-For", List.of("10.0.0.1", "", ODD));
    headers.put("Content-Type", List.of("application/json"));
    List<AttemptRecord> history = List.of(
        new AttemptRecord(1, "H.a(EmailEvent)", Instant.ofEpochSecond(1_767_225_600L, 999_999_999),
            Duration.ofNanos(1_234_567), null),
        new AttemptRecord(2, "H.b(EmailEvent)", Instant.ofEpochSecond(-5, 1),
            Duration.ofSeconds(3_000_000L, 7), ODD),
        new AttemptRecord(Integer.MAX_VALUE, AttemptRecord.REPLAY, Instant.MAX, Duration.ZERO, ""));

    PackedSummary packed = PackedSummary.pack("cüst-1 ÿ", ODD, null, headers, history);

    assertEquals("cüst-1 ÿ", packed.customerId());
    assertEquals(ODD, packed.customerEmail());
    assertNull(packed.deliveryId());
    assertEquals(headers, packed.headers());
    assertEquals(new ArrayList<>(headers.keySet()), new ArrayList<>(packed.headers().keySet()));
    assertEquals(history, packed.history());
    assertEquals(Duration.ofNanos(1_234_567).plus(Duration.ofSeconds(3_000_000L, 7)),
        packed.totalDuration());
  }

  @Test
  void textJustBeyondLatin1ComesBackExactly() {
    // U+00FF is the last character packed in one byte, U+0100 the first that takes two.
    PackedSummary packed = PackedSummary.pack("\u0100", "\u00ff\u0100", "\u00ff",
        Map.of("X-\u0100", List.of("\u0100\u0101")), List.of());

    assertEquals("\u0100", packed.customerId());
    assertEquals("\u00ff\u0100", packed.customerEmail());
    assertEquals("\u00ff", packed.deliveryId());
    assertEquals(Map.of("X-\u0100", List.of("\u0100\u0101")), packed.headers());
  }

  @Test
  void emptyPartsStayEmptyAndTheHistoryCanBeAddedTo() {
    PackedSummary packed = PackedSummary.pack(null, "", "d-1", Map.of(), List.of());

    assertNull(packed.customerId());
    assertEquals("", packed.customerEmail());
    assertEquals("d-1", packed.deliveryId());
    assertTrue(packed.headers().isEmpty());
    assertEquals(Duration.ZERO, packed.totalDuration());
    List<AttemptRecord> history = packed.history();
    history.add(new AttemptRecord(1, "h", Instant.EPOCH, Duration.ZERO, null));
    assertEquals(1, history.size());
    assertTrue(packed.history().isEmpty());
  }
}
