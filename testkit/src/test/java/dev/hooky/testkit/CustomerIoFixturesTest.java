package dev.hooky.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hooky.customerio.Channel;
import dev.hooky.customerio.CustomerIoEventType;
import dev.hooky.customerio.event.Attribution;
import dev.hooky.customerio.event.CustomerEvent;
import dev.hooky.customerio.event.CustomerIoEvent;
import dev.hooky.customerio.event.EmailEvent;
import dev.hooky.customerio.event.InAppEvent;
import dev.hooky.customerio.event.MessageEvent;
import dev.hooky.customerio.event.PushEvent;
import dev.hooky.customerio.event.SmsEvent;
import dev.hooky.customerio.event.WhatsAppEvent;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CustomerIoFixturesTest {

  @ParameterizedTest
  @EnumSource(CustomerIoEventType.class)
  void everyFixtureParsesIntoItsRecordWithItsDocumentedFields(CustomerIoEventType type) {
    CustomerIoFixture fixture = CustomerIoFixtures.of(type).build();
    CustomerIoEvent event = fixture.event();

    assertEquals(type, event.type());
    assertInstanceOf(type.channel().eventClass(), event);
    assertEquals(26, fixture.eventId().length());
    assertEquals("42", event.identifiers().id());
    assertEquals("test@example.com", event.identifiers().email());
    if (event instanceof CustomerEvent) {
      assertEquals("test@example.com", ((CustomerEvent) event).emailAddress());
      return;
    }
    MessageEvent message = (MessageEvent) event;
    assertEquals("RPILAgUBcRhIBqSfeiIwdIYJKxTY", message.deliveryId());
    assertNotEquals(Attribution.Source.UNKNOWN, message.attribution().source());
    if (Set.of("attempted", "bounced", "dropped", "failed", "undeliverable", "deferred")
        .contains(type.metric())) {
      assertNotNull(message.failureMessage(), "failure_message");
    }
    if (type.metric().equals("sent")) {
      assertNotNull(message.content(), "content");
    }
    if (event instanceof EmailEvent) {
      assertEquals("test@example.com", ((EmailEvent) event).recipient());
      assertEquals("Welcome aboard", ((EmailEvent) event).subject());
    } else if (event instanceof PushEvent) {
      assertFalse(((PushEvent) event).recipients().isEmpty(), "push recipients");
    }
    if (type.metric().equals("clicked")) {
      assertTrue(event.dataJson().contains("\"href\""), event.dataJson());
      assertTrue(event.dataJson().contains("\"link_id\":3"), event.dataJson());
    }
    if (type == CustomerIoEventType.SMS_REPLIED) {
      assertEquals("+15557654321", ((SmsEvent) event).to());
      assertNotNull(((SmsEvent) event).inboundEventId());
    }
    if (type == CustomerIoEventType.WHATSAPP_REPLIED) {
      assertNotNull(((WhatsAppEvent) event).inboundEventId());
    }
    if (type == CustomerIoEventType.IN_APP_CLICKED) {
      assertEquals("upgrade-button", ((InAppEvent) event).trackedResponse());
    }
  }

  @Test
  void attributionVariesAcrossTheCatalogIncludingTransactional() {
    Set<Attribution.Source> sources = Arrays.stream(CustomerIoEventType.values())
        .filter(type -> type.channel() != Channel.CUSTOMER)
        .map(type -> ((MessageEvent) CustomerIoFixtures.of(type).build().event())
            .attribution().source())
        .collect(Collectors.toSet());
    assertEquals(Set.of(Attribution.Source.values()).size() - 1, sources.size(),
        "campaign, broadcast, newsletter and transactional: " + sources);
  }

  @Test
  void thereIsANamedFactoryForEveryCatalogEvent() throws Exception {
    for (CustomerIoEventType type : CustomerIoEventType.values()) {
      String[] words = type.name().toLowerCase(Locale.ROOT).split("_");
      StringBuilder name = new StringBuilder(words[0]);
      for (int i = 1; i < words.length; i++) {
        name.append(Character.toUpperCase(words[i].charAt(0))).append(words[i].substring(1));
      }
      Method factory = CustomerIoFixtures.class.getMethod(name.toString());
      assertTrue(Modifier.isStatic(factory.getModifiers()));
      FixtureBuilder builder = (FixtureBuilder) factory.invoke(null);
      assertEquals(type, builder.build().event().type(), name.toString());
    }
  }

  @Test
  void buildersSetTheFieldsATestCaresAbout() {
    SmsEvent sms = (SmsEvent) CustomerIoFixtures.smsDelivered()
        .customerId("7").recipient("+15550000000").campaign(12).eventId("fixed-id").build().event();

    assertEquals("fixed-id", sms.eventId());
    assertEquals("7", sms.identifiers().id());
    assertEquals("7", sms.customerId());
    assertEquals("+15550000000", sms.recipient());
    assertEquals(12L, sms.attribution().campaignId());
    assertEquals(Attribution.Source.CAMPAIGN, sms.attribution().source());

    EmailEvent email = (EmailEvent) CustomerIoFixtures.emailBounced().transactional(9)
        .failureMessage("550 no such user").subject("Receipt").build().event();
    assertEquals(9L, email.attribution().transactionalMessageId());
    assertEquals(Attribution.Source.TRANSACTIONAL, email.attribution().source());
    assertEquals("550 no such user", email.failureMessage());
  }

  @Test
  void setTakesDottedPathsAndJsonLiterals() {
    CustomerIoFixture fixture = CustomerIoFixtures.named("email_opened")
        .set("data.identifiers.cio_id", "abc123")
        .set("data.proxied", "true")
        .set("data.campaign_id", "\"77\"")
        .set("data.ab_variant", "B")
        .build();
    EmailEvent event = (EmailEvent) fixture.event();

    assertEquals("abc123", event.identifiers().cioId());
    assertEquals(Optional.of(true), event.proxied());
    assertEquals(77L, event.attribution().campaignId(), "a quoted id is a string; still read");
    assertTrue(fixture.json().contains("\"ab_variant\":\"B\""), fixture.json());
  }

  @Test
  void aCustomerEventCanCarryTheChannelThatTriggeredIt() {
    CustomerEvent event = (CustomerEvent) CustomerIoFixtures.customerUnsubscribed()
        .objectType("email").build().event();

    assertEquals(CustomerIoEventType.CUSTOMER_UNSUBSCRIBED, event.type());
    assertEquals(Channel.EMAIL, event.triggeringChannel().orElseThrow());
  }

  @Test
  void unknownNamesAreRefusedAndEventIdsAreFresh() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> CustomerIoFixtures.named("sms_delivred"));
    assertTrue(e.getMessage().contains("sms_delivred"), e.getMessage());
    assertNotEquals(CustomerIoFixtures.smsSent().build().eventId(),
        CustomerIoFixtures.smsSent().build().eventId());
  }
}
