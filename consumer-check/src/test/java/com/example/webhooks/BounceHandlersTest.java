package com.example.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hooky.runtime.inbox.DeliveryRecord;
import dev.hooky.runtime.inbox.DeliveryStatus;
import dev.hooky.testkit.CustomerIoFixtures;
import dev.hooky.testkit.HookyClient;
import dev.hooky.testkit.HookyHandler;
import dev.hooky.testkit.HookyTest;
import org.junit.jupiter.api.Test;

/** A user's test, written as docs/setup.md shows. */
@HookyTest
class BounceHandlersTest {
  @HookyHandler
  final BounceHandlers handlers = new BounceHandlers();

  @Test
  void bouncesAreSuppressed(HookyClient client) {
    client.send(CustomerIoFixtures.emailBounced().recipient("gone@example.com").build());
    client.awaitHandled();
    assertTrue(handlers.isSuppressed("gone@example.com"));
  }

  @Test
  void aFailingHandlerIsReported(HookyClient client) {
    client.send(CustomerIoFixtures.emailBounced().recipient("a@unreachable.example").build());
    assertThrows(AssertionError.class, client::awaitHandled);
    DeliveryRecord record = client.awaitOutcome().get(0);
    assertEquals(DeliveryStatus.RETRYING, record.status());
  }

  @Test
  void forgeriesAreRefused(HookyClient client) {
    assertEquals(401,
        client.sendWithWrongKey(CustomerIoFixtures.smsDelivered().build()).statusCode());
  }
}
