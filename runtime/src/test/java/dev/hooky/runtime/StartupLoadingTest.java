package dev.hooky.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hooky.customerio.CustomerIoEventType;
import dev.hooky.runtime.parse.EventParser;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class StartupLoadingTest {
  private static final EventParser PARSER = new EventParser();

  /** Else the warm-up would skip that type's classes, silently (it ignores failures). */
  @ParameterizedTest
  @EnumSource(CustomerIoEventType.class)
  void theWarmUpSampleOfEachTypeParsesAsThatType(CustomerIoEventType type) throws Exception {
    assertEquals(type, PARSER.parse(StartupLoading.sampleBody(type)).type());
  }
}
