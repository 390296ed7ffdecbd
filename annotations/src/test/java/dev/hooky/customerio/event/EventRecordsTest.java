package dev.hooky.customerio.event;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hooky.customerio.Channel;
import dev.hooky.customerio.CustomerIoEventType;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The checks and defaults every channel record applies in its constructor. */
class EventRecordsTest {

  /** Any catalog event of {@code channel}. */
  private static CustomerIoEventType someTypeOf(Channel channel) {
    return CustomerIoEventType.ofChannel(channel).iterator().next();
  }

  @ParameterizedTest
  @EnumSource(Channel.class)
  void recordRejectsEventsOfAnotherChannel(Channel channel) {
    String recordName = TestEvents.record(channel, someTypeOf(channel)).getClass().getSimpleName();

    Stream<Executable> checks = Stream.of(CustomerIoEventType.values())
        .filter(type -> type.channel() != channel)
        .map(type -> () -> {
          IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
              () -> TestEvents.record(channel, type), recordName + " with " + type);
          assertTrue(e.getMessage().startsWith(recordName + " holds " + channel.objectType()),
              e.getMessage());
          assertTrue(e.getMessage().contains(type.eventName()), e.getMessage());
        });

    assertAll(checks);
  }

  @Test
  void rejectionMessageNamesTheRecordAndTheEvent() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TestEvents.record(Channel.SMS, CustomerIoEventType.EMAIL_SENT));

    assertEquals("SmsEvent holds sms events, not email_sent, which arrives as EmailEvent", e.getMessage());
  }

  @ParameterizedTest
  @EnumSource(Channel.class)
  void typeIsRequired(Channel channel) {
    NullPointerException e = assertThrows(NullPointerException.class,
        () -> TestEvents.record(channel, null));

    assertTrue(e.getMessage().contains("type"), e.getMessage());
  }

  @ParameterizedTest
  @EnumSource(Channel.class)
  void eventIdIsRequired(Channel channel) {
    NullPointerException e = assertThrows(NullPointerException.class,
        () -> TestEvents.record(channel, someTypeOf(channel), null, TestEvents.TIMESTAMP));

    assertTrue(e.getMessage().contains("eventId"), e.getMessage());
  }

  @ParameterizedTest
  @EnumSource(Channel.class)
  void aNullTimestampIsAnEmptyOne(Channel channel) {
    CustomerIoEvent event =
        TestEvents.record(channel, someTypeOf(channel), TestEvents.EVENT_ID, null);

    assertEquals(Optional.empty(), event.timestamp());
  }

  @ParameterizedTest
  @EnumSource(CustomerIoEventType.class)
  void missingOptionalFieldsGetTheirDefaults(CustomerIoEventType type) {
    CustomerIoEvent event = TestEvents.of(type);

    assertSame(Identifiers.NONE, event.identifiers());
    assertEquals("{}", event.dataJson());
    Attribution attribution = event instanceof MessageEvent message
        ? message.attribution()
        : assertInstanceOf(CustomerEvent.class, event).attribution();
    assertSame(Attribution.NONE, attribution);
  }

  @ParameterizedTest
  @EnumSource(CustomerIoEventType.class)
  void requiredFieldsAreKept(CustomerIoEventType type) {
    CustomerIoEvent event = TestEvents.of(type);

    assertEquals(TestEvents.EVENT_ID, event.eventId());
    assertEquals(TestEvents.SENT, event.timestamp());
    assertSame(type, event.type());
  }

  @Test
  void givenOptionalFieldsAreKept() {
    Identifiers identifiers = new Identifiers("42", "test@example.com", "d9c106000001");
    Attribution attribution =
        new Attribution(5L, null, null, null, null, null, null, 96L, null, "01GW20GX", null);

    SmsEvent event = new SmsEvent(TestEvents.EVENT_ID, CustomerIoEventType.SMS_SENT,
        TestEvents.SENT, identifiers, "42", "RPILAgUB", attribution, "+15551234567", null,
        null, null, null, null, null, "{\"recipient\":\"+15551234567\"}");

    assertEquals(identifiers, event.identifiers());
    assertEquals(attribution, event.attribution());
    assertEquals("{\"recipient\":\"+15551234567\"}", event.dataJson());
  }

  @Test
  void emailFlagsThatWereNotGivenAreEmptyNotFalse() {
    EmailEvent absent = assertInstanceOf(EmailEvent.class,
        TestEvents.of(CustomerIoEventType.EMAIL_OPENED));
    EmailEvent given = new EmailEvent(TestEvents.EVENT_ID, CustomerIoEventType.EMAIL_OPENED,
        TestEvents.SENT, null, null, null, null, null, null, null, null, null,
        Optional.of(false), Optional.of(true), Optional.of(false), Optional.empty(), null, null,
        null);

    assertEquals(List.of(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()),
        List.of(absent.machine(), absent.proxied(), absent.prefetched(), absent.synthetic()));
    assertEquals(List.of(Optional.of(false), Optional.of(true), Optional.of(false),
        Optional.empty()),
        List.of(given.machine(), given.proxied(), given.prefetched(), given.synthetic()));
  }

  @Test
  void aTransactionalMessageNameIsKeptNextToItsId() {
    Attribution byName = new Attribution(
        null, null, null, null, null, null, "password_reset", null, null, null, null);

    assertEquals("password_reset", byName.transactionalMessageName());
    assertNull(byName.transactionalMessageId());
    assertNull(Attribution.NONE.transactionalMessageName());
  }

  // --- names -----------------------------------------------------------------------------------

  @ParameterizedTest
  @EnumSource(CustomerIoEventType.class)
  void nameIsTheCatalogEventName(CustomerIoEventType type) {
    assertEquals(type.eventName(), TestEvents.of(type).name());
  }

  @ParameterizedTest
  @EnumSource(value = CustomerIoEventType.class, mode = EnumSource.Mode.MATCH_NONE,
      names = "CUSTOMER_.*")
  void messageEventObjectTypeAndMetricComeFromTheType(CustomerIoEventType type) {
    MessageEvent event = assertInstanceOf(MessageEvent.class, TestEvents.of(type));

    assertEquals(type.objectType(), event.objectType());
    assertEquals(type.metric(), event.metric());
  }

  @Test
  void messageEventNameObjectTypeAndMetric() {
    CustomerIoEvent sms = TestEvents.of(CustomerIoEventType.SMS_DELIVERED);
    CustomerIoEvent inApp = TestEvents.of(CustomerIoEventType.IN_APP_OPENED);

    assertEquals("sms_delivered", sms.name());
    assertEquals("sms", sms.objectType());
    assertEquals("delivered", sms.metric());
    assertEquals("in_app_opened", inApp.name());
    assertEquals("in_app", inApp.objectType());
    assertEquals("opened", inApp.metric());
  }
}
