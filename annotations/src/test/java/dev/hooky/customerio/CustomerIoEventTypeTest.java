package dev.hooky.customerio;

import static dev.hooky.customerio.CustomerIoEventType.CUSTOMER_SUBSCRIPTION_PREFERENCES_CHANGED;
import static java.util.stream.Collectors.toList;
import static java.util.stream.Collectors.toSet;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class CustomerIoEventTypeTest {

  /** An event listed on the product page, with its description. */
  private record SeedEvent(String name, String description) {}

  /**
   * The 42 events listed under "Supported Customer.io Webhook Events" on the product page
   * (/work/shared/seed/hooky-customerio-page.txt), copied verbatim, typographic quotes included.
   */
  private static final List<SeedEvent> SEED_PAGE_EVENTS = List.of(
      seed("customer_subscribed",
          "A person’s “unsubscribed” attribute was explicitly set to “false”"),
      seed("customer_unsubscribed",
          "A person’s “unsubscribed” attribute was explicitly set to “true”"),
      seed("email_drafted", "An email draft was created"),
      seed("email_attempted",
          "An email that couldn’t be sent to the delivery provider will be retried"),
      seed("email_deferred",
          "An email that the delivery provider couldn’t send will be retried by the delivery"
              + " provider"),
      seed("email_sent", "An email was sent from Customer.io to the delivery provider"),
      seed("email_delivered", "The delivery provider reported the email was delivered to an inbox"),
      seed("email_opened", "An email was opened"),
      seed("email_clicked", "A tracked link in an email was clicked"),
      seed("email_converted", "A person matched a conversion goal attributed to an email"),
      seed("email_unsubscribed", "A person unsubscribed via a particular email"),
      seed("email_bounced", "The delivery provider was unable to deliver the email"),
      seed("email_dropped",
          "An email wasn’t sent because it was addressed to a person who was suppressed"),
      seed("email_spammed", "An email was marked as spam by the recipient"),
      seed("email_failed", "An email couldn’t be sent to the delivery provider"),
      seed("push_drafted", "A push notification draft was created"),
      seed("push_attempted",
          "A push notification that couldn’t be sent to the delivery provider will be retried"),
      seed("push_sent", "A push notification was sent from Customer.io to the delivery provider"),
      seed("push_opened",
          "The app on a person’s device reported the push notification was opened. If you don’t"
              + " report opened metrics to us using the API, you will only see this event type"
              + " when a person traps a tracked link in a notification resulting in opened and"
              + " clicked events with identical timestamps."),
      seed("push_clicked", "A tracked link in a push notification has been clicked"),
      seed("push_converted", "A person matched a conversion goal attributed to a push notification"),
      seed("push_bounced", "The delivery provider reported at least one invalid device token"),
      seed("push_dropped",
          "A push notification wasn’t sent because at least one device token previously bounced"),
      seed("push_failed", "A push notification couldn’t be sent to the delivery provider"),
      seed("sms_drafted", "An SMS draft was created"),
      seed("sms_attempted", "An SMS that couldn’t be sent to the delivery provider will be retried"),
      seed("sms_sent", "An SMS was sent from Customer.io to the delivery provider"),
      seed("sms_delivered", "The delivery provider reported the SMS was delivered"),
      seed("sms_clicked", "A tracked link in an SMS has been clicked"),
      seed("sms_converted", "A person matched a conversion goal attributed to an SMS"),
      seed("sms_bounced", "The delivery provider was unable to deliver the SMS"),
      seed("sms_failed", "An SMS couldn’t be sent to the delivery provider"),
      seed("slack_drafted", "A slack draft was created"),
      seed("slack_attempted", "A slack message that couldn’t be sent will be retried"),
      seed("slack_sent", "A slack message was sent from Customer.io to slack"),
      seed("slack_clicked", "A tracked link in a slack message has been clicked"),
      seed("slack_failed", "A slack message couldn’t be sent to slack"),
      seed("webhook_drafted", "A webhook draft was created"),
      seed("webhook_attempted", "A webhook that couldn’t be sent will be retried"),
      seed("webhook_sent", "A webhook was sent from Customer.io to the specified Webhook URL"),
      seed("webhook_clicked", "A tracked link in a webhook payload has been opened"),
      seed("webhook_failed", "A webhook couldn’t be sent to the specified Webhook URL"));

  /**
   * The event names Customer.io's App API accepts in a reporting webhook's config (the {@code
   * events} enum), copied from §3.2 of /work/shared/reference/customerio-webhooks.md.
   */
  private static final List<String> CONFIG_EVENT_NAMES = words("""
      customer_subscribed customer_unsubscribed customer_subscription_preferences_changed
      email_drafted email_attempted email_sent email_delivered email_opened email_clicked email_converted
      email_bounced email_dropped email_deferred email_spammed email_failed email_unsubscribed email_undeliverable
      in_app_drafted in_app_attempted in_app_sent in_app_opened in_app_clicked in_app_converted in_app_failed in_app_undeliverable
      push_drafted push_attempted push_sent push_delivered push_opened push_clicked push_converted push_bounced push_dropped push_failed push_undeliverable
      slack_drafted slack_attempted slack_sent slack_clicked slack_converted slack_failed
      sms_drafted sms_attempted sms_sent sms_delivered sms_clicked sms_converted sms_bounced sms_dropped sms_failed sms_undeliverable sms_replied
      whatsapp_drafted whatsapp_attempted whatsapp_sent whatsapp_delivered whatsapp_opened whatsapp_clicked whatsapp_converted whatsapp_bounced whatsapp_dropped whatsapp_failed whatsapp_undeliverable whatsapp_replied
      webhook_drafted webhook_attempted webhook_sent webhook_clicked webhook_converted webhook_failed webhook_undeliverable
      """);

  /**
   * The (object_type, metric) pairs with a payload schema in Customer.io's spec, copied from §3.1 of
   * /work/shared/reference/customerio-webhooks.md: the object type, then its metrics.
   */
  private static final List<String> PAYLOAD_SCHEMA_ROWS = List.of(
      "customer subscribed unsubscribed cio_subscription_preferences_changed",
      "email drafted attempted sent delivered opened clicked converted unsubscribed bounced dropped"
          + " spammed failed undeliverable",
      "push drafted attempted sent delivered opened clicked converted bounced dropped failed"
          + " undeliverable",
      "sms drafted attempted sent delivered clicked converted bounced failed undeliverable replied",
      "whatsapp drafted attempted sent delivered opened clicked converted bounced dropped failed"
          + " undeliverable replied",
      "in_app drafted attempted sent opened clicked converted failed undeliverable",
      "slack drafted attempted sent clicked failed undeliverable",
      "webhook drafted attempted sent clicked failed undeliverable");

  private static SeedEvent seed(String name, String description) {
    return new SeedEvent(name, description);
  }

  private static List<String> words(String text) {
    return Arrays.asList(text.strip().split("\\s+"));
  }

  /** Makes the seed page's typographic apostrophes comparable with the catalog's. */
  private static String normalise(String text) {
    return text.replace('\u2019', '\'').replace('\u2018', '\'');
  }

  static Stream<SeedEvent> seedPageEvents() {
    return SEED_PAGE_EVENTS.stream();
  }

  static Stream<String> configEventNames() {
    return CONFIG_EVENT_NAMES.stream();
  }

  static Stream<String[]> payloadSchemaPairs() {
    return PAYLOAD_SCHEMA_ROWS.stream().flatMap(row -> {
      List<String> cells = words(row);
      return cells.stream().skip(1).map(metric -> new String[] {cells.get(0), metric});
    });
  }

  // --- the copied lists themselves -----------------------------------------------------------

  @Test
  void copiedListsAreComplete() {
    assertEquals(42, SEED_PAGE_EVENTS.size());
    assertEquals(42, SEED_PAGE_EVENTS.stream().map(SeedEvent::name).distinct().count());
    assertEquals(72, CONFIG_EVENT_NAMES.size());
    assertEquals(72, new HashSet<>(CONFIG_EVENT_NAMES).size());
    assertEquals(69, payloadSchemaPairs().count());
  }

  // --- names ---------------------------------------------------------------------------------

  @ParameterizedTest
  @MethodSource("seedPageEvents")
  void everyEventOnTheSeedPageResolves(SeedEvent seed) {
    Optional<CustomerIoEventType> type = CustomerIoEventType.fromName(seed.name());

    assertTrue(type.isPresent(), seed.name());
    assertEquals(seed.name(), type.get().eventName());
  }

  @ParameterizedTest
  @MethodSource("configEventNames")
  void everyConfigEventNameResolves(String name) {
    Optional<CustomerIoEventType> type = CustomerIoEventType.fromName(name);

    assertTrue(type.isPresent(), name);
    assertEquals(name, type.get().eventName());
  }

  @Test
  void theOnlyCatalogEventMissingFromTheConfigListIsSlackUndeliverable() {
    Set<String> notConfigurable = Stream.of(CustomerIoEventType.values())
        .map(CustomerIoEventType::eventName)
        .filter(name -> !CONFIG_EVENT_NAMES.contains(name))
        .collect(toSet());

    // slack_undeliverable has a payload schema (§3.1) but is missing from the config enum (§3.2).
    assertEquals(Set.of("slack_undeliverable"), notConfigurable);
  }

  @ParameterizedTest
  @MethodSource("payloadSchemaPairs")
  void everyPairWithAPayloadSchemaResolves(String objectType, String metric) {
    Optional<CustomerIoEventType> type = CustomerIoEventType.fromPayload(objectType, metric);

    assertTrue(type.isPresent(), objectType + "/" + metric);
    assertEquals(objectType, type.get().objectType());
    assertEquals(metric, type.get().metric());
  }

  @Test
  void catalogHasExactly73Events() {
    assertEquals(73, CustomerIoEventType.values().length);
  }

  @Test
  void eventNamesAreUnique() {
    Set<String> names = Stream.of(CustomerIoEventType.values())
        .map(CustomerIoEventType::eventName)
        .collect(toSet());

    assertEquals(CustomerIoEventType.values().length, names.size());
  }

  @ParameterizedTest
  @EnumSource(CustomerIoEventType.class)
  void fromNameFindsEachEventByItsName(CustomerIoEventType type) {
    assertEquals(Optional.of(type), CustomerIoEventType.fromName(type.eventName()));
  }

  @ParameterizedTest
  @EnumSource(CustomerIoEventType.class)
  void fromPayloadFindsEachEventByItsObjectTypeAndMetric(CustomerIoEventType type) {
    assertEquals(
        Optional.of(type), CustomerIoEventType.fromPayload(type.objectType(), type.metric()));
  }

  @ParameterizedTest
  @EnumSource(value = CustomerIoEventType.class, mode = EnumSource.Mode.EXCLUDE,
      names = "CUSTOMER_SUBSCRIPTION_PREFERENCES_CHANGED")
  void eventNameIsObjectTypeAndMetric(CustomerIoEventType type) {
    assertEquals(type.objectType() + "_" + type.metric(), type.eventName());
  }

  @Test
  void subscriptionPreferencesEventIsNamedUnlikeItsMetric() {
    assertEquals("customer_subscription_preferences_changed",
        CUSTOMER_SUBSCRIPTION_PREFERENCES_CHANGED.eventName());
    assertEquals("cio_subscription_preferences_changed",
        CUSTOMER_SUBSCRIPTION_PREFERENCES_CHANGED.metric());
    assertEquals("customer", CUSTOMER_SUBSCRIPTION_PREFERENCES_CHANGED.objectType());
  }

  @ParameterizedTest
  @EnumSource(CustomerIoEventType.class)
  void eventNameStartsWithItsChannelPrefix(CustomerIoEventType type) {
    // Channel wildcards (email_*) depend on this.
    assertTrue(type.eventName().startsWith(type.channel().objectType() + "_"), type.eventName());
    assertEquals(type.channel().objectType(), type.objectType());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "cio_subscription_preferences_changed", // the metric, not the name
      "customer_cio_subscription_preferences_changed",
      "email_exploded",
      "fax_sent",
      "email_*",
      "*",
      "EMAIL_SENT",
      " email_sent",
  })
  @NullAndEmptySource
  void fromNameOfAnUnknownNameIsEmpty(String name) {
    assertEquals(Optional.empty(), CustomerIoEventType.fromName(name));
  }

  // --- payload quirks ------------------------------------------------------------------------

  @ParameterizedTest
  @CsvSource({
      // Customer events carry the object type of the channel that triggered them.
      "email, subscribed, CUSTOMER_SUBSCRIBED",
      "sms, subscribed, CUSTOMER_SUBSCRIBED",
      "sms, unsubscribed, CUSTOMER_UNSUBSCRIBED",
      "push, unsubscribed, CUSTOMER_UNSUBSCRIBED",
      "sms, cio_subscription_preferences_changed, CUSTOMER_SUBSCRIPTION_PREFERENCES_CHANGED",
      "email, cio_subscription_preferences_changed, CUSTOMER_SUBSCRIPTION_PREFERENCES_CHANGED",
      // ...except (email, unsubscribed), which is also the message-level event.
      "email, unsubscribed, EMAIL_UNSUBSCRIBED",
      "customer, unsubscribed, CUSTOMER_UNSUBSCRIBED",
      "customer, subscribed, CUSTOMER_SUBSCRIBED",
  })
  void fromPayloadResolvesCustomerMetricsSentWithAChannelObjectType(
      String objectType, String metric, CustomerIoEventType expected) {
    assertEquals(Optional.of(expected), CustomerIoEventType.fromPayload(objectType, metric));
  }

  @ParameterizedTest
  @CsvSource(nullValues = "NULL", value = {
      "email, exploded",
      "fax, sent",
      "fax, subscribed",
      "customer, sent",
      "customer, customer_subscription_preferences_changed",
      "'', sent",
      "NULL, sent",
      "email, NULL",
      "NULL, NULL",
  })
  void fromPayloadOfAnUnknownPairIsEmpty(String objectType, String metric) {
    assertEquals(Optional.empty(), CustomerIoEventType.fromPayload(objectType, metric));
  }

  // --- descriptions --------------------------------------------------------------------------

  @ParameterizedTest
  @EnumSource(CustomerIoEventType.class)
  void descriptionIsOneNonBlankLine(CustomerIoEventType type) {
    String description = type.description();

    assertFalse(description == null || description.isBlank(), type.name());
    assertFalse(description.contains("\n") || description.contains("\r"), type.name());
    assertEquals(description.strip(), description, type.name());
  }

  @ParameterizedTest
  @MethodSource("seedPageEvents")
  void descriptionMatchesTheSeedPage(SeedEvent seed) {
    String seedText = normalise(seed.description());
    String description = normalise(CustomerIoEventType.fromName(seed.name()).orElseThrow()
        .description());

    if (seed.name().equals("push_opened")) {
      // The seed's text is several sentences; the catalog keeps only the first.
      assertTrue(seedText.startsWith(description), description);
      assertNotEquals(seedText, description);
    } else {
      assertEquals(seedText, description);
    }
  }

  // --- channels ------------------------------------------------------------------------------

  @ParameterizedTest
  @CsvSource({
      "CUSTOMER, 3", "EMAIL, 14", "PUSH, 11", "SMS, 11",
      "SLACK, 7", "WEBHOOK, 7", "IN_APP, 8", "WHATSAPP, 12",
  })
  void ofChannelHasTheChannelsEventsInCatalogOrder(Channel channel, int size) {
    List<CustomerIoEventType> expected = Stream.of(CustomerIoEventType.values())
        .filter(type -> type.channel() == channel)
        .collect(toList());

    assertEquals(size, CustomerIoEventType.ofChannel(channel).size());
    assertEquals(expected, List.copyOf(CustomerIoEventType.ofChannel(channel)));
  }

  @Test
  void ofChannelPartitionsTheCatalog() {
    Stream<Executable> checks = Stream.of(CustomerIoEventType.values()).flatMap(type ->
        Stream.of(Channel.values()).map(channel -> () -> assertEquals(
            channel == type.channel(),
            CustomerIoEventType.ofChannel(channel).contains(type),
            type + " in ofChannel(" + channel + ")")));
    assertAll(checks);

    int total = Stream.of(Channel.values())
        .mapToInt(channel -> CustomerIoEventType.ofChannel(channel).size())
        .sum();
    assertEquals(CustomerIoEventType.values().length, total);
  }
}
