package dev.hooky.runtime.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hooky.customerio.Channel;
import dev.hooky.customerio.CustomerIoEventType;
import dev.hooky.customerio.event.Attribution;
import dev.hooky.customerio.event.CustomerEvent;
import dev.hooky.customerio.event.CustomerIoEvent;
import dev.hooky.customerio.event.EmailEvent;
import dev.hooky.customerio.event.Identifiers;
import dev.hooky.customerio.event.InAppEvent;
import dev.hooky.customerio.event.PushEvent;
import dev.hooky.customerio.event.PushRecipient;
import dev.hooky.customerio.event.SlackEvent;
import dev.hooky.customerio.event.SmsEvent;
import dev.hooky.customerio.event.UnknownEvent;
import dev.hooky.customerio.event.WebhookEvent;
import dev.hooky.customerio.event.WhatsAppEvent;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link EventParser} on the payloads of the reference (§2.5 official, §2.6 constructed), on the
 * leniency Customer.io's payloads need, and on bodies that are not events at all.
 */
class EventParserTest {
  private static final Instant RECEIVED_AT = Instant.parse("2024-05-15T14:55:49Z");
  private static final Identifiers FULL_IDENTIFIERS =
      new Identifiers("42", "test@example.com", "d9c106000001");

  private final EventParser parser = new EventParser();

  // ---------------------------------------------------------------- §2.5 official examples

  @Test
  void officialCustomerSubscribed() throws Exception {
    CustomerEvent event = parse(CustomerEvent.class, """
        {
          "metric": "subscribed",
          "event_id": "01E4C4CT6YDC7Y5M7FE1GWWPQJ",
          "object_type": "customer",
          "timestamp": 1613063089,
          "data": {
            "customer_id": "0200000001",
            "email_address": "test@example.com",
            "identifiers": {
              "id": "42",
              "email": "test@example.com",
              "cio_id": "d9c106000001"
            }
          }
        }
        """);

    assertEquals(CustomerIoEventType.CUSTOMER_SUBSCRIBED, event.type());
    assertEquals("01E4C4CT6YDC7Y5M7FE1GWWPQJ", event.eventId());
    assertEquals("customer", event.objectType());
    assertEquals("subscribed", event.metric());
    assertEquals(Optional.of(Instant.ofEpochSecond(1_613_063_089L)), event.timestamp());
    assertEquals("0200000001", event.customerId());
    assertEquals("test@example.com", event.emailAddress());
    assertEquals(FULL_IDENTIFIERS, event.identifiers());
    assertEquals(Optional.empty(), event.triggeringChannel());
    assertEquals(Attribution.NONE, event.attribution());
    assertEquals("customer_subscribed", event.name());
  }

  @Test
  void officialEmailSentWithoutSubject() throws Exception {
    EmailEvent event = parse(EmailEvent.class, """
        {
          "metric": "sent",
          "event_id": "01E4C4CT6YDC7Y5M7FE1GWWPQJ",
          "object_type": "email",
          "timestamp": 1613063089,
          "data": {
            "action_id": 42,
            "broadcast_id": 9,
            "customer_id": "0200000001",
            "delivery_id": "RPILAgUBcRhIBqSfeiIwdIYJKxTY",
            "identifiers": {
              "id": "42",
              "email": "test@example.com",
              "cio_id": "d9c106000001"
            },
            "recipient": "test@example.com"
          }
        }
        """);

    assertEquals(CustomerIoEventType.EMAIL_SENT, event.type());
    assertEquals(42L, event.attribution().actionId());
    assertEquals(9L, event.attribution().broadcastId());
    assertEquals(Attribution.Source.BROADCAST, event.attribution().source());
    assertEquals("0200000001", event.customerId());
    assertEquals("RPILAgUBcRhIBqSfeiIwdIYJKxTY", event.deliveryId());
    assertEquals(FULL_IDENTIFIERS, event.identifiers());
    assertEquals("test@example.com", event.recipient());
    assertNull(event.subject(), "the official example has no subject");
    assertNull(event.content());
    assertEquals(Map.of(), event.headers());
  }

  @Test
  void officialSmsSent() throws Exception {
    SmsEvent event = parse(SmsEvent.class, """
        {
          "metric": "sent",
          "event_id": "01E4C4CT6YDC7Y5M7FE1GWWPQJ",
          "object_type": "sms",
          "timestamp": 1613063089,
          "data": {
            "action_id": 42,
            "broadcast_id": 9,
            "customer_id": "0200000001",
            "delivery_id": "RPILAgUBcRhIBqSfeiIwdIYJKxTY",
            "identifiers": {
              "id": "42",
              "email": "test@example.com",
              "cio_id": "d9c106000001"
            },
            "recipient": "+15551234567"
          }
        }
        """);

    assertEquals(CustomerIoEventType.SMS_SENT, event.type());
    assertEquals("+15551234567", event.recipient());
    assertEquals(9L, event.attribution().broadcastId());
    assertEquals(42L, event.attribution().actionId());
    assertNull(event.inboundEventId());
    assertNull(event.to());
  }

  // ---------------------------------------------------------------- §2.6 constructed examples

  @Test
  void emailDeliveredFromACampaign() throws Exception {
    EmailEvent event = parse(EmailEvent.class, """
        {
          "event_id": "01HZX3K9Q4M7S2T8V6W1Y5B0CD",
          "object_type": "email",
          "metric": "delivered",
          "timestamp": 1713484800,
          "data": {
            "campaign_id": 5,
            "action_id": 96,
            "journey_id": "01GW20GXAAXBKZD8J96M8FNV3R",
            "parent_action_id": 1,
            "trigger_event_id": "21E4C3CT6YDC7Y4N7FE1GWWABC",
            "delivery_id": "ZAIAAVTJVG0QcCok0-0ZKj6yiQ==",
            "customer_id": "42",
            "identifiers": { "id": "42", "email": "test@example.com", "cio_id": "d9c106000001" },
            "recipient": "test@example.com",
            "subject": "Welcome aboard"
          }
        }
        """);

    assertEquals(CustomerIoEventType.EMAIL_DELIVERED, event.type());
    assertEquals(new Attribution(5L, null, null, null, null, null, null, 96L, 1L,
        "01GW20GXAAXBKZD8J96M8FNV3R", "21E4C3CT6YDC7Y4N7FE1GWWABC"), event.attribution());
    assertEquals(Attribution.Source.CAMPAIGN, event.attribution().source());
    assertEquals("ZAIAAVTJVG0QcCok0-0ZKj6yiQ==", event.deliveryId());
    assertEquals("Welcome aboard", event.subject());
    assertEquals(Optional.of(Instant.ofEpochSecond(1_713_484_800L)), event.timestamp());
  }

  @Test
  void emailOpenedWithPrivacyFlags() throws Exception {
    EmailEvent event = parse(EmailEvent.class, """
        {
          "event_id": "01HZX3M2A8D4F6G8H0J2K4L6MN",
          "object_type": "email",
          "metric": "opened",
          "timestamp": 1713485000,
          "data": {
            "newsletter_id": 10,
            "content_id": 3,
            "delivery_id": "RPILAgUBcRhIBqSbvEZotk16z5A=",
            "identifiers": { "id": "42" },
            "recipient": "test@example.com",
            "subject": "March newsletter",
            "proxied": true,
            "prefetched": false,
            "synthetic": false
          }
        }
        """);

    assertEquals(CustomerIoEventType.EMAIL_OPENED, event.type());
    assertEquals(Optional.of(true), event.proxied());
    assertEquals(Optional.of(false), event.prefetched());
    assertEquals(Optional.of(false), event.synthetic());
    assertEquals(Optional.empty(), event.machine(), "an open says nothing of machine clicks");
    assertEquals(10L, event.attribution().newsletterId());
    assertEquals(3L, event.attribution().contentId());
    assertEquals(Attribution.Source.NEWSLETTER, event.attribution().source());
    assertEquals(new Identifiers("42", null, null), event.identifiers());
    assertNull(event.customerId());
  }

