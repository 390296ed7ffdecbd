package dev.hooky.customerio.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hooky.customerio.CustomerIoEventType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The collections the records hold are copies their callers cannot change. */
class EventCollectionsTest {
  private static final PushRecipient ANDROID = new PushRecipient("fcm-token-abc", "android", null);
  private static final PushRecipient IOS =
      new PushRecipient("apns-token-def", "ios", "BadDeviceToken");

  private static PushEvent push(List<PushRecipient> recipients) {
    return new PushEvent(TestEvents.EVENT_ID, CustomerIoEventType.PUSH_SENT, TestEvents.SENT,
        null, null, null, null, recipients, null, null, null, null, null);
  }

  private static EmailEvent email(Map<String, List<String>> headers) {
    return new EmailEvent(TestEvents.EVENT_ID, CustomerIoEventType.EMAIL_SENT,
        TestEvents.SENT, null, null, null, null, "test@example.com", "Welcome", null, null,
        null, null, null, null, null, "<html></html>", headers, null);
  }

  @Test
  void pushRecipientsAreCopied() {
    List<PushRecipient> recipients = new ArrayList<>(List.of(ANDROID));
    PushEvent event = push(recipients);

    recipients.add(IOS);
    recipients.set(0, IOS);

    assertEquals(List.of(ANDROID), event.recipients());
  }

  @Test
  void pushRecipientsAreUnmodifiable() {
    PushEvent event = push(new ArrayList<>(List.of(ANDROID, IOS)));

    assertThrows(UnsupportedOperationException.class, () -> event.recipients().add(ANDROID));
    assertThrows(UnsupportedOperationException.class, () -> event.recipients().remove(0));
    assertEquals(List.of(ANDROID, IOS), event.recipients());
  }

  @Test
  void missingPushRecipientsAreEmpty() {
    assertEquals(List.of(), push(null).recipients());
  }

  @Test
  void emailHeadersAreCopied() {
    List<String> values = new ArrayList<>(List.of("customvalue1"));
    Map<String, List<String>> headers = new LinkedHashMap<>();
    headers.put("Customheader1", values);
    EmailEvent event = email(headers);

    values.add("customvalue2");
    headers.put("Customheader2", List.of("other"));

    assertEquals(Map.of("Customheader1", List.of("customvalue1")), event.headers());
  }

  @Test
  void emailHeadersAreUnmodifiable() {
    EmailEvent event = email(Map.of("Customheader1", List.of("customvalue1")));

    assertThrows(UnsupportedOperationException.class,
        () -> event.headers().put("Customheader2", List.of("other")));
    assertThrows(UnsupportedOperationException.class,
        () -> event.headers().get("Customheader1").add("customvalue2"));
    assertEquals(Map.of("Customheader1", List.of("customvalue1")), event.headers());
  }

  @Test
  void missingEmailHeadersAreEmpty() {
    assertEquals(Map.of(), email(null).headers());
  }

  @Test
  void nullPushRecipientsAreDropped() {
    assertEquals(List.of(ANDROID), push(Arrays.asList(null, ANDROID, null)).recipients());
  }

  @Test
  void nullHeaderValuesAreDropped() {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    headers.put("Missing", null);
    headers.put("Sparse", Arrays.asList("a", null, "b"));

    assertEquals(Map.of("Missing", List.of(), "Sparse", List.of("a", "b")), email(headers).headers());
  }
}
