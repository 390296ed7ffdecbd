package dev.hooky;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DeliveryTest {
  private static final String EVENT_ID = "01E4C4CT6YDC7Y5M7FE1GWWPQJ";
  private static final Instant RECEIVED_AT = Instant.ofEpochSecond(1_613_063_090L);
  private static final String SIGNATURE =
      "b01e7dfc3ce67eaab1010b7021b86ce2ba12677d191e0e04b14cd859e347f866";

  /** A builder with the required fields set. */
  private static Delivery.Builder delivery() {
    return Delivery.builder().eventId(EVENT_ID).receivedAt(RECEIVED_AT);
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void keepsItsFields() {
    Delivery delivery = delivery().attempt(3).build();

    assertEquals(EVENT_ID, delivery.eventId());
    assertEquals(3, delivery.attempt());
    assertEquals(RECEIVED_AT, delivery.receivedAt());
  }

  @Test
  void defaultsToTheFirstAttemptWithNoHeadersAndAnEmptyBody() {
    Delivery delivery = delivery().build();

    assertEquals(1, delivery.attempt());
    assertEquals(Map.of(), delivery.headers());
    assertEquals(0, delivery.body().length);
    assertEquals("", delivery.bodyAsString());
  }

  @Test
  void eventIdIsRequired() {
    Delivery.Builder builder = Delivery.builder().receivedAt(RECEIVED_AT);

    NullPointerException e = assertThrows(NullPointerException.class, builder::build);
    assertTrue(e.getMessage().contains("eventId"), e.getMessage());
  }

  @Test
  void receivedAtIsRequired() {
    Delivery.Builder builder = Delivery.builder().eventId(EVENT_ID);

    NullPointerException e = assertThrows(NullPointerException.class, builder::build);
    assertTrue(e.getMessage().contains("receivedAt"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -1, Integer.MIN_VALUE})
  void attemptBelowOneIsRejected(int attempt) {
    Delivery.Builder builder = delivery().attempt(attempt);

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, builder::build);
    assertTrue(e.getMessage().contains(String.valueOf(attempt)), e.getMessage());
  }

  @Test
  void headerNamesAreCaseInsensitive() {
    Delivery delivery = delivery()
        .header("X-CIO-Signature", SIGNATURE)
        .header("X-CIO-Timestamp", "1715784949")
        .build();

    assertEquals(Optional.of(SIGNATURE), delivery.header("x-cio-signature"));
    assertEquals(Optional.of(SIGNATURE), delivery.header("X-CIO-SIGNATURE"));
    assertEquals(List.of("1715784949"), delivery.headers().get("x-cio-timestamp"));
    assertEquals(Optional.empty(), delivery.header("Content-Type"));
  }

  @Test
  void multiValuedHeadersKeepTheirOrder() {
    Delivery delivery = delivery()
        .header("Accept", "application/json")
        .header("accept", "text/plain")
        .header("ACCEPT", "*/*")
        .build();

    assertEquals(
        List.of("application/json", "text/plain", "*/*"), delivery.headers().get("Accept"));
    assertEquals(Optional.of("application/json"), delivery.header("accept"));
    assertEquals(1, delivery.headers().size());
  }

  @Test
  void headersAreUnmodifiable() {
    Delivery delivery = delivery().header("X-CIO-Signature", SIGNATURE).build();

    assertThrows(UnsupportedOperationException.class,
        () -> delivery.headers().put("X-Other", List.of("value")));
    assertThrows(UnsupportedOperationException.class,
        () -> delivery.headers().get("X-CIO-Signature").add("forged"));
    assertThrows(UnsupportedOperationException.class, () -> delivery.headers().clear());
    assertEquals(Map.of("X-CIO-Signature", List.of(SIGNATURE)), Map.copyOf(delivery.headers()));
  }

  @Test
  void headersAddedToTheBuilderLaterDoNotChangeABuiltDelivery() {
    Delivery.Builder builder = delivery().header("X-CIO-Signature", SIGNATURE);
    Delivery delivery = builder.build();

    builder.header("X-CIO-Signature", "forged").header("X-Other", "value");

    assertEquals(List.of(SIGNATURE), delivery.headers().get("X-CIO-Signature"));
    assertEquals(Optional.empty(), delivery.header("X-Other"));
  }

  @Test
  void aBuilderUsedAgainAfterBuildKeepsNamesCaseInsensitiveForEveryDelivery() {
    Delivery.Builder builder = delivery().header("X-CIO-Signature", SIGNATURE);
    Delivery first = builder.build();
    Delivery second = builder.header("x-cio-signature", "second").header("X-Other", "v").build();

    assertEquals(List.of(SIGNATURE), first.headers().get("x-cio-SIGNATURE"));
    assertEquals(List.of(SIGNATURE, "second"), second.headers().get("X-CIO-SIGNATURE"));
    assertEquals(Optional.of("v"), second.header("x-other"));
    assertEquals(1, first.headers().size());
  }

  @Test
  void bodyIsACopy() {
    byte[] sent = utf8("{\"metric\":\"sent\"}");
    Delivery delivery = delivery().body(sent).build();
    sent[0] = 'X';

    byte[] returned = delivery.body();
    returned[1] = 'X';

    assertArrayEquals(utf8("{\"metric\":\"sent\"}"), delivery.body());
    assertEquals("{\"metric\":\"sent\"}", delivery.bodyAsString());
  }

  @Test
  void bodyAsStringDecodesUtf8() {
    String text = "{\"subject\":\"Caf\u00e9 \u2713 \uD83D\uDE80\"}";

    Delivery delivery = delivery().body(utf8(text)).build();

    assertEquals(text, delivery.bodyAsString());
  }

  @Test
  void builderRejectsNulls() {
    Delivery.Builder builder = delivery();

    assertThrows(NullPointerException.class, () -> builder.header(null, "value"));
    assertThrows(NullPointerException.class, () -> builder.header("X-CIO-Signature", null));
    assertThrows(NullPointerException.class, () -> builder.body(null));
  }

  @Test
  void aNullHeaderNameIsRejectedWithOrWithoutHeaders() {
    Delivery bare = Delivery.builder().eventId("e").receivedAt(Instant.EPOCH).build();
    Delivery withHeader = Delivery.builder().eventId("e").receivedAt(Instant.EPOCH)
        .header("X-CIO-Timestamp", "1").build();

    assertEquals("name == null",
        assertThrows(NullPointerException.class, () -> bare.header(null)).getMessage());
    assertEquals("name == null",
        assertThrows(NullPointerException.class, () -> withHeader.header(null)).getMessage());
  }
}