  @Test
  void emailClickedFromAnApiTriggeredBroadcast() throws Exception {
    EmailEvent event = parse(EmailEvent.class, """
        {
          "event_id": "01HZX3N7B1C3E5G7J9L1N3P5QR",
          "object_type": "email",
          "metric": "clicked",
          "timestamp": 1713485100,
          "data": {
            "trigger_id": 1,
            "broadcast_id": 2,
            "action_id": 96,
            "journey_id": "01GW20GXAAXBKZD8J96M8FNV3R",
            "delivery_id": "ZAIAAVTJVG0QcCok0-0ZKj6yiQ==",
            "identifiers": { "id": "42", "email": "test@example.com", "cio_id": "d9c106000001" },
            "recipient": "test@example.com",
            "subject": "Flash sale",
            "href": "https://docs.customer.io",
            "link_id": 1,
            "machine": false
          }
        }
        """);

    assertEquals(CustomerIoEventType.EMAIL_CLICKED, event.type());
    assertEquals("https://docs.customer.io", event.href());
    assertEquals(1L, event.linkId());
    assertEquals(Optional.of(false), event.machine());
    assertEquals(1L, event.attribution().triggerId());
    assertEquals(2L, event.attribution().broadcastId());
    assertEquals(Attribution.Source.BROADCAST, event.attribution().source());
    assertEquals("Flash sale", event.subject());
  }

  @Test
  void emailBouncedFromATransactionalMessage() throws Exception {
    EmailEvent event = parse(EmailEvent.class, """
        {
          "event_id": "01HZX3P0S2U4W6Y8A0C2E4G6IJ",
          "object_type": "email",
          "metric": "bounced",
          "timestamp": 1713485200,
          "data": {
            "transactional_message_id": 7,
            "delivery_id": "RPILAgUBcRhIBqSfeiIwdIYJKxTY",
            "identifiers": { "id": "42", "email": "test@example.com", "cio_id": "d9c106000001" },
            "recipient": "bounce@example.com",
            "subject": "Your receipt",
            "failure_message": "550 5.1.1 The email account that you tried to reach does not exist"
          }
        }
        """);

    assertEquals(CustomerIoEventType.EMAIL_BOUNCED, event.type());
    assertEquals(7L, event.attribution().transactionalMessageId());
    assertEquals(Attribution.Source.TRANSACTIONAL, event.attribution().source());
    assertEquals("bounce@example.com", event.recipient());
    assertEquals("550 5.1.1 The email account that you tried to reach does not exist",
        event.failureMessage());
  }

  @Test
  void emailSentWithBodyContentAndCustomHeaders() throws Exception {
    EmailEvent event = parse(EmailEvent.class, """
        {
          "event_id": "01HZX3Q3K5M7P9R1T3V5X7Z9AB",
          "object_type": "email",
          "metric": "sent",
          "timestamp": 1713484700,
          "data": {
            "campaign_id": 5,
            "action_id": 96,
            "delivery_id": "ZAIAAVTJVG0QcCok0-0ZKj6yiQ==",
            "identifiers": { "id": "42" },
            "recipient": "test@example.com",
            "subject": "Welcome aboard",
            "content": "<html><body>Hello!</body></html>",
            "headers": { "Customheader1": ["customvalue1"] }
          }
        }
        """);

    assertEquals("<html><body>Hello!</body></html>", event.content());
    assertEquals(Map.of("Customheader1", List.of("customvalue1")), event.headers());
  }

  @Test
  void pushSentWithItsListOfRecipients() throws Exception {
    PushEvent event = parse(PushEvent.class, """
        {
          "event_id": "01HZX3R6D8F0H2K4M6P8R0T2VW",
          "object_type": "push",
          "metric": "sent",
          "timestamp": 1713484900,
          "data": {
            "campaign_id": 5,
            "action_id": 97,
            "delivery_id": "RPIyMTM6OjEyMzQ=",
            "identifiers": { "id": "user-123" },
            "recipients": [
              { "device_id": "fcm-token-abc", "device_platform": "android" },
              { "device_id": "apns-token-def", "device_platform": "ios",
                "failure_message": "BadDeviceToken" }
            ]
          }
        }
        """);

    assertEquals(CustomerIoEventType.PUSH_SENT, event.type());
    assertEquals(List.of(
            new PushRecipient("fcm-token-abc", "android", null),
            new PushRecipient("apns-token-def", "ios", "BadDeviceToken")),
        event.recipients());
    assertEquals(new Identifiers("user-123", null, null), event.identifiers());
    assertEquals(97L, event.attribution().actionId());
    assertEquals("RPIyMTM6OjEyMzQ=", event.deliveryId());
  }

  @Test
  void pushClicked() throws Exception {
    PushEvent event = parse(PushEvent.class, """
        {
          "event_id": "01HZX3S9G1J3L5N7Q9S1U3W5YZ",
          "object_type": "push",
          "metric": "clicked",
          "timestamp": 1713485300,
          "data": {
            "campaign_id": 5, "action_id": 97, "delivery_id": "RPIyMTM6OjEyMzQ=",
            "identifiers": { "id": "user-123" },
            "recipients": [ { "device_id": "fcm-token-abc", "device_platform": "android" } ],
            "href": "myapp://promo/42",
            "link_id": 3
          }
        }
        """);

    assertEquals(CustomerIoEventType.PUSH_CLICKED, event.type());
    assertEquals("myapp://promo/42", event.href());
    assertEquals(3L, event.linkId());
    assertEquals(List.of(new PushRecipient("fcm-token-abc", "android", null)), event.recipients());
  }

  @Test
  void whatsAppRepliedKeepsTheInboundMessageAndWhoItWasTo() throws Exception {
    WhatsAppEvent replied = parse(WhatsAppEvent.class, """
        { "event_id": "01HZX3T5D7F9H1K3M5P7R9T1V3", "object_type": "whatsapp",
          "metric": "replied", "timestamp": 1713485403,
          "data": { "campaign_id": 5, "action_id": 99, "delivery_id": "RPIyMTM6OjU2ODA=",
                    "identifiers": { "id": "42" }, "inbound_event_id": "01HZX3T5INBOUND0000000000",
                    "to": "+15557654321", "recipient": "+15551234567" } }
        """);
    assertEquals(CustomerIoEventType.WHATSAPP_REPLIED, replied.type());
    assertEquals("01HZX3T5INBOUND0000000000", replied.inboundEventId());
    assertEquals("+15557654321", replied.to());
    assertEquals("+15551234567", replied.recipient());
    assertEquals(99L, replied.attribution().actionId());
    assertEquals("42", replied.identifiers().id());
  }

