package dev.hooky.customerio;

import static dev.hooky.customerio.Channel.CUSTOMER;
import static dev.hooky.customerio.Channel.EMAIL;
import static dev.hooky.customerio.Channel.IN_APP;
import static dev.hooky.customerio.Channel.PUSH;
import static dev.hooky.customerio.Channel.SLACK;
import static dev.hooky.customerio.Channel.SMS;
import static dev.hooky.customerio.Channel.WEBHOOK;
import static dev.hooky.customerio.Channel.WHATSAPP;

import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The catalog of Customer.io reporting webhook events: one constant per event Customer.io documents.
 *
 * <p>Each event has a {@linkplain #eventName() name} (the name Customer.io's webhook settings and
 * {@link OnCustomerIoEvent} use, e.g. {@code sms_delivered}), the {@linkplain #objectType()
 * object_type} and {@linkplain #metric() metric} its payload carries, a {@linkplain #channel()
 * channel} and a one-line {@linkplain #description() description}.
 *
 * <p>Two documented quirks are built in:
 *
 * <ul>
 *   <li>The subscription-preferences event is configured as {@code
 *       customer_subscription_preferences_changed}, but its payload's metric is {@code
 *       cio_subscription_preferences_changed}.
 *   <li>Customer events ({@code subscribed}, {@code unsubscribed}, preferences changed) carry the
 *       {@code object_type} of the channel that triggered them ({@code email}, {@code sms}, ...) when
 *       Customer.io knows it, and {@code customer} otherwise. {@link #fromPayload} resolves such
 *       pairs to the customer event, except {@code (email, unsubscribed)}, which is also the
 *       message-level {@link #EMAIL_UNSUBSCRIBED}; only the payload's {@code data} tells the two
 *       apart (a message-level event has a {@code delivery_id}, a customer-level one an {@code
 *       email_address}).
 * </ul>
 */
public enum CustomerIoEventType {
  CUSTOMER_SUBSCRIBED(CUSTOMER, "subscribed",
      "A person's \u201cunsubscribed\u201d attribute was explicitly set to \u201cfalse\u201d"),
  CUSTOMER_UNSUBSCRIBED(CUSTOMER, "unsubscribed",
      "A person's \u201cunsubscribed\u201d attribute was explicitly set to \u201ctrue\u201d"),
  CUSTOMER_SUBSCRIPTION_PREFERENCES_CHANGED(CUSTOMER, "cio_subscription_preferences_changed",
      "customer_subscription_preferences_changed",
      "A person changed their subscription preferences (topics or channels)"),

  EMAIL_DRAFTED(EMAIL, "drafted", "An email draft was created"),
  EMAIL_ATTEMPTED(EMAIL, "attempted",
      "An email that couldn't be sent to the delivery provider will be retried"),
  EMAIL_DEFERRED(EMAIL, "deferred",
      "An email that the delivery provider couldn't send will be retried by the delivery provider"),
  EMAIL_SENT(EMAIL, "sent", "An email was sent from Customer.io to the delivery provider"),
  EMAIL_DELIVERED(EMAIL, "delivered",
      "The delivery provider reported the email was delivered to an inbox"),
  EMAIL_OPENED(EMAIL, "opened", "An email was opened"),
  EMAIL_CLICKED(EMAIL, "clicked", "A tracked link in an email was clicked"),
  EMAIL_CONVERTED(EMAIL, "converted", "A person matched a conversion goal attributed to an email"),
  EMAIL_UNSUBSCRIBED(EMAIL, "unsubscribed", "A person unsubscribed via a particular email"),
  EMAIL_BOUNCED(EMAIL, "bounced", "The delivery provider was unable to deliver the email"),
  EMAIL_DROPPED(EMAIL, "dropped",
      "An email wasn't sent because it was addressed to a person who was suppressed"),
  EMAIL_SPAMMED(EMAIL, "spammed", "An email was marked as spam by the recipient"),
  EMAIL_FAILED(EMAIL, "failed", "An email couldn't be sent to the delivery provider"),
  EMAIL_UNDELIVERABLE(EMAIL, "undeliverable",
      "An email wasn't sent: a message limit was hit, the newsletter was cancelled or deleted,"
          + " or the environment has delivery disabled"),

  PUSH_DRAFTED(PUSH, "drafted", "A push notification draft was created"),
  PUSH_ATTEMPTED(PUSH, "attempted",
      "A push notification that couldn't be sent to the delivery provider will be retried"),
  PUSH_SENT(PUSH, "sent",
      "A push notification was sent from Customer.io to the delivery provider"),
  PUSH_DELIVERED(PUSH, "delivered",
      "The delivery provider reported the push notification was delivered to the device"),
  PUSH_OPENED(PUSH, "opened",
      "The app on a person's device reported the push notification was opened"),
  PUSH_CLICKED(PUSH, "clicked", "A tracked link in a push notification has been clicked"),
  PUSH_CONVERTED(PUSH, "converted",
      "A person matched a conversion goal attributed to a push notification"),
  PUSH_BOUNCED(PUSH, "bounced", "The delivery provider reported at least one invalid device token"),
  PUSH_DROPPED(PUSH, "dropped",
      "A push notification wasn't sent because at least one device token previously bounced"),
  PUSH_FAILED(PUSH, "failed", "A push notification couldn't be sent to the delivery provider"),
  PUSH_UNDELIVERABLE(PUSH, "undeliverable",
      "A push notification wasn't sent: a message limit was hit or delivery is disabled"),

  SMS_DRAFTED(SMS, "drafted", "An SMS draft was created"),
  SMS_ATTEMPTED(SMS, "attempted",
      "An SMS that couldn't be sent to the delivery provider will be retried"),
  SMS_SENT(SMS, "sent", "An SMS was sent from Customer.io to the delivery provider"),
  SMS_DELIVERED(SMS, "delivered", "The delivery provider reported the SMS was delivered"),
  SMS_CLICKED(SMS, "clicked", "A tracked link in an SMS has been clicked"),
  SMS_CONVERTED(SMS, "converted", "A person matched a conversion goal attributed to an SMS"),
  SMS_BOUNCED(SMS, "bounced", "The delivery provider was unable to deliver the SMS"),
  SMS_DROPPED(SMS, "dropped", "An SMS wasn't sent because it was addressed to a suppressed number"),
  SMS_FAILED(SMS, "failed", "An SMS couldn't be sent to the delivery provider"),
  SMS_UNDELIVERABLE(SMS, "undeliverable",
      "An SMS wasn't sent: a message limit was hit or delivery is disabled"),
  SMS_REPLIED(SMS, "replied", "A person replied to an SMS within 72 hours of receiving it"),

  SLACK_DRAFTED(SLACK, "drafted", "A slack draft was created"),
  SLACK_ATTEMPTED(SLACK, "attempted", "A slack message that couldn't be sent will be retried"),
  SLACK_SENT(SLACK, "sent", "A slack message was sent from Customer.io to slack"),
  SLACK_CLICKED(SLACK, "clicked", "A tracked link in a slack message has been clicked"),
  SLACK_CONVERTED(SLACK, "converted",
      "A person matched a conversion goal attributed to a slack message"),
  SLACK_FAILED(SLACK, "failed", "A slack message couldn't be sent to slack"),
  SLACK_UNDELIVERABLE(SLACK, "undeliverable",
      "A slack message wasn't sent: a message limit was hit or delivery is disabled"),

  WEBHOOK_DRAFTED(WEBHOOK, "drafted", "A webhook draft was created"),
  WEBHOOK_ATTEMPTED(WEBHOOK, "attempted", "A webhook that couldn't be sent will be retried"),
  WEBHOOK_SENT(WEBHOOK, "sent",
      "A webhook was sent from Customer.io to the specified Webhook URL"),
  WEBHOOK_CLICKED(WEBHOOK, "clicked", "A tracked link in a webhook payload has been opened"),
  WEBHOOK_CONVERTED(WEBHOOK, "converted",
      "A person matched a conversion goal attributed to a webhook"),
  WEBHOOK_FAILED(WEBHOOK, "failed", "A webhook couldn't be sent to the specified Webhook URL"),
  WEBHOOK_UNDELIVERABLE(WEBHOOK, "undeliverable",
      "A webhook wasn't sent: a message limit was hit or delivery is disabled"),

  IN_APP_DRAFTED(IN_APP, "drafted", "An in-app message draft was created"),
  IN_APP_ATTEMPTED(IN_APP, "attempted", "An in-app message that couldn't be sent will be retried"),
  IN_APP_SENT(IN_APP, "sent", "An in-app message was sent from Customer.io"),
  IN_APP_OPENED(IN_APP, "opened", "An in-app message was shown to a person (an impression)"),
  IN_APP_CLICKED(IN_APP, "clicked", "A tracked component of an in-app message was clicked"),
  IN_APP_CONVERTED(IN_APP, "converted",
      "A person matched a conversion goal attributed to an in-app message"),
  IN_APP_FAILED(IN_APP, "failed", "An in-app message couldn't be sent"),
  IN_APP_UNDELIVERABLE(IN_APP, "undeliverable",
      "An in-app message wasn't sent: a message limit was hit or delivery is disabled"),

  WHATSAPP_DRAFTED(WHATSAPP, "drafted", "A WhatsApp message draft was created"),
  WHATSAPP_ATTEMPTED(WHATSAPP, "attempted",
      "A WhatsApp message that couldn't be sent to the delivery provider will be retried"),
  WHATSAPP_SENT(WHATSAPP, "sent", "A WhatsApp message was sent from Customer.io"),
  WHATSAPP_DELIVERED(WHATSAPP, "delivered", "WhatsApp reported the message was delivered"),
  WHATSAPP_OPENED(WHATSAPP, "opened", "WhatsApp reported the message was read"),
  WHATSAPP_CLICKED(WHATSAPP, "clicked", "A tracked link in a WhatsApp message has been clicked"),
  WHATSAPP_CONVERTED(WHATSAPP, "converted",
      "A person matched a conversion goal attributed to a WhatsApp message"),
  WHATSAPP_BOUNCED(WHATSAPP, "bounced", "WhatsApp was unable to deliver the message"),
  WHATSAPP_DROPPED(WHATSAPP, "dropped",
      "A WhatsApp message wasn't sent because it was addressed to a person who was suppressed"),
  WHATSAPP_FAILED(WHATSAPP, "failed", "A WhatsApp message couldn't be sent"),
  WHATSAPP_UNDELIVERABLE(WHATSAPP, "undeliverable",
      "A WhatsApp message wasn't sent: a message limit was hit or delivery is disabled"),
  WHATSAPP_REPLIED(WHATSAPP, "replied",
      "A person replied to a WhatsApp message within 72 hours of receiving it");

  private static final Map<String, CustomerIoEventType> BY_NAME = new HashMap<>();
  private static final Map<String, CustomerIoEventType> BY_PAYLOAD = new HashMap<>();
  private static final Map<String, CustomerIoEventType> CUSTOMER_BY_METRIC = new HashMap<>();

  static {
    for (CustomerIoEventType type : values()) {
      BY_NAME.put(type.eventName, type);
      BY_PAYLOAD.put(payloadKey(type.objectType(), type.metric), type);
      if (type.channel == CUSTOMER) {
        CUSTOMER_BY_METRIC.put(type.metric, type);
      }
    }
  }

  private final Channel channel;
  private final String metric;
  private final String eventName;
  private final String description;

  CustomerIoEventType(Channel channel, String metric, String description) {
    this(channel, metric, channel.objectType() + "_" + metric, description);
  }

  CustomerIoEventType(Channel channel, String metric, String eventName, String description) {
    this.channel = channel;
    this.metric = metric;
    this.eventName = eventName;
    this.description = description;
  }

  /**
   * The event's name as Customer.io's webhook settings and {@link OnCustomerIoEvent} spell it, e.g.
   * {@code sms_delivered}. It is {@code object_type + "_" + metric}, except for {@link
   * #CUSTOMER_SUBSCRIPTION_PREFERENCES_CHANGED}.
   */
  public String eventName() {
    return eventName;
  }

  /** The channel this event belongs to; customer events belong to {@link Channel#CUSTOMER}. */
  public Channel channel() {
    return channel;
  }

  /**
   * The {@code object_type} a payload of this event usually carries. Customer events may also
   * arrive with the object type of the channel that triggered them (see the class documentation).
   */
  public String objectType() {
    return channel.objectType();
  }

  /** The payload's {@code metric}, e.g. {@code delivered}. */
  public String metric() {
    return metric;
  }

  /** A one-line description of when Customer.io sends this event. */
  public String description() {
    return description;
  }

  /** The event named {@code eventName} (e.g. {@code sms_delivered}), if the catalog has one. */
  public static Optional<CustomerIoEventType> fromName(String eventName) {
    return Optional.ofNullable(BY_NAME.get(eventName));
  }

  /**
   * The event a payload with this {@code object_type} and {@code metric} reports, if the catalog
   * knows it. A customer metric ({@code subscribed}, {@code unsubscribed}, {@code
   * cio_subscription_preferences_changed}) with a channel's object type resolves to the customer
   * event, except {@code (email, unsubscribed)}, which resolves to {@link #EMAIL_UNSUBSCRIBED} (see
   * the class documentation).
   */
  public static Optional<CustomerIoEventType> fromPayload(String objectType, String metric) {
    if (objectType == null || metric == null) {
      return Optional.empty();
    }
    CustomerIoEventType exact = BY_PAYLOAD.get(payloadKey(objectType, metric));
    if (exact != null) {
      return Optional.of(exact);
    }
    if (Channel.fromObjectType(objectType).isPresent()) {
      return Optional.ofNullable(CUSTOMER_BY_METRIC.get(metric));
    }
    return Optional.empty();
  }

  /** Every event of {@code channel}, in catalog order. */
  public static Set<CustomerIoEventType> ofChannel(Channel channel) {
    EnumSet<CustomerIoEventType> types = EnumSet.noneOf(CustomerIoEventType.class);
    for (CustomerIoEventType type : values()) {
      if (type.channel == channel) {
        types.add(type);
      }
    }
    return Collections.unmodifiableSet(types);
  }

  private static String payloadKey(String objectType, String metric) {
    // ':' never occurs in an object type, so the key is unambiguous.
    return objectType + ':' + metric;
  }
}
