package dev.hooky.processor;

import static com.google.common.truth.Truth.assertThat;

import dev.hooky.customerio.Channel;
import dev.hooky.customerio.CustomerIoEventType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The value rules of {@code @OnCustomerIoEvent}, without a compiler. */
class EventNamesTest {

  @Test
  void anEventNameSelectsThatEvent() {
    EventNames.Result result = EventNames.read(List.of("sms_delivered"));

    assertThat(result.isValid()).isTrue();
    assertThat(result.selection().all()).isFalse();
    assertThat(result.selection().types()).containsExactly(CustomerIoEventType.SMS_DELIVERED);
  }

  @Test
  void aChannelWildcardSelectsEveryEventOfTheChannel() {
    EventNames.Result result = EventNames.read(List.of("in_app_*", "customer_subscribed"));

    assertThat(result.selection().types()).containsExactlyElementsIn(concat(
        CustomerIoEventType.ofChannel(Channel.IN_APP),
        List.of(CustomerIoEventType.CUSTOMER_SUBSCRIBED)));
    assertThat(result.selection().channels()).containsExactly(Channel.CUSTOMER, Channel.IN_APP);
  }

  @Test
  void starSelectsEverythingIncludingUnknownEvents() {
    EventNames.Result result = EventNames.read(List.of("*"));

    assertThat(result.selection().all()).isTrue();
    assertThat(result.selection().types()).hasSize(CustomerIoEventType.values().length);
  }

  @Test
  void thePreferencesEventIsSelectedByItsConfigurationName() {
    EventNames.Result result = EventNames.read(List.of("customer_subscription_preferences_changed"));

    assertThat(result.selection().types())
        .containsExactly(CustomerIoEventType.CUSTOMER_SUBSCRIPTION_PREFERENCES_CHANGED);
  }

  @Test
  void everyBadValueIsReportedAtItsIndex() {
    EventNames.Result result =
        EventNames.read(List.of("sms_sent", "email*", "SMS_DELIVERED", "", "fax_*", "sms_sent"));

    assertThat(result.isValid()).isFalse();
    assertThat(result.problems()).containsExactly(
        new EventNames.Problem(1, Messages.malformedWildcard("email*")),
        new EventNames.Problem(2, Messages.unknownEvent("SMS_DELIVERED", "sms_delivered")),
        new EventNames.Problem(3, Messages.blankName()),
        new EventNames.Problem(4, Messages.unknownChannel("fax_*", "fax", null)),
        new EventNames.Problem(5, Messages.duplicate("sms_sent")));
  }

  @Test
  void wildcardsOtherThanStarAndChannelAreMalformed() {
    for (String value : List.of("*_sent", "sms_de*", "**", "_*", "*_*", "sms_**", "email_*_x")) {
      assertThat(EventNames.read(List.of(value)).problems())
          .containsExactly(new EventNames.Problem(0, Messages.malformedWildcard(value)));
    }
  }

  @Test
  void aWildcardMakesNarrowerValuesRedundant() {
    assertThat(EventNames.read(List.of("email_*", "*")).problems())
        .containsExactly(new EventNames.Problem(0, Messages.redundant("email_*", "*")));
    assertThat(EventNames.read(List.of("email_*", "email_sent", "sms_sent")).problems())
        .containsExactly(new EventNames.Problem(1, Messages.redundant("email_sent", "email_*")));
  }

  @Test
  void anEmptyValueIsAProblemOfTheWholeAnnotation() {
    assertThat(EventNames.read(List.of()).problems())
        .containsExactly(new EventNames.Problem(-1, Messages.emptyValue()));
  }

  @Test
  void suggestionsForgiveCaseSeparatorsAndSmallTypos() {
    assertThat(NameSuggester.nearestEventName("sms-delivered")).isEqualTo("sms_delivered");
    assertThat(NameSuggester.nearestEventName("Email.Opened")).isEqualTo("email_opened");
    assertThat(NameSuggester.nearestEventName("emial_bounced")).isEqualTo("email_bounced");
    assertThat(NameSuggester.nearestEventName("inapp_clicked")).isEqualTo("in_app_clicked");
    assertThat(NameSuggester.nearestEventName("order_shipped")).isNull();
    assertThat(NameSuggester.nearestChannel("whatsap")).isEqualTo("whatsapp");
    assertThat(NameSuggester.nearestChannel("fax")).isNull();
  }

  @Test
  void aNameExactlyAtTheTypoThresholdStillGetsASuggestion() {
    // Two edits away, and two is the threshold for names this short.
    assertThat(NameSuggester.nearestEventName("sms_se")).isEqualTo("sms_sent");
    assertThat(NameSuggester.nearestEventName("sms_s")).isNull();
  }

  @Test
  void aTieGoesToTheFirstNameInCatalogOrder() {
    // "ps" is two edits from both push and sms; "email_opn" three from email_sent and _opened.
    assertThat(NameSuggester.nearestChannel("ps")).isEqualTo("push");
    assertThat(NameSuggester.nearestEventName("email_opn")).isEqualTo("email_sent");
  }

  @Test
  void levenshteinDistance() {
    assertThat(NameSuggester.distance("", "abc")).isEqualTo(3);
    assertThat(NameSuggester.distance("kitten", "sitting")).isEqualTo(3);
    assertThat(NameSuggester.distance("same", "same")).isEqualTo(0);
  }

  private static List<CustomerIoEventType> concat(
      Iterable<CustomerIoEventType> first, Iterable<CustomerIoEventType> second) {
    List<CustomerIoEventType> all = new ArrayList<>();
    first.forEach(all::add);
    second.forEach(all::add);
    return all;
  }
}