  @Test
  void smsClickedBouncedAndReplied() throws Exception {
    SmsEvent clicked = parse(SmsEvent.class, """
        { "event_id": "01HZX3T2A4C6E8G0J2L4N6Q8S0", "object_type": "sms", "metric": "clicked",
          "timestamp": 1713485400,
          "data": { "campaign_id": 5, "action_id": 98, "delivery_id": "RPIyMTM6OjU2Nzg=",
                    "identifiers": { "id": "42" }, "recipient": "+15551234567",
                    "href": "https://example.com/x", "link_id": 2 } }
        """);
    assertEquals(CustomerIoEventType.SMS_CLICKED, clicked.type());
    assertEquals("https://example.com/x", clicked.href());
    assertEquals(2L, clicked.linkId());

    SmsEvent bounced = parse(SmsEvent.class, """
        { "event_id": "01HZX3T3B5D7F9H1K3M5P7R9T1", "object_type": "sms", "metric": "bounced",
          "timestamp": 1713485401,
          "data": { "campaign_id": 5, "action_id": 98, "delivery_id": "RPIyMTM6OjU2Nzk=",
                    "identifiers": { "id": "42" }, "recipient": "+15551234567",
                    "failure_message": "Unreachable destination handset" } }
        """);
    assertEquals(CustomerIoEventType.SMS_BOUNCED, bounced.type());
    assertEquals("Unreachable destination handset", bounced.failureMessage());

    SmsEvent replied = parse(SmsEvent.class, """
        { "event_id": "01HZX3T4C6E8G0J2L4N6Q8S0U2", "object_type": "sms", "metric": "replied",
          "timestamp": 1713485402,
          "data": { "campaign_id": 5, "action_id": 98, "delivery_id": "RPIyMTM6OjU2Nzk=",
                    "identifiers": { "id": "42" }, "inbound_event_id": "01HZX3T4INBOUND0000000000",
                    "to": "+15557654321", "recipient": "+15551234567" } }
        """);
    assertEquals(CustomerIoEventType.SMS_REPLIED, replied.type());
    assertEquals("01HZX3T4INBOUND0000000000", replied.inboundEventId());
    assertEquals("+15557654321", replied.to());
    assertEquals("+15551234567", replied.recipient());
  }

  @Test
  void slackSentWebhookFailedAndInAppClicked() throws Exception {
    SlackEvent slack = parse(SlackEvent.class, """
        { "event_id": "01HZX3V5D7F9H1K3M5P7R9T1V3", "object_type": "slack", "metric": "sent",
          "timestamp": 1713485500,
          "data": { "campaign_id": 5, "action_id": 99, "delivery_id": "RPIyMTM6Ojk5OTk=",
                    "identifiers": { "id": "42" }, "recipient": "#general" } }
        """);
    assertEquals(CustomerIoEventType.SLACK_SENT, slack.type());
    assertEquals("#general", slack.recipient());

    WebhookEvent webhook = parse(WebhookEvent.class, """
        { "event_id": "01HZX3V6E8G0J2L4N6Q8S0U2W4", "object_type": "webhook", "metric": "failed",
          "timestamp": 1713485501,
          "data": { "campaign_id": 5, "action_id": 100, "delivery_id": "RPIyMTM6OjEwMDA=",
                    "identifiers": { "id": "42" }, "failure_message": "Something went wrong!" } }
        """);
    assertEquals(CustomerIoEventType.WEBHOOK_FAILED, webhook.type());
    assertEquals("Something went wrong!", webhook.failureMessage());

    InAppEvent inApp = parse(InAppEvent.class, """
        { "event_id": "01HZX3V7F9H1K3M5P7R9T1V3X5", "object_type": "in_app", "metric": "clicked",
          "timestamp": 1713485502,
          "data": { "campaign_id": 5, "action_id": 101, "delivery_id": "RPIyMTM6OjEwMDE=",
                    "identifiers": { "id": "42" }, "recipient": "42",
                    "href": "https://example.com/upgrade", "link_id": 4,
                    "tracked_response": "upgrade-button" } }
        """);
    assertEquals(CustomerIoEventType.IN_APP_CLICKED, inApp.type());
    assertEquals("upgrade-button", inApp.trackedResponse());
    assertEquals("https://example.com/upgrade", inApp.href());
    assertEquals(4L, inApp.linkId());
    assertEquals("42", inApp.recipient());
  }

  @Test
  void customerUnsubscribed() throws Exception {
    CustomerEvent event = parse(CustomerEvent.class, """
        {
          "metric": "unsubscribed",
          "event_id": "01E4C4CT6YDC7Y5M7FE1GWWPQJ",
          "object_type": "customer",
          "timestamp": 1613063089,
          "data": {
            "customer_id": "42",
            "email_address": "test@example.com",
            "identifiers": { "id": "42", "email": "test@example.com", "cio_id": "d9c106000001" }
          }
        }
        """);

    assertEquals(CustomerIoEventType.CUSTOMER_UNSUBSCRIBED, event.type());
    assertEquals("customer", event.objectType());
    assertEquals("42", event.customerId());
    assertEquals("test@example.com", event.emailAddress());
    assertEquals(FULL_IDENTIFIERS, event.identifiers());
  }

  @Test
  void subscriptionPreferencesChangedFromAnEmail() throws Exception {
    CustomerEvent event = parse(CustomerEvent.class, """
        {
          "metric": "cio_subscription_preferences_changed",
          "event_id": "01E4C4CT6YDC7Y5M7FE1GWWPQJ",
          "object_type": "email",
          "timestamp": 1613063089,
          "data": {
            "content": "{\\"topics\\":{\\"topic_7\\":false,\\"topic_8\\":true}}",
            "customer_id": "42",
            "email_address": "test@example.com",
            "identifiers": { "id": "42", "email": "test@example.com", "cio_id": "d9c106000001" },
            "campaign_id": 5,
            "action_id": 96,
            "delivery_id": "ZAIAAVTJVG0QcCok0-0ZKj6yiQ==",
            "journey_id": "01GW20GXAAXBKZD8J96M8FNV3R"
          }
        }
        """);

    assertEquals(CustomerIoEventType.CUSTOMER_SUBSCRIPTION_PREFERENCES_CHANGED, event.type());
    assertEquals("customer_subscription_preferences_changed", event.name());
    assertEquals("{\"topics\":{\"topic_7\":false,\"topic_8\":true}}", event.content());
    assertEquals("email", event.objectType());
    assertEquals(Optional.of(Channel.EMAIL), event.triggeringChannel());
    assertEquals("ZAIAAVTJVG0QcCok0-0ZKj6yiQ==", event.deliveryId());
    assertEquals(5L, event.attribution().campaignId());
    assertEquals(96L, event.attribution().actionId());
    assertEquals("01GW20GXAAXBKZD8J96M8FNV3R", event.attribution().journeyId());
  }

  // ---------------------------------------------------------------- leniency

