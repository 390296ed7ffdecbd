package dev.hooky.runtime.inbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** A query asks for 1 to 1,000 deliveries: an inbox never scans or returns more at once. */
class DeliveryQueryTest {
  @Test
  void aLimitFromOneToAThousandIsAQuery() {
    assertEquals(1, DeliveryQuery.latest(1).limit());
    assertEquals(1000, DeliveryQuery.latest(1000).limit());
  }

  @Test
  void anyOtherLimitIsRefusedSayingWhy() {
    for (int limit : new int[] {0, -1, 1001}) {
      assertEquals("limit must be 1 to 1000: " + limit, assertThrows(
          IllegalArgumentException.class, () -> DeliveryQuery.latest(limit)).getMessage());
    }
  }
}
