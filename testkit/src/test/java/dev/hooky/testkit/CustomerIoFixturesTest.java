package dev.hooky.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CustomerIoFixturesTest {
  private static final ObjectMapper JSON = new ObjectMapper();

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
    if (event instanceof PushEvent push
        && Set.of("bounced", "dropped").contains(type.metric())) {
      assertNotNull(push.recipients().get(0).failureMessage(), "recipients[].failure_message");
    } else if (Set.of("attempted", "bounced", "dropped", "failed", "undeliverable", "deferred")
        .contains(type.metric())) {
      assertNotNull(message.failureMessage(), "failure_message");
    }
    if (type.metric().equals("sent")) {
      assertNotNull(message.content(), "content");
    }
    if (event instanceof EmailEvent && type != CustomerIoEventType.EMAIL_ATTEMPTED) {
      assertEquals("test@example.com", ((EmailEvent) event).recipient());
      assertEquals("Welcome aboard", ((EmailEvent) event).subject());
    } else if (event instanceof PushEvent && SCHEMA.get(type.eventName()).contains("recipients")) {
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

  /** Identity and attribution (reference §2.3): any message event may carry them. */
  private static final Set<String> COMMON = Set.of("identifiers", "customer_id", "delivery_id",
      "campaign_id", "broadcast_id", "trigger_id", "newsletter_id", "content_id",
      "transactional_message_id", "action_id", "journey_id", "parent_action_id",
      "trigger_event_id");

  /**
   * Each event's own {@code data} fields as Customer.io's spec documents them (reference §2.4),
   * required ones before the bar, optional ones after it; written out here, not derived from the
   * fixtures, so that it can disagree with them. The four events without a schema follow their
   * channel's nearest metric.
   */
  private static final Map<String, String> SCHEMA = Map.ofEntries(
      Map.entry("customer_subscribed", "email_address |"),
      Map.entry("customer_unsubscribed", "email_address |"),
      Map.entry("customer_subscription_preferences_changed", "email_address | content"),
      Map.entry("email_drafted", "recipient subject |"),
      Map.entry("email_attempted", "failure_message |"),
      Map.entry("email_deferred", "recipient subject failure_message |"),
      Map.entry("email_sent", "recipient subject | content headers"),
      Map.entry("email_delivered", "recipient subject |"),
      Map.entry("email_opened", "recipient | subject proxied prefetched synthetic"),
      Map.entry("email_clicked", "recipient subject href link_id | machine"),
      Map.entry("email_converted", "recipient subject |"),
      Map.entry("email_unsubscribed", "recipient subject |"),
      Map.entry("email_bounced", "recipient subject failure_message |"),
      Map.entry("email_dropped", "recipient subject failure_message |"),
      Map.entry("email_spammed", "recipient subject |"),
      Map.entry("email_failed", "recipient subject failure_message |"),
      Map.entry("email_undeliverable", "recipient subject failure_message |"),
      Map.entry("push_drafted", "|"),
      Map.entry("push_attempted", "failure_message |"),
      Map.entry("push_sent", "recipients | content"),
      Map.entry("push_delivered", "recipients |"),
      Map.entry("push_opened", "recipients |"),
      Map.entry("push_clicked", "recipients href link_id |"),
      Map.entry("push_converted", "recipients |"),
      Map.entry("push_bounced", "recipients |"),
      Map.entry("push_dropped", "recipients |"),
      Map.entry("push_failed", "failure_message |"),
      Map.entry("push_undeliverable", "failure_message |"),
      Map.entry("sms_drafted", "|"),
      Map.entry("sms_attempted", "failure_message |"),
      Map.entry("sms_sent", "recipient | content"),
      Map.entry("sms_delivered", "recipient |"),
      Map.entry("sms_clicked", "recipient href link_id |"),
      Map.entry("sms_converted", "recipient |"),
      Map.entry("sms_bounced", "recipient failure_message |"),
      Map.entry("sms_dropped", "recipient failure_message |"),
      Map.entry("sms_failed", "failure_message |"),
      Map.entry("sms_undeliverable", "failure_message |"),
      Map.entry("sms_replied", "inbound_event_id to recipient |"),
      Map.entry("slack_drafted", "|"),
      Map.entry("slack_attempted", "failure_message |"),
      Map.entry("slack_sent", "recipient | content"),
      Map.entry("slack_clicked", "recipient href link_id |"),
      Map.entry("slack_converted", "recipient |"),
      Map.entry("slack_failed", "failure_message |"),
      Map.entry("slack_undeliverable", "failure_message |"),
      Map.entry("webhook_drafted", "|"),
      Map.entry("webhook_attempted", "failure_message |"),
      Map.entry("webhook_sent", "recipient | content"),
      Map.entry("webhook_clicked", "recipient href link_id |"),
      Map.entry("webhook_converted", "recipient |"),
      Map.entry("webhook_failed", "failure_message |"),
      Map.entry("webhook_undeliverable", "failure_message |"),
      Map.entry("in_app_drafted", "|"),
      Map.entry("in_app_attempted", "failure_message |"),
      Map.entry("in_app_sent", "recipient | content"),
      Map.entry("in_app_opened", "|"),
      Map.entry("in_app_clicked", "recipient href link_id | tracked_response"),
      Map.entry("in_app_converted", "recipient |"),
      Map.entry("in_app_failed", "failure_message |"),
      Map.entry("in_app_undeliverable", "failure_message |"),
      Map.entry("whatsapp_drafted", "|"),
      Map.entry("whatsapp_attempted", "failure_message |"),
      Map.entry("whatsapp_sent", "recipient | content"),
      Map.entry("whatsapp_delivered", "recipient |"),
      Map.entry("whatsapp_opened", "recipient |"),
      Map.entry("whatsapp_clicked", "recipient href link_id |"),
      Map.entry("whatsapp_converted", "recipient |"),
      Map.entry("whatsapp_bounced", "recipient failure_message |"),
      Map.entry("whatsapp_dropped", "recipient failure_message |"),
      Map.entry("whatsapp_failed", "failure_message |"),
      Map.entry("whatsapp_undeliverable", "failure_message |"),
      Map.entry("whatsapp_replied", "inbound_event_id to recipient |"));

  @Test
  void theSchemaTableCoversTheCatalog() {
    assertEquals(Arrays.stream(CustomerIoEventType.values()).map(CustomerIoEventType::eventName)
        .collect(Collectors.toSet()), SCHEMA.keySet());
  }

  @ParameterizedTest
  @EnumSource(CustomerIoEventType.class)
  void everyFixtureHasItsSchemasFieldsAndNoOthers(CustomerIoEventType type) throws Exception {
    String[] schema = SCHEMA.get(type.eventName()).split("\\|", -1);
    Set<String> required = words(schema[0]);
    Set<String> allowed = new TreeSet<>(COMMON);
    allowed.addAll(required);
    allowed.addAll(words(schema[1]));
    if (type == CustomerIoEventType.CUSTOMER_SUBSCRIPTION_PREFERENCES_CHANGED) {
      allowed.addAll(COMMON); // the triggering message's attribution
    } else if (type.channel() == Channel.CUSTOMER) {
      allowed.removeAll(Set.of("delivery_id", "campaign_id", "broadcast_id", "trigger_id",
          "newsletter_id", "content_id", "transactional_message_id", "action_id", "journey_id",
          "parent_action_id", "trigger_event_id"));
    }

    JsonNode data = JSON.readTree(CustomerIoFixtures.of(type).build().json()).get("data");
    Set<String> fields = new TreeSet<>();
    data.fieldNames().forEachRemaining(fields::add);

    assertTrue(fields.containsAll(required), () -> type.eventName() + " lacks "
        + required.stream().filter(field -> !fields.contains(field)).toList());
    assertTrue(allowed.containsAll(fields), () -> type.eventName() + " has fields its schema has"
        + " not: " + fields.stream().filter(field -> !allowed.contains(field)).toList());
  }

  @Test
  void noRecipientOrSubjectWhereTheSchemaHasNone() {
    for (String name : List.of("email_attempted", "push_attempted", "sms_failed",
        "slack_undeliverable", "webhook_drafted", "in_app_opened", "whatsapp_failed")) {
      String json = CustomerIoFixtures.named(name).build().json();
      assertFalse(json.contains("\"recipient\""), name + ": " + json);
      assertFalse(json.contains("\"recipients\""), name + ": " + json);
      assertFalse(json.contains("\"subject\""), name + ": " + json);
    }
  }

  @Test
  void aTransactionalMessageCanBeNamed() {
    EmailEvent email = (EmailEvent) CustomerIoFixtures.emailDelivered()
        .transactional("password_reset").build().event();

    assertEquals("password_reset", email.attribution().transactionalMessageName());
    assertNull(email.attribution().transactionalMessageId());
    assertEquals(Attribution.Source.TRANSACTIONAL, email.attribution().source());
  }

  @Test
  void removeTakesAFieldAwayMissingTimestampIncluded() {
    EmailEvent event = (EmailEvent) CustomerIoFixtures.emailOpened()
        .remove("timestamp").remove("data.proxied").remove("data.no.such.field").build().event();

    assertEquals(Optional.empty(), event.timestamp());
    assertEquals(Optional.empty(), event.proxied());
    assertEquals(Optional.of(false), event.prefetched());
  }

  private static Set<String> words(String text) {
    return Arrays.stream(text.trim().split(" +")).filter(word -> !word.isEmpty())
        .collect(Collectors.toCollection(TreeSet::new));
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
