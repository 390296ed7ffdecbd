package dev.hooky.customerio.event;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hooky.customerio.event.Attribution.Source;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AttributionTest {

  private static Attribution campaign() {
    return new Attribution(5L, null, null, null, null, null, null, 96L, 1L, "01GW20GX", "21E4C3CT");
  }

  private static Attribution broadcast() {
    return new Attribution(null, 2L, null, null, null, null, null, 42L, null, null, null);
  }

  private static Attribution apiTriggeredBroadcast() {
    return new Attribution(null, 2L, 1L, null, null, null, null, 96L, null, "01GW20GX", null);
  }

  private static Attribution triggerOnly() {
    return new Attribution(null, null, 1L, null, null, null, null, null, null, null, null);
  }

  private static Attribution newsletter() {
    return new Attribution(null, null, null, 10L, 3L, null, null, null, null, null, null);
  }

  private static Attribution transactional() {
    return new Attribution(null, null, null, null, null, 7L, null, null, null, null, null);
  }

  private static Attribution transactionalByName() {
    return new Attribution(
        null, null, null, null, null, null, "password_reset", null, null, null, null);
  }

  private static Attribution actionOnly() {
    return new Attribution(null, null, null, null, null, null, null, 96L, 1L, "01GW20GX", null);
  }

  static Stream<Arguments> attributions() {
    return Stream.of(
        Arguments.of("campaign", campaign(), Source.CAMPAIGN),
        Arguments.of("broadcast", broadcast(), Source.BROADCAST),
        Arguments.of("API triggered broadcast", apiTriggeredBroadcast(), Source.BROADCAST),
        Arguments.of("broadcast with trigger id only", triggerOnly(), Source.BROADCAST),
        Arguments.of("newsletter", newsletter(), Source.NEWSLETTER),
        Arguments.of("transactional", transactional(), Source.TRANSACTIONAL),
        Arguments.of("transactional by name", transactionalByName(), Source.TRANSACTIONAL),
        Arguments.of("none", Attribution.NONE, Source.UNKNOWN),
        Arguments.of("action ids only", actionOnly(), Source.UNKNOWN));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("attributions")
  void sourceIsJudgedByTheIdsPresent(String description, Attribution attribution,
      Source expected) {
    assertEquals(expected, attribution.source(), description);
  }
}
