package dev.hooky.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hooky.customerio.OnCustomerIoEvent;
import dev.hooky.customerio.event.EmailEvent;
import dev.hooky.customerio.event.SmsEvent;
import dev.hooky.runtime.inbox.AttemptRecord;
import dev.hooky.runtime.inbox.DeliveryRecord;
import dev.hooky.runtime.inbox.DeliveryStatus;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** A test written the way a user would, with the extension doing the plumbing. */
@HookyTest
class HookyTestExtensionTest {

  /** The user's handlers, here recording what they see; bounces of fail@… throw. */
  static final class BounceHandlers {
    final List<String> bounced = new CopyOnWriteArrayList<>();
    final List<String> delivered = new CopyOnWriteArrayList<>();

    @OnCustomerIoEvent("email_bounced")
    void bounced(EmailEvent event) {
      if (event.recipient().startsWith("fail@")) {
        throw new IllegalStateException("suppression list unavailable");
      }
      bounced.add(event.recipient());
    }

    @OnCustomerIoEvent("sms_delivered")
    void delivered(SmsEvent event) {
      delivered.add(event.recipient());
    }
  }

  @HookyHandler
  final BounceHandlers handlers = new BounceHandlers();

  @Test
  void sentFixturesReachTheHandlers(HookyClient client) {
    assertEquals(200, client.send(
        CustomerIoFixtures.emailBounced().recipient("gone@example.com").build()).statusCode());
    assertEquals(200, client.send(
        CustomerIoFixtures.smsDelivered().recipient("+15550001111").build()).statusCode());

    List<DeliveryRecord> records = client.awaitHandled();

    assertEquals(List.of("gone@example.com"), handlers.bounced);
    assertEquals(List.of("+15550001111"), handlers.delivered);
    assertTrue(records.stream().allMatch(r -> r.status() == DeliveryStatus.HANDLED));
  }

  @Test
  void eventsNoHandlerWantsAreUnhandled(HookyClient client) {
    client.send(CustomerIoFixtures.pushOpened().build());

    assertEquals(DeliveryStatus.UNHANDLED, client.awaitHandled().get(0).status());
  }

  @Test
  void aFailingHandlerFailsAwaitHandledWithItsNameAndError(HookyClient client) {
    client.send(CustomerIoFixtures.smsDelivered().build());
    CustomerIoFixture failing =
        CustomerIoFixtures.emailBounced().recipient("fail@example.com").build();
    client.send(failing);

    AssertionError error = assertThrows(AssertionError.class, client::awaitHandled);

    String message = error.getMessage();
    assertTrue(message.startsWith("handler"
        + " HookyTestExtensionTest.BounceHandlers.bounced(EmailEvent) failed for email_bounced " + failing.eventId() + " (attempt 1):"
        + " IllegalStateException: suppression list unavailable"), message);
    assertTrue(message.contains("awaitOutcome()"), message);
    assertEquals(1, message.lines().filter(line -> line.startsWith("handler ")).count(),
        "only the failing handler is named: " + message);
  }

  @Test
  void awaitOutcomeReturnsTheFailedAttemptForTestsOfFailurePaths(HookyClient client) {
    CustomerIoFixture failing =
        CustomerIoFixtures.emailBounced().recipient("fail@example.com").build();
    client.send(failing);

    DeliveryRecord record = client.awaitOutcome().get(0);

    assertEquals(failing.eventId(), record.eventId());
    assertEquals(DeliveryStatus.RETRYING, record.status());
    assertEquals("HookyTestExtensionTest.BounceHandlers.bounced(EmailEvent):"
        + " IllegalStateException: suppression list unavailable", record.lastError());
    AttemptRecord call = record.history().get(0);
    assertEquals(1, call.attempt());
    assertEquals("IllegalStateException: suppression list unavailable", call.error());
    assertTrue(handlers.bounced.isEmpty());
  }

  @Test
  void awaitOutcomeReturnsSuccessesToo(HookyClient client) {
    client.send(CustomerIoFixtures.smsDelivered().build());

    DeliveryRecord record = client.awaitOutcome().get(0);

    assertEquals(DeliveryStatus.HANDLED, record.status());
    assertNull(record.lastError());
  }

  @Test
  void theUnhappyPathsAreRejectedWithTheirReasons(HookyClient client) {
    CustomerIoFixture fixture = CustomerIoFixtures.smsDelivered().build();

    assertRejected(client.sendWithWrongKey(fixture), "signature mismatch");
    assertRejected(client.sendTampered(fixture), "signature mismatch");
    assertRejected(client.sendSignedAgo(fixture, Duration.ofDays(9)), "stale timestamp");
    assertTrue(handlers.delivered.isEmpty());
  }

  @Test
  void aResendIsADuplicate(HookyClient client) {
    CustomerIoFixture fixture = CustomerIoFixtures.smsDelivered().build();
    client.send(fixture);
    HttpResponse<String> again = client.send(fixture);

    assertEquals("duplicate", again.body().strip());
    client.awaitHandled();
    assertEquals(1, handlers.delivered.size());
  }

  private static void assertRejected(HttpResponse<String> response, String reason) {
    assertEquals(401, response.statusCode());
    assertTrue(response.body().startsWith(reason), response.body());
  }
}
