package dev.hooky.testkit;

import dev.hooky.customerio.CustomerIoEventType;
import java.security.SecureRandom;
import java.time.Instant;

/**
 * Realistic Customer.io payloads for every event in the catalog, each a {@link FixtureBuilder}
 * to adjust before {@code build()}:
 *
 * <pre>{@code
 * CustomerIoFixture delivered = CustomerIoFixtures.smsDelivered()
 *     .customerId("42").recipient("+15551234567").build();
 * }</pre>
 *
 * <p>Each fixture gets a fresh, ULID-shaped {@code event_id} and the current time, so that sending
 * it twice is a duplicate only when meant to be.
 */
public final class CustomerIoFixtures {
  private static final char[] CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
  private static final SecureRandom RANDOM = new SecureRandom();

  private CustomerIoFixtures() {}

  /** A builder for an event of {@code type}. */
  public static FixtureBuilder of(CustomerIoEventType type) {
    return new FixtureBuilder(type, newEventId(), Instant.now());
  }

  /**
   * A builder for the event named {@code eventName}, e.g. {@code sms_delivered}.
   *
   * @throws IllegalArgumentException when the catalog has no such event
   */
  public static FixtureBuilder named(String eventName) {
    return of(CustomerIoEventType.fromName(eventName).orElseThrow(() ->
        new IllegalArgumentException("\"" + eventName + "\" is not a Customer.io event; see"
            + " CustomerIoEventType (or `hooky events`) for the names")));
  }

  /** A new event id in Customer.io's shape: 26 characters of Crockford base32, time first. */
  public static String newEventId() {
    char[] id = new char[26];
    long time = System.currentTimeMillis();
    for (int i = 9; i >= 0; i--) {
      id[i] = CROCKFORD[(int) (time & 31)];
      time >>>= 5;
    }
    for (int i = 10; i < 26; i++) {
      id[i] = CROCKFORD[RANDOM.nextInt(32)];
    }
    return new String(id);
  }

  public static FixtureBuilder customerSubscribed() {
    return of(CustomerIoEventType.CUSTOMER_SUBSCRIBED);
  }

  public static FixtureBuilder customerUnsubscribed() {
    return of(CustomerIoEventType.CUSTOMER_UNSUBSCRIBED);
  }

  public static FixtureBuilder customerSubscriptionPreferencesChanged() {
    return of(CustomerIoEventType.CUSTOMER_SUBSCRIPTION_PREFERENCES_CHANGED);
  }

  public static FixtureBuilder emailDrafted() {
    return of(CustomerIoEventType.EMAIL_DRAFTED);
  }

  public static FixtureBuilder emailAttempted() {
    return of(CustomerIoEventType.EMAIL_ATTEMPTED);
  }

  public static FixtureBuilder emailDeferred() {
    return of(CustomerIoEventType.EMAIL_DEFERRED);
  }

  public static FixtureBuilder emailSent() {
    return of(CustomerIoEventType.EMAIL_SENT);
  }

  public static FixtureBuilder emailDelivered() {
    return of(CustomerIoEventType.EMAIL_DELIVERED);
  }

  public static FixtureBuilder emailOpened() {
    return of(CustomerIoEventType.EMAIL_OPENED);
  }

  public static FixtureBuilder emailClicked() {
    return of(CustomerIoEventType.EMAIL_CLICKED);
  }

  public static FixtureBuilder emailConverted() {
    return of(CustomerIoEventType.EMAIL_CONVERTED);
  }

  public static FixtureBuilder emailUnsubscribed() {
    return of(CustomerIoEventType.EMAIL_UNSUBSCRIBED);
  }

  public static FixtureBuilder emailBounced() {
    return of(CustomerIoEventType.EMAIL_BOUNCED);
  }

  public static FixtureBuilder emailDropped() {
    return of(CustomerIoEventType.EMAIL_DROPPED);
  }

  public static FixtureBuilder emailSpammed() {
    return of(CustomerIoEventType.EMAIL_SPAMMED);
  }

  public static FixtureBuilder emailFailed() {
    return of(CustomerIoEventType.EMAIL_FAILED);
  }

  public static FixtureBuilder emailUndeliverable() {
    return of(CustomerIoEventType.EMAIL_UNDELIVERABLE);
  }

  public static FixtureBuilder pushDrafted() {
    return of(CustomerIoEventType.PUSH_DRAFTED);
  }

  public static FixtureBuilder pushAttempted() {
    return of(CustomerIoEventType.PUSH_ATTEMPTED);
  }

  public static FixtureBuilder pushSent() {
    return of(CustomerIoEventType.PUSH_SENT);
  }

  public static FixtureBuilder pushDelivered() {
    return of(CustomerIoEventType.PUSH_DELIVERED);
  }

  public static FixtureBuilder pushOpened() {
    return of(CustomerIoEventType.PUSH_OPENED);
  }

  public static FixtureBuilder pushClicked() {
    return of(CustomerIoEventType.PUSH_CLICKED);
  }

  public static FixtureBuilder pushConverted() {
    return of(CustomerIoEventType.PUSH_CONVERTED);
  }

  public static FixtureBuilder pushBounced() {
    return of(CustomerIoEventType.PUSH_BOUNCED);
  }

  public static FixtureBuilder pushDropped() {
    return of(CustomerIoEventType.PUSH_DROPPED);
  }

  public static FixtureBuilder pushFailed() {
    return of(CustomerIoEventType.PUSH_FAILED);
  }

  public static FixtureBuilder pushUndeliverable() {
    return of(CustomerIoEventType.PUSH_UNDELIVERABLE);
  }

  public static FixtureBuilder smsDrafted() {
    return of(CustomerIoEventType.SMS_DRAFTED);
  }