  @Test
  void idsAreReadFromNumbersAndFromStrings() throws Exception {
    EmailEvent event = parse(EmailEvent.class, envelope("\"email\"", "\"sent\"", """
        {"broadcast_id": "9", "trigger_id": 9, "action_id": " 42 ",
         "transactional_message_id": "9", "link_id": "3", "journey_id": 15,
         "parent_action_id": 1, "customer_id": 42}"""));

    assertEquals(9L, event.attribution().broadcastId());
    assertEquals(9L, event.attribution().triggerId());
    assertEquals(42L, event.attribution().actionId());
    assertEquals(9L, event.attribution().transactionalMessageId());
    assertEquals(3L, event.linkId());
    assertEquals("15", event.attribution().journeyId());
    assertEquals("42", event.customerId());
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"nine\"", "9.5", "true", "null", "[9]", "{\"id\":9}", "\"-9\"",
      "\"99999999999999999999\"", "99999999999999999999"})
  void anIdThatIsNotAWholeNumberReadsAsAbsentButStaysInTheData(String value) throws Exception {
    String data = "{\"broadcast_id\":" + value + "}";

    EmailEvent event = parse(EmailEvent.class, envelope("\"email\"", "\"sent\"", data));

    assertNull(event.attribution().broadcastId());
    assertEquals(data, event.dataJson());
  }

  @Test
  void flagsMayBeStringsOrOneAndZero() throws Exception {
    EmailEvent event = parse(EmailEvent.class, envelope("\"email\"", "\"opened\"",
        "{\"proxied\":\"true\",\"prefetched\":\" FALSE \",\"synthetic\":1,\"machine\":0}"));

    assertEquals(Optional.of(true), event.proxied());
    assertEquals(Optional.of(false), event.prefetched());
    assertEquals(Optional.of(true), event.synthetic());
    assertEquals(Optional.of(false), event.machine());
  }

  @Test
  void absentFlagsAreEmptyNotFalse() throws Exception {
    EmailEvent event = parse(EmailEvent.class, envelope("\"email\"", "\"opened\"", "{}"));

    assertEquals(Optional.empty(), event.proxied());
    assertEquals(Optional.empty(), event.prefetched());
    assertEquals(Optional.empty(), event.synthetic());
    assertEquals(Optional.empty(), event.machine());
  }

  @ParameterizedTest
  @ValueSource(strings = {"null", "\"yes\"", "\"\"", "2", "0.5", "[true]", "{\"v\":true}"})
  void flagsThatAreNeitherTrueNorFalseAreEmpty(String value) throws Exception {
    EmailEvent event = parse(EmailEvent.class, envelope("\"email\"", "\"opened\"",
        "{\"proxied\":" + value + "}"));

    assertEquals(Optional.empty(), event.proxied());
  }

  @Test
  void anEventIdMayBeANumber() throws Exception {
    CustomerIoEvent event = parser.parse(bytes(
        "{\"event_id\":1234567890123,\"object_type\":\"email\",\"metric\":\"sent\",\"data\":{}}"));

    assertEquals("1234567890123", event.eventId());
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"1713484800\"", "\" 1713484800 \"", "1713484800", "1713484800.999",
      "\"1713484800.5\"", "1.7134848E9", "1713484800000", "1713484800999", "\"1713484800123\"",
      "1713484800123.9"})
  void theTimestampMaySecondsOrMillisecondsAsANumberOrAString(String timestamp) throws Exception {
    CustomerIoEvent event = parser.parse(bytes("{\"event_id\":\"t\",\"object_type\":\"email\","
        + "\"metric\":\"sent\",\"timestamp\":" + timestamp + ",\"data\":{}}"));

    assertEquals(Optional.of(Instant.ofEpochSecond(1_713_484_800L)), event.timestamp());
  }

  @ParameterizedTest
  @ValueSource(strings = {"1e999999999", "9.99E+999999999", "1e-999999999", "0.5"})
  void aHugeOrTinyExponentIsReadAtOnce(String timestamp) {
    Optional<Instant> read = assertTimeoutPreemptively(Duration.ofSeconds(2),
        () -> timestampOf(timestamp));

    assertTrue(read.isEmpty() || read.get().equals(Instant.EPOCH), read.toString());
  }

  @Test
  void millisecondsBeginAboveTenToTheEleven() throws Exception {
    assertEquals(Optional.of(Instant.ofEpochSecond(99_999_999_999L)), timestampOf("99999999999"));
    assertEquals(Optional.of(Instant.ofEpochSecond(100_000_000L)), timestampOf("100000000001"));
    assertEquals(Optional.of(Instant.EPOCH), timestampOf("0"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", ",\"timestamp\":null", ",\"timestamp\":\"soon\"",
      ",\"timestamp\":\"2024-04-19T00:00:00Z\"", ",\"timestamp\":{\"s\":1}",
      ",\"timestamp\":[1713484800]", ",\"timestamp\":true", ",\"timestamp\":\"\"",
      ",\"timestamp\":-1", ",\"timestamp\":\"-1713484800\"", ",\"timestamp\":\"1e9\"",
      ",\"timestamp\":99999999999999999", ",\"timestamp\":-99999999999999999",
      ",\"timestamp\":9223372036854775807", ",\"timestamp\":99999999999999999999999",
      ",\"timestamp\":1e300"})
  void aMissingOrUnreadableTimestampIsEmptyNotTheArrivalTime(String timestamp) throws Exception {
    CustomerIoEvent event = parser.parse(bytes("{\"event_id\":\"t\",\"object_type\":\"email\","
        + "\"metric\":\"sent\"" + timestamp + ",\"data\":{}}"));

    assertEquals(Optional.empty(), event.timestamp());
  }

  @Test
  void dataJsonIsTheExactBytesOfTheDataObjectUnknownFieldsIncluded() throws Exception {
    String data = "{ \"recipient\" :\"\u00fc@example.com\" ,\n\t\"brand_new_field\":"
        + " {\"nested\": [1, 2 ,3]},"
        + "\r\n  \"emoji\":\"\uD83D\uDE00\"  }";
    // Non-ASCII before "data" makes byte offsets and character offsets differ.
    String body = "{\"event_id\":\"\u00e9v\u00e9nement-\uD83D\uDE00\", \"object_type\":\"email\","
        + "\"metric\":\"delivered\",\n\"data\" :   " + data + "   ,\"after\":\"\u00fc\"}\n";

    EmailEvent event = parse(EmailEvent.class, body);

    assertEquals(data, event.dataJson());
    assertEquals("\u00fc@example.com", event.recipient());
    assertEquals("\u00e9v\u00e9nement-\uD83D\uDE00", event.eventId());
  }

  @Test
  void unknownTopLevelFieldsAreSkipped() throws Exception {
    CustomerIoEvent event = parser.parse(bytes("{\"event_id\":\"u\",\"future\":{\"a\":[1,{}]},"
        + "\"object_type\":\"email\",\"metric\":\"sent\",\"more\":null,\"data\":{\"x\":1}}"));

    assertEquals(CustomerIoEventType.EMAIL_SENT, event.type());
    assertEquals("{\"x\":1}", event.dataJson());
  }

  // ---------------------------------------------------------------- Customer.io's quirks

  @Test
  void objectTypeTypeStandsInForAMissingObjectType() throws Exception {
    CustomerEvent event = parse(CustomerEvent.class, "{\"event_id\":\"p\","
        + "\"object_type_type\":\"email\",\"metric\":\"cio_subscription_preferences_changed\","
        + "\"timestamp\":1613063089,\"data\":{\"email_address\":\"test@example.com\"}}");

    assertEquals(CustomerIoEventType.CUSTOMER_SUBSCRIPTION_PREFERENCES_CHANGED, event.type());
    assertEquals("email", event.objectType());
    assertEquals(Optional.of(Channel.EMAIL), event.triggeringChannel());
  }

  @Test
  void aPreferencesChangeWithoutAnyObjectTypeIsTheCustomers() throws Exception {
    CustomerEvent event = parse(CustomerEvent.class, "{\"event_id\":\"p\","
        + "\"metric\":\"cio_subscription_preferences_changed\",\"data\":{}}");

    assertEquals(CustomerIoEventType.CUSTOMER_SUBSCRIPTION_PREFERENCES_CHANGED, event.type());
    assertEquals("customer", event.objectType());
    assertEquals(Optional.empty(), event.triggeringChannel());
  }

  @ParameterizedTest
  @ValueSource(strings = {"subscribed", "unsubscribed", "sent"})
  void otherEventsStillNeedAnObjectType(String metric) {
    MalformedEventException e =
        assertMalformed("{\"event_id\":\"p\",\"metric\":\"" + metric + "\",\"data\":{}}");

    assertEquals("missing object_type", e.getMessage());
  }

  @Test
  void objectTypeWinsOverObjectTypeType() throws Exception {
    CustomerEvent event = parse(CustomerEvent.class, "{\"event_id\":\"p\","
        + "\"object_type_type\":\"email\",\"object_type\":\"customer\","
        + "\"metric\":\"subscribed\",\"data\":{}}");

    assertEquals("customer", event.objectType());
  }

  @Test
  void aTransactionalMessageNameIsKept() throws Exception {
    EmailEvent event = parse(EmailEvent.class, envelope("\"email\"", "\"delivered\"",
        "{\"transactional_message_id\":\"password_reset\"}"));

    assertNull(event.attribution().transactionalMessageId());
    assertEquals("password_reset", event.attribution().transactionalMessageName());
    assertEquals(Attribution.Source.TRANSACTIONAL, event.attribution().source());
  }

  @ParameterizedTest
  @ValueSource(strings = {"7", "\"7\"", "\" 7 \""})
  void aTransactionalMessageIdIsANumberNotAName(String value) throws Exception {
    PushEvent event = parse(PushEvent.class, envelope("\"push\"", "\"sent\"",
        "{\"transactional_message_id\":" + value + "}"));

    assertEquals(7L, event.attribution().transactionalMessageId());
    assertNull(event.attribution().transactionalMessageName());
  }

  @ParameterizedTest
  @ValueSource(strings = {"null", "\"\"", "\"  \"", "7.5", "true", "[7]"})
  void aTransactionalMessageIdOfNeitherShapeIsAbsentButStaysInTheData(String value)
      throws Exception {
    String data = "{\"transactional_message_id\":" + value + "}";
    EmailEvent event = parse(EmailEvent.class, envelope("\"email\"", "\"sent\"", data));

    assertNull(event.attribution().transactionalMessageId());
    assertNull(event.attribution().transactionalMessageName());
    assertEquals(data, event.dataJson());
  }

  @Test
  void theLegacyEventTypeFormatIsRefusedSayingSo() {
    MalformedEventException e = assertMalformed("{\"data\":{\"email_id\":\"x\"},"
        + "\"event_id\":\"legacy\",\"event_type\":\"email_sent\",\"timestamp\":1500000000}");

    assertTrue(e.getMessage().startsWith("legacy Customer.io webhook format (event_type"),
        e.getMessage());
  }

  @Test
  void anEventTypeNextToObjectTypeAndMetricIsJustAnotherField() throws Exception {
    EmailEvent event = parse(EmailEvent.class, "{\"event_id\":\"e\",\"event_type\":\"old\","
        + "\"object_type\":\"email\",\"metric\":\"sent\",\"data\":{}}");

    assertEquals(CustomerIoEventType.EMAIL_SENT, event.type());
  }

  @Test
  void aUtf8ByteOrderMarkIsSkipped() throws Exception {
    byte[] body = bytes("\uFEFF" + envelope("\"email\"", "\"sent\"", "{\"subject\":\"\u00e9\"}"));
    assertEquals(0xEF, body[0] & 0xff);

    EmailEvent event = assertInstanceOf(EmailEvent.class, parser.parse(body));
    assertEquals("{\"subject\":\"\u00e9\"}", event.dataJson());
    assertEquals("\u00e9", event.subject());
  }

  @Test
  void theArrivalTimeNoLongerStandsInForAMissingTimestamp() throws Exception {
    byte[] body = bytes("{\"event_id\":\"t\",\"object_type\":\"email\",\"metric\":\"sent\"}");

    assertEquals(Optional.empty(), parser.parse(body).timestamp());
    assertEquals(Optional.empty(), parser.parse(body).timestamp());
  }

  @Test
  void escapedNulAndLoneSurrogatesAreKeptAsSent() throws Exception {
    EmailEvent event = parse(EmailEvent.class, "{\"event_id\":\"a\\u0000b\\ud800\","
        + "\"object_type\":\"email\",\"metric\":\"sent\",\"data\":{\"subject\":\"\\udc00\","
        + "\"delivery_id\":\"d\\u0000\",\"identifiers\":{\"id\":\"\\ud83d\"}}}");

    assertEquals("a\u0000b\ud800", event.eventId());
    assertEquals("\udc00", event.subject());
    assertEquals("d\u0000", event.deliveryId());
    assertEquals("\ud83d", event.identifiers().id());
  }

  // ---------------------------------------------------------------- ambiguous pairs

  @Test
  void emailUnsubscribedWithAnEmailAddressAndNoRecipientIsACustomerEvent() throws Exception {
    CustomerEvent event = parse(CustomerEvent.class, envelope("\"email\"", "\"unsubscribed\"",
        "{\"customer_id\":\"42\",\"email_address\":\"test@example.com\","
            + "\"identifiers\":{\"id\":\"42\"}}"));

    assertEquals(CustomerIoEventType.CUSTOMER_UNSUBSCRIBED, event.type());
    assertEquals("email", event.objectType());
    assertEquals(Optional.of(Channel.EMAIL), event.triggeringChannel());
    assertEquals("test@example.com", event.emailAddress());
  }

  @Test
  void emailUnsubscribedWithARecipientIsAnEmailEvent() throws Exception {
    EmailEvent event = parse(EmailEvent.class, envelope("\"email\"", "\"unsubscribed\"",
        "{\"delivery_id\":\"d\",\"recipient\":\"test@example.com\",\"subject\":\"Hi\","
            + "\"email_address\":\"test@example.com\"}"));

    assertEquals(CustomerIoEventType.EMAIL_UNSUBSCRIBED, event.type());
    assertEquals("test@example.com", event.recipient());
    assertEquals("d", event.deliveryId());
  }

  @Test
  void emailUnsubscribedWithNeitherIsAnEmailEvent() throws Exception {
    EmailEvent event = parse(EmailEvent.class, envelope("\"email\"", "\"unsubscribed\"", "{}"));

    assertEquals(CustomerIoEventType.EMAIL_UNSUBSCRIBED, event.type());
  }

  @Test
  void smsSubscriptionPreferencesChangedIsACustomerEvent() throws Exception {
    CustomerEvent event = parse(CustomerEvent.class,
        envelope("\"sms\"", "\"cio_subscription_preferences_changed\"",
            "{\"email_address\":\"test@example.com\",\"content\":\"{}\"}"));

    assertEquals(CustomerIoEventType.CUSTOMER_SUBSCRIPTION_PREFERENCES_CHANGED, event.type());
    assertEquals("sms", event.objectType());
    assertEquals(Optional.of(Channel.SMS), event.triggeringChannel());
  }

  @Test
  void smsSubscribedIsACustomerEvent() throws Exception {
    CustomerEvent event = parse(CustomerEvent.class, envelope("\"sms\"", "\"subscribed\"", "{}"));

    assertEquals(CustomerIoEventType.CUSTOMER_SUBSCRIBED, event.type());
    assertEquals("sms", event.objectType());
  }

  @Test
  void anUnknownPairIsAnUnknownEventWithEverythingKept() throws Exception {
    UnknownEvent event = parse(UnknownEvent.class, envelope("\"fax\"", "\"sent\"",
        "{\"customer_id\":\"7\",\"identifiers\":{\"id\":\"7\"},\"pages\":3}"));

    assertEquals("fax", event.objectType());
    assertEquals("sent", event.metric());
    assertEquals("fax_sent", event.name());
    assertNull(event.type());
    assertEquals("7", event.customerId());
    assertEquals(new Identifiers("7", null, null), event.identifiers());
    assertEquals("{\"customer_id\":\"7\",\"identifiers\":{\"id\":\"7\"},\"pages\":3}",
        event.dataJson());
  }

  @Test
  void anUnknownMetricOfAKnownChannelIsAnUnknownEvent() throws Exception {
    UnknownEvent event = parse(UnknownEvent.class, envelope("\"email\"", "\"teleported\"", "{}"));

    assertEquals("email_teleported", event.name());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", ",\"data\":null", ",\"data\":[1,2]", ",\"data\":\"{}\"",
      ",\"data\":42", ",\"data\":true"})
  void missingOrNonObjectDataParsesAsAnEmptyObject(String data) throws Exception {
    CustomerIoEvent event = parser.parse(bytes("{\"event_id\":\"d\",\"object_type\":\"email\","
        + "\"metric\":\"sent\"" + data + "}"));

    EmailEvent email = assertInstanceOf(EmailEvent.class, event);
    assertEquals("{}", email.dataJson());
    assertEquals(Identifiers.NONE, email.identifiers());
    assertEquals(Attribution.NONE, email.attribution());
    assertNull(email.recipient());
  }

  @Test
  void pushRecipientsThatAreNotObjectsAreSkipped() throws Exception {
    PushEvent event = parse(PushEvent.class, envelope("\"push\"", "\"sent\"",
        "{\"recipients\":[\"token\",null,{\"device_id\":\"abc\"},7]}"));

    assertEquals(List.of(new PushRecipient("abc", null, null)), event.recipients());
  }

  @Test
  void numbersAndBooleansReadAsTextAsAJsonTreeWritesThem() throws Exception {
    EmailEvent event = parse(EmailEvent.class, envelope("\"email\"", "\"clicked\"", """
        {"customer_id": 1.50, "recipient": 1e3, "subject": -0, "href": true,
         "failure_message": 99999999999999999999, "delivery_id": {"a": 1}, "content": null,
         "journey_id": 2147483648}"""));

    assertEquals("1.5", event.customerId());
    assertEquals("1000.0", event.recipient());
    assertEquals("0", event.subject());
    assertEquals("true", event.href());
    assertEquals("99999999999999999999", event.failureMessage());
    assertNull(event.deliveryId());
    assertNull(event.content());
    assertEquals("2147483648", event.attribution().journeyId());
  }

  @Test
  void idsBeyondAnIntAreRead() throws Exception {
    EmailEvent event = parse(EmailEvent.class, envelope("\"email\"", "\"sent\"",
        "{\"campaign_id\":9223372036854775807,\"action_id\":2147483648,"
            + "\"trigger_id\":-1,\"content_id\":\"9223372036854775808\"}"));

    assertEquals(Long.MAX_VALUE, event.attribution().campaignId());
    assertEquals(2_147_483_648L, event.attribution().actionId());
    assertEquals(-1L, event.attribution().triggerId());
    assertNull(event.attribution().contentId());
  }

  @Test
  void headersKeepTheirScalarsAsTextAndLeaveOutNullsAndNesting() throws Exception {
    EmailEvent event = parse(EmailEvent.class, envelope("\"email\"", "\"sent\"", """
        {"headers": {"A": ["x", 1, 2.50, true, null, [2], {"b": 3}], "B": "single", "C": 7,
                     "D": null, "E": {"x": 1}, "F": []}}"""));

    Map<String, List<String>> expected = new java.util.LinkedHashMap<>();
    expected.put("A", List.of("x", "1", "2.5", "true"));
    expected.put("B", List.of("single"));
    expected.put("C", List.of("7"));
    expected.put("D", List.of());
    expected.put("E", List.of());
    expected.put("F", List.of());
    assertEquals(expected, event.headers());
    assertEquals(List.copyOf(expected.keySet()), List.copyOf(event.headers().keySet()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"[\"x\"]", "\"x\"", "null", "1"})
  void headersThatAreNotAnObjectAreEmpty(String headers) throws Exception {
    EmailEvent event = parse(EmailEvent.class, envelope("\"email\"", "\"sent\"",
        "{\"headers\":" + headers + ",\"recipient\":\"r\"}"));

    assertEquals(Map.of(), event.headers());
    assertEquals("r", event.recipient());
  }

  @Test
  void identifiersAreReadAsTextAndTheirOtherFieldsSkipped() throws Exception {
    EmailEvent event = parse(EmailEvent.class, envelope("\"email\"", "\"sent\"", """
        {"identifiers": {"extra": {"id": "nested"}, "id": 42, "email": null,
                         "cio_id": ["c"], "more": [1, {"x": 2}]}, "customer_id": "c1"}"""));

    assertEquals(new Identifiers("42", null, null), event.identifiers());
    assertEquals("c1", event.customerId());
  }

  @ParameterizedTest
  @ValueSource(strings = {"[{\"id\":\"1\"}]", "\"1\"", "null", "7"})
  void identifiersThatAreNotAnObjectAreNone(String identifiers) throws Exception {
    EmailEvent event = parse(EmailEvent.class, envelope("\"email\"", "\"sent\"",
        "{\"identifiers\":" + identifiers + ",\"customer_id\":\"c1\"}"));

    assertEquals(Identifiers.NONE, event.identifiers());
    assertEquals("c1", event.customerId());
  }

  @Test
  void pushRecipientFieldsAreReadAsTextAndOthersSkipped() throws Exception {
    PushEvent event = parse(PushEvent.class, envelope("\"push\"", "\"sent\"", """
        {"recipients": [{"x": [1, 2], "device_id": 7, "device_platform": {"os": "ios"},
                         "failure_message": "gone"}], "href": "h"}"""));

    assertEquals(List.of(new PushRecipient("7", null, "gone")), event.recipients());
    assertEquals("h", event.href());
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"r\":1}", "\"r\"", "null", "1"})
  void pushRecipientsThatAreNotAnArrayAreNone(String recipients) throws Exception {
    PushEvent event = parse(PushEvent.class, envelope("\"push\"", "\"sent\"",
        "{\"recipients\":" + recipients + ",\"href\":\"h\"}"));

    assertEquals(List.of(), event.recipients());
    assertEquals("h", event.href());
  }

  @ParameterizedTest
  @ValueSource(strings = {"null", "{}", "[]", "\"\"", "0"})
  void anEmailAddressOfAnyValueMakesAnUnsubscribeTheCustomers(String value) throws Exception {
    CustomerEvent event = parse(CustomerEvent.class, envelope("\"email\"", "\"unsubscribed\"",
        "{\"email_address\":" + value + "}"));

    assertEquals(CustomerIoEventType.CUSTOMER_UNSUBSCRIBED, event.type());
    assertEquals(parser.readWhatCan(bytes(envelope("\"email\"", "\"unsubscribed\"",
        "{\"email_address\":" + value + "}"))).eventName(), event.name());
  }

  @Test
  void aFieldsReadAfterSkippedContainersKeepTheirValues() throws Exception {
    SmsEvent event = parse(SmsEvent.class, envelope("\"sms\"", "\"sent\"", """
        {"a": {"recipient": "inner", "b": [{"to": "x"}]}, "recipient": "outer",
         "c": [[["deep"]]], "to": "+1555"}"""));

    assertEquals("outer", event.recipient());
    assertEquals("+1555", event.to());
  }

  // ---------------------------------------------------------------- not events

  @Test
  void twoEventIdsAreRefused() {
    MalformedEventException e = assertMalformed("{\"event_id\":\"a\",\"event_id\":\"b\","
        + "\"object_type\":\"email\",\"metric\":\"sent\",\"data\":{}}");

    assertEquals("duplicate key \"event_id\" at /event_id", e.getMessage());
  }

  @Test
  void duplicateKeysInsideDataAreRefused() {
    MalformedEventException e = assertMalformed(envelope("\"email\"", "\"sent\"",
        "{\"recipient\":\"a@example.com\",\"recipient\":\"b@example.com\"}"));

    assertEquals("duplicate key \"recipient\" at /data/recipient", e.getMessage());
  }

  @Test
  void anotherObjectAfterTheEventIsRefused() {
    MalformedEventException e = assertMalformed(envelope("\"email\"", "\"sent\"", "{}") + "{}");

    assertEquals("unexpected content after the JSON object", e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {" x", "]", "}", ",", "[]", "\"tail\"", "1"})
  void anyContentAfterTheEventIsRefused(String trailing) {
    assertMalformed(envelope("\"email\"", "\"sent\"", "{}") + trailing);
  }

  @Test
  void whitespaceAfterTheEventIsFine() throws Exception {
    CustomerIoEvent event = parser.parse(
        bytes(envelope("\"email\"", "\"sent\"", "{}") + " \r\n\t "));

    assertEquals(CustomerIoEventType.EMAIL_SENT, event.type());
  }

  @ParameterizedTest
  @ValueSource(strings = {"null", "[]", "[{\"event_id\":\"a\"}]", "\"event\"", "42", "true"})
  void aBodyThatIsNotAnObjectIsRefused(String body) {
    String reason = assertMalformed(body).getMessage();

    assertTrue(reason.startsWith("body is not a JSON object but "), reason);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   ", " \r\n\t", "\uFEFF", "\uFEFF  \n"})
  void anEmptyBodyIsRefusedAsEmpty(String body) {
    assertEquals("empty body", assertMalformed(body).getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"{", "{\"event_id\":", "{\"event_id\":\"a\"", "{event_id:\"a\"}",
      "{'event_id':'a'}", "{\"event_id\":\"a\",}", "{\"event_id\":\"a\"\"object_type\":\"b\"}"})
  void malformedJsonIsRefusedWithAOneLineReason(String body) {
    MalformedEventException e = assertMalformed(body);

    assertTrue(e.getMessage().startsWith("malformed JSON at "), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"object_type\":7", "\"object_type\":null", "\"object_type\":\"\"",
      "\"object_type\":\"  \"", "\"object_type\":[\"email\"]", "\"object_type\":{\"v\":\"email\"}"})
  void anObjectTypeThatIsNotAStringIsMissing(String objectType) {
    MalformedEventException e = assertMalformed(
        "{\"event_id\":\"a\"," + objectType + ",\"metric\":\"sent\",\"data\":{}}");

    assertEquals("missing object_type", e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "\"event_id\":null,", "\"event_id\":\"\",", "\"event_id\":1.5,",
      "\"event_id\":true,", "\"event_id\":[\"a\"],", "\"event_id\":{\"id\":\"a\"},"})
  void anEventIdThatIsNotAStringOrWholeNumberIsMissing(String eventId) {
    MalformedEventException e = assertMalformed(
        "{" + eventId + "\"object_type\":\"email\",\"metric\":\"sent\",\"data\":{}}");

    assertEquals("missing event_id", e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", ",\"metric\":5", ",\"metric\":false", ",\"metric\":\"\""})
  void aMetricThatIsNotAStringIsMissing(String metric) {
    MalformedEventException e = assertMalformed(
        "{\"event_id\":\"a\",\"object_type\":\"email\"" + metric + ",\"data\":{}}");

    assertEquals("missing metric", e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(ints = {0xC0, 0xE9, 0xED, 0xF5, 0xFF, 0x80})
  void aBodyThatIsNotUtf8IsRefusedSayingWhere(int bad) {
    byte[] body = bytes(envelope("\"email\"", "\"sent\"", "{\"subject\":\"caf#\"}"));
    body[new String(body, StandardCharsets.UTF_8).indexOf('#')] = (byte) bad;

    MalformedEventException e =
        assertThrows(MalformedEventException.class, () -> parser.parse(body));
    assertTrue(e.getMessage().startsWith("body is not UTF-8: "), e.getMessage());
    assertTrue(e.getMessage().endsWith(" (in /data/subject)"), e.getMessage());
  }

  /**
   * Jackson, not a pass of Hooky's own, finds ill-formed UTF-8; this holds it to the JDK's strict
   * decoder, in a value, a field name and a skipped field, so that a Jackson upgrade cannot let
   * broken bytes through into data's text.
   */
  @Test
  void illFormedUtf8IsRefusedWhereverItIsAsTheJdkWould() {
    Random random = new Random(20_261_206L);
    for (int round = 0; round < 30_000; round++) {
      byte[] sequence = new byte[1 + random.nextInt(5)];
      for (int i = 0; i < sequence.length; i++) {
        // Mostly the bytes that make multi-byte sequences, where the mistakes would be.
        sequence[i] = (byte) (random.nextInt(4) == 0
            ? 'a' + random.nextInt(26) : 0x80 + random.nextInt(128));
      }
      boolean wellFormed = jdkDecodes(sequence);
      for (String[] around : new String[][] {
          {"{\"subject\":\"", "\"}"}, {"{\"", "\":1}"}, {"{\"x\":[\"", "\"]}"}}) {
        byte[] data = concat(bytes(around[0]), sequence, bytes(around[1]));
        byte[] body = concat(bytes("{\"event_id\":\"u\",\"object_type\":\"email\","
            + "\"metric\":\"sent\",\"skipped\":"), wellFormed ? bytes("1") : data,
            bytes(",\"data\":"), data, bytes("}"));
        String what = HexFormat.of().formatHex(sequence) + " in " + around[0];
        try {
          EmailEvent event = assertInstanceOf(EmailEvent.class, parser.parse(body));
          assertTrue(wellFormed, what);
          assertEquals(new String(data, StandardCharsets.UTF_8), event.dataJson(), what);
        } catch (MalformedEventException e) {
          assertFalse(wellFormed, what + ": " + e.getMessage());
          assertTrue(e.getMessage().startsWith("body is not UTF-8: "), what + ": " + e.getMessage());
        }
      }
    }
  }

  @Test
  void utf16AndUtf32AreRefusedAsNotUtf8() {
    String json = envelope("\"email\"", "\"sent\"", "{\"a\":1}");
    for (Charset charset : List.of(StandardCharsets.UTF_16BE, StandardCharsets.UTF_16LE,
        StandardCharsets.UTF_16, Charset.forName("UTF-32"))) {
      MalformedEventException e = assertThrows(MalformedEventException.class,
          () -> parser.parse(json.getBytes(charset)), charset.name());
      assertTrue(e.getMessage().startsWith("body is not UTF-8"), e.getMessage());
    }
  }

  @Test
  void aNullBodyIsEmpty() {
    MalformedEventException e =
        assertThrows(MalformedEventException.class, () -> parser.parse(null));

    assertEquals("empty body", e.getMessage());
  }

  @Test
  void aReasonThatQuotesTheBodyHoldsNoControlCharactersOrLoneSurrogates() {
    MalformedEventException duplicate = assertMalformed(envelope("\"email\"", "\"sent\"",
        "{\"a\\u0000\\t\\uD83D\\uDE00\":1,\"a\\u0000\\t\\uD83D\\uDE00\":2}"));
    MalformedEventException legacy = assertMalformed(
        "{\"event_id\":\"l\",\"event_type\":\"x\\u0000\\ud800\\uD83D\\uDE00\"}");

    assertEquals("duplicate key \"a\uFFFD\uFFFD\uD83D\uDE00\" at /data/a\uFFFD\uFFFD\uD83D\uDE00",
        duplicate.getMessage());
    assertTrue(legacy.getMessage().contains("(event_type \"x\uFFFD\uFFFD\uD83D\uDE00\")"),
        legacy.getMessage());
  }

  @Test
  void aLoneSurrogateInAFieldNameIsMalformed() {
    MalformedEventException e = assertMalformed(envelope("\"email\"", "\"sent\"",
        "{\"headers\":{\"X-\\ud800\":[\"v\"]}}"));

    assertTrue(e.getMessage().startsWith("malformed JSON at byte "), e.getMessage());
  }

  @Test
  void nanAndInfinityAreNotJson() {
    for (String value : List.of("NaN", "Infinity", "-Infinity", "+1")) {
      MalformedEventException e = assertMalformed(envelope("\"email\"", "\"sent\"",
          "{\"link_id\":" + value + "}"));
      assertTrue(e.getMessage().startsWith("malformed JSON at byte "), e.getMessage());
      assertFalse(e.getMessage().contains("enable"), e.getMessage());
    }
  }

  // ---------------------------------------------------------------- what can be read

  @Test
  void whatCanBeReadOfAnEventIsItsIdAndCatalogName() {
    assertEquals(new PartialEvent("01HZX3K9Q4M7S2T8V6W1Y5B0CD",
        "customer_subscription_preferences_changed"), parser.readWhatCan(bytes(envelope(
            "\"customer\"", "\"cio_subscription_preferences_changed\"", "{}"))));
    assertEquals(new PartialEvent("01HZX3K9Q4M7S2T8V6W1Y5B0CD", "fax_sent"),
        parser.readWhatCan(bytes(envelope("\"fax\"", "\"sent\"", "{}"))));
  }

  @Test
  void whatCanBeReadTellsACustomerUnsubscribeFromAnEmailOne() {
    assertEquals("customer_unsubscribed", parser.readWhatCan(bytes(envelope("\"email\"",
        "\"unsubscribed\"", "{\"email_address\":\"a@b\",\"x\":[{}]}"))).eventName());
    assertEquals("email_unsubscribed", parser.readWhatCan(bytes(envelope("\"email\"",
        "\"unsubscribed\"", "{\"email_address\":\"a@b\",\"recipient\":\"a@b\"}"))).eventName());
  }

  @Test
  void whatCanBeReadStopsWhereTheBodyBreaks() {
    assertEquals(new PartialEvent("a", PartialEvent.UNKNOWN_NAME),
        parser.readWhatCan(bytes("{\"event_id\":\"a\",\"object_type\":\"email\" \"metric\"")));
    assertEquals(new PartialEvent("a", "email_sent"), parser.readWhatCan(bytes(
        "{\"event_id\":\"a\",\"object_type\":\"email\",\"metric\":\"sent\",\"data\":{\"x\":NaN")));
  }

  @Test
  void whatCanBeReadReadsPastADuplicateKeyInData() {
    assertEquals(new PartialEvent("a", "sms_sent"), parser.readWhatCan(bytes(
        "{\"data\":{\"r\":1,\"r\":2},\"event_id\":\"a\",\"object_type\":\"sms\","
            + "\"metric\":\"sent\"}")));
  }

  @Test
  void twoDifferentEventIdsAreNoIdButTheSameOneTwiceIsOne() {
    assertNull(parser.readWhatCan(bytes("{\"event_id\":\"a\",\"event_id\":\"b\"}")).eventId());
    assertEquals("a",
        parser.readWhatCan(bytes("{\"event_id\":\"a\",\"event_id\":\"a\"}")).eventId());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "[]", "[{\"event_id\":\"a\"}]", "\"a\"", "null", "{",
      "{\"event_id\":\"\"}", "{\"event_id\":\"  \"}", "{\"event_id\":true}",
      "{\"event_id\":{\"a\":1}}", "{\"event_id\":1.5}"})
  void whatCanBeReadOfABodyWithoutAnIdIsNothing(String body) {
    assertEquals(new PartialEvent(null, PartialEvent.UNKNOWN_NAME),
        parser.readWhatCan(bytes(body)));
  }

  @Test
  void whatCanBeReadOfNothingIsNothing() {
    assertEquals(new PartialEvent(null, PartialEvent.UNKNOWN_NAME), parser.readWhatCan(null));
    assertEquals(new PartialEvent(null, PartialEvent.UNKNOWN_NAME),
        parser.readWhatCan(new byte[] {(byte) 0xFF, (byte) 0xFE, 0, 0}));
  }

  @Test
  void whatCanBeReadOfALegacyBodyIsItsIdAndEventType() {
    assertEquals(new PartialEvent("l", "email_sent"), parser.readWhatCan(bytes(
        "{\"event_id\":\"l\",\"event_type\":\"email_sent\",\"data\":{}}")));
  }

  @Test
  void whatCanBeReadOfAnIdTooLongIsNoId() {
    String longest = "i".repeat(EventParser.MAX_EVENT_ID_LENGTH);
    assertEquals(longest,
        parser.readWhatCan(bytes("{\"event_id\":\"" + longest + "\"}")).eventId());
    assertNull(
        parser.readWhatCan(bytes("{\"event_id\":\"" + longest + "i\"}")).eventId());
  }

  // ---------------------------------------------------------------- limits

  @Test
  void nestingIsLimitedToThirtyTwoLevels() throws Exception {
    // The event object is level 1, data level 2, its field's array level 3.
    int allowed = EventParser.MAX_NESTING_DEPTH - 2;
    parser.parse(bytes(envelope("\"email\"", "\"sent\"",
        "{\"x\":" + "[".repeat(allowed) + "]".repeat(allowed) + "}")));

    MalformedEventException e = assertMalformed(envelope("\"email\"", "\"sent\"",
        "{\"x\":" + "[".repeat(allowed + 1) + "]".repeat(allowed + 1) + "}"));
    assertTrue(e.getMessage().startsWith("body exceeds a parsing limit"), e.getMessage());
  }

  @Test
  void deepNestingOutsideDataIsRefusedToo() {
    MalformedEventException e = assertMalformed("{\"event_id\":\"a\",\"object_type\":\"email\","
        + "\"metric\":\"sent\",\"skipped\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}");

    assertTrue(e.getMessage().startsWith("body exceeds a parsing limit"), e.getMessage());
  }

  @Test
  void numbersAreLimitedToFortyCharacters() throws Exception {
    int allowed = EventParser.MAX_NUMBER_LENGTH;
    EmailEvent event = parse(EmailEvent.class, envelope("\"email\"", "\"sent\"",
        "{\"action_id\":" + "9".repeat(allowed) + "}"));
    assertNull(event.attribution().actionId(), "too large for a long");

    MalformedEventException e = assertMalformed(envelope("\"email\"", "\"sent\"",
        "{\"action_id\":" + "9".repeat(allowed + 1) + "}"));
    assertTrue(e.getMessage().startsWith("body exceeds a parsing limit"), e.getMessage());
    assertTrue(assertMalformed(envelope("\"email\"", "\"sent\"",
        "{\"x\":0." + "1".repeat(1_000) + "}")).getMessage()
        .startsWith("body exceeds a parsing limit"));
  }

  @Test
  void stringsAreLimitedToFourMebibytes() throws Exception {
    int allowed = EventParser.MAX_STRING_LENGTH;
    EmailEvent event = parse(EmailEvent.class, envelope("\"email\"", "\"sent\"",
        "{\"content\":\"" + "x".repeat(allowed) + "\"}"));
    assertEquals(allowed, event.content().length());

    MalformedEventException e = assertMalformed(envelope("\"email\"", "\"sent\"",
        "{\"content\":\"" + "x".repeat(allowed + 1) + "\"}"));
    assertTrue(e.getMessage().startsWith("body exceeds a parsing limit"), e.getMessage());
  }

  @Test
  void fieldNamesAreLimited() throws Exception {
    int allowed = EventParser.MAX_NAME_LENGTH;
    parser.parse(bytes(envelope("\"email\"", "\"sent\"", "{\"" + "n".repeat(allowed) + "\":1}")));

    MalformedEventException e = assertMalformed(
        envelope("\"email\"", "\"sent\"", "{\"" + "n".repeat(allowed + 1) + "\":1}"));
    assertTrue(e.getMessage().startsWith("body exceeds a parsing limit"), e.getMessage());
  }

  // ---------------------------------------------------------------- helpers

  private <T extends CustomerIoEvent> T parse(Class<T> type, String body) throws Exception {
    return assertInstanceOf(type, parser.parse(bytes(body)));
  }

  private Optional<Instant> timestampOf(String timestamp) throws Exception {
    return parser.parse(bytes("{\"event_id\":\"t\",\"object_type\":\"email\",\"metric\":\"sent\","
        + "\"timestamp\":" + timestamp + "}")).timestamp();
  }

  private static boolean jdkDecodes(byte[] bytes) {
    try {
      StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  private MalformedEventException assertMalformed(String body) {
    return assertThrows(MalformedEventException.class, () -> parser.parse(bytes(body)));
  }

  private static String envelope(String objectType, String metric, String data) {
    return "{\"event_id\":\"01HZX3K9Q4M7S2T8V6W1Y5B0CD\",\"object_type\":" + objectType
        + ",\"metric\":" + metric + ",\"timestamp\":1713484800,\"data\":" + data + "}";
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
