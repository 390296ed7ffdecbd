package dev.hooky.customerio;

import dev.hooky.customerio.event.CustomerEvent;
import dev.hooky.customerio.event.CustomerIoEvent;
import dev.hooky.customerio.event.EmailEvent;
import dev.hooky.customerio.event.InAppEvent;
import dev.hooky.customerio.event.PushEvent;
import dev.hooky.customerio.event.SlackEvent;
import dev.hooky.customerio.event.SmsEvent;
import dev.hooky.customerio.event.WebhookEvent;
import dev.hooky.customerio.event.WhatsAppEvent;
import java.util.Optional;

/**
 * A Customer.io reporting channel: the {@code object_type} of a payload, the prefix of an event name
 * ({@code sms_delivered}) and of a channel wildcard ({@code sms_*}).
 */
public enum Channel {
  CUSTOMER("customer", CustomerEvent.class),
  EMAIL("email", EmailEvent.class),
  PUSH("push", PushEvent.class),
  SMS("sms", SmsEvent.class),
  SLACK("slack", SlackEvent.class),
  WEBHOOK("webhook", WebhookEvent.class),
  IN_APP("in_app", InAppEvent.class),
  WHATSAPP("whatsapp", WhatsAppEvent.class);

  private final String objectType;
  private final Class<? extends CustomerIoEvent> eventClass;

  Channel(String objectType, Class<? extends CustomerIoEvent> eventClass) {
    this.objectType = objectType;
    this.eventClass = eventClass;
  }

  /** The payload's {@code object_type} for this channel, e.g. {@code in_app}. */
  public String objectType() {
    return objectType;
  }

  /** The record every event of this channel is delivered as, e.g. {@code SmsEvent.class}. */
  public Class<? extends CustomerIoEvent> eventClass() {
    return eventClass;
  }

  /** The channel whose {@code object_type} is exactly {@code objectType}, if any. */
  public static Optional<Channel> fromObjectType(String objectType) {
    for (Channel channel : values()) {
      if (channel.objectType.equals(objectType)) {
        return Optional.of(channel);
      }
    }
    return Optional.empty();
  }
}