  public static FixtureBuilder smsAttempted() {
    return of(CustomerIoEventType.SMS_ATTEMPTED);
  }

  public static FixtureBuilder smsSent() {
    return of(CustomerIoEventType.SMS_SENT);
  }

  public static FixtureBuilder smsDelivered() {
    return of(CustomerIoEventType.SMS_DELIVERED);
  }

  public static FixtureBuilder smsClicked() {
    return of(CustomerIoEventType.SMS_CLICKED);
  }

  public static FixtureBuilder smsConverted() {
    return of(CustomerIoEventType.SMS_CONVERTED);
  }

  public static FixtureBuilder smsBounced() {
    return of(CustomerIoEventType.SMS_BOUNCED);
  }

  public static FixtureBuilder smsDropped() {
    return of(CustomerIoEventType.SMS_DROPPED);
  }

  public static FixtureBuilder smsFailed() {
    return of(CustomerIoEventType.SMS_FAILED);
  }

  public static FixtureBuilder smsUndeliverable() {
    return of(CustomerIoEventType.SMS_UNDELIVERABLE);
  }

  public static FixtureBuilder smsReplied() {
    return of(CustomerIoEventType.SMS_REPLIED);
  }

  public static FixtureBuilder slackDrafted() {
    return of(CustomerIoEventType.SLACK_DRAFTED);
  }

  public static FixtureBuilder slackAttempted() {
    return of(CustomerIoEventType.SLACK_ATTEMPTED);
  }

  public static FixtureBuilder slackSent() {
    return of(CustomerIoEventType.SLACK_SENT);
  }

  public static FixtureBuilder slackClicked() {
    return of(CustomerIoEventType.SLACK_CLICKED);
  }

  public static FixtureBuilder slackConverted() {
    return of(CustomerIoEventType.SLACK_CONVERTED);
  }

  public static FixtureBuilder slackFailed() {
    return of(CustomerIoEventType.SLACK_FAILED);
  }

  public static FixtureBuilder slackUndeliverable() {
    return of(CustomerIoEventType.SLACK_UNDELIVERABLE);
  }

  public static FixtureBuilder webhookDrafted() {
    return of(CustomerIoEventType.WEBHOOK_DRAFTED);
  }

  public static FixtureBuilder webhookAttempted() {
    return of(CustomerIoEventType.WEBHOOK_ATTEMPTED);
  }

  public static FixtureBuilder webhookSent() {
    return of(CustomerIoEventType.WEBHOOK_SENT);
  }

  public static FixtureBuilder webhookClicked() {
    return of(CustomerIoEventType.WEBHOOK_CLICKED);
  }

  public static FixtureBuilder webhookConverted() {
    return of(CustomerIoEventType.WEBHOOK_CONVERTED);
  }

  public static FixtureBuilder webhookFailed() {
    return of(CustomerIoEventType.WEBHOOK_FAILED);
  }

  public static FixtureBuilder webhookUndeliverable() {
    return of(CustomerIoEventType.WEBHOOK_UNDELIVERABLE);
  }

  public static FixtureBuilder inAppDrafted() {
    return of(CustomerIoEventType.IN_APP_DRAFTED);
  }

  public static FixtureBuilder inAppAttempted() {
    return of(CustomerIoEventType.IN_APP_ATTEMPTED);
  }

  public static FixtureBuilder inAppSent() {
    return of(CustomerIoEventType.IN_APP_SENT);
  }

  public static FixtureBuilder inAppOpened() {
    return of(CustomerIoEventType.IN_APP_OPENED);
  }

  public static FixtureBuilder inAppClicked() {
    return of(CustomerIoEventType.IN_APP_CLICKED);
  }

  public static FixtureBuilder inAppConverted() {
    return of(CustomerIoEventType.IN_APP_CONVERTED);
  }

  public static FixtureBuilder inAppFailed() {
    return of(CustomerIoEventType.IN_APP_FAILED);
  }

  public static FixtureBuilder inAppUndeliverable() {
    return of(CustomerIoEventType.IN_APP_UNDELIVERABLE);
  }

  public static FixtureBuilder whatsappDrafted() {
    return of(CustomerIoEventType.WHATSAPP_DRAFTED);
  }

  public static FixtureBuilder whatsappAttempted() {
    return of(CustomerIoEventType.WHATSAPP_ATTEMPTED);
  }

  public static FixtureBuilder whatsappSent() {
    return of(CustomerIoEventType.WHATSAPP_SENT);
  }

  public static FixtureBuilder whatsappDelivered() {
    return of(CustomerIoEventType.WHATSAPP_DELIVERED);
  }

  public static FixtureBuilder whatsappOpened() {
    return of(CustomerIoEventType.WHATSAPP_OPENED);
  }

  public static FixtureBuilder whatsappClicked() {
    return of(CustomerIoEventType.WHATSAPP_CLICKED);
  }

  public static FixtureBuilder whatsappConverted() {
    return of(CustomerIoEventType.WHATSAPP_CONVERTED);
  }

  public static FixtureBuilder whatsappBounced() {
    return of(CustomerIoEventType.WHATSAPP_BOUNCED);
  }

  public static FixtureBuilder whatsappDropped() {
    return of(CustomerIoEventType.WHATSAPP_DROPPED);
  }

  public static FixtureBuilder whatsappFailed() {
    return of(CustomerIoEventType.WHATSAPP_FAILED);
  }

  public static FixtureBuilder whatsappUndeliverable() {
    return of(CustomerIoEventType.WHATSAPP_UNDELIVERABLE);
  }

  public static FixtureBuilder whatsappReplied() {
    return of(CustomerIoEventType.WHATSAPP_REPLIED);
  }
}
