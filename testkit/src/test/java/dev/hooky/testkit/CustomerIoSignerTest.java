package dev.hooky.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CustomerIoSignerTest {
  private static final byte[] BODY = "{\"userId\":\"1\",\"marketingCtaId\":\"worlds-best-campaign\"}"
      .getBytes(StandardCharsets.UTF_8);

  @Test
  void matchesTheReferenceTestVector() {
    assertEquals("b01e7dfc3ce67eaab1010b7021b86ce2ba12677d191e0e04b14cd859e347f866",
        CustomerIoSigner.signature("topsecret", "1715784949", BODY));
    assertEquals("a14623a4919bd5e7a9a81196a6bb081ad984fcbe6045c2c9f5a7c18b5dd27afc",
        CustomerIoSigner.signature("topsecret2", "1715784949", BODY));
  }

  @Test
  void headersCarryTheTimestampAndItsSignature() {
    Map<String, String> headers =
        CustomerIoSigner.headers(BODY, "topsecret", Instant.ofEpochSecond(1_715_784_949L));

    assertEquals(Map.of("X-CIO-Timestamp", "1715784949", "X-CIO-Signature",
        "b01e7dfc3ce67eaab1010b7021b86ce2ba12677d191e0e04b14cd859e347f866"), headers);
  }
}
