package dev.hooky.customerio.event;

/**
 * An event about one message Customer.io sent (or tried to send) to a person, on any channel but
 * {@linkplain CustomerEvent customer}. A handler for events of several channels may take this type.
 */
public sealed interface MessageEvent extends CustomerIoEvent
    permits EmailEvent, PushEvent, SmsEvent, SlackEvent, WebhookEvent, InAppEvent, WhatsAppEvent {

  /** The instance of a message sent to a person ({@code delivery_id}), or {@code null}. */
  String deliveryId();

  /** What sent the message: campaign, broadcast, newsletter or transactional message ids. */
  Attribution attribution();

  /**
   * Why the message failed ({@code failure_message}) on {@code attempted}, {@code bounced}, {@code
   * dropped}, {@code failed} and {@code undeliverable} events; otherwise {@code null}.
   */
  String failureMessage();

  /**
   * The message body ({@code content}) on {@code sent} events when the webhook has "Body Content"
   * enabled; otherwise {@code null}.
   */
  String content();

  @Override
  default String objectType() {
    return type().objectType();
  }

  @Override
  default String metric() {
    return type().metric();
  }
}
