package dev.hooky.runtime.testing;

import dev.hooky.Delivery;
import dev.hooky.customerio.OnCustomerIoEvent;
import dev.hooky.customerio.event.CustomerEvent;
import dev.hooky.customerio.event.CustomerIoEvent;
import dev.hooky.customerio.event.EmailEvent;
import dev.hooky.customerio.event.InAppEvent;
import dev.hooky.customerio.event.PushEvent;
import dev.hooky.customerio.event.SlackEvent;
import dev.hooky.customerio.event.SmsEvent;
import dev.hooky.customerio.event.UnknownEvent;
import dev.hooky.customerio.event.WebhookEvent;
import dev.hooky.customerio.event.WhatsAppEvent;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** One handler per channel, recording what each receives; and one for unknown events. */
public final class ChannelHandlers {
  /** What a handler method received. */
  public record Received(String method, CustomerIoEvent event, Delivery delivery) {}

  private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();

  @OnCustomerIoEvent("customer_*")
  void customer(CustomerEvent event, Delivery delivery) {
    received.add(new Received("customer", event, delivery));
  }

  @OnCustomerIoEvent("email_*")
  void email(EmailEvent event, Delivery delivery) {
    received.add(new Received("email", event, delivery));
  }

  @OnCustomerIoEvent("push_*")
  void push(PushEvent event, Delivery delivery) {
    received.add(new Received("push", event, delivery));
  }

  @OnCustomerIoEvent("sms_*")
  void sms(SmsEvent event, Delivery delivery) {
    received.add(new Received("sms", event, delivery));
  }

  @OnCustomerIoEvent("slack_*")
  void slack(SlackEvent event, Delivery delivery) {
    received.add(new Received("slack", event, delivery));
  }

  @OnCustomerIoEvent("webhook_*")
  void webhook(WebhookEvent event, Delivery delivery) {
    received.add(new Received("webhook", event, delivery));
  }

  @OnCustomerIoEvent("in_app_*")
  void inApp(InAppEvent event, Delivery delivery) {
    received.add(new Received("inApp", event, delivery));
  }

  @OnCustomerIoEvent("whatsapp_*")
  void whatsApp(WhatsAppEvent event, Delivery delivery) {
    received.add(new Received("whatsApp", event, delivery));
  }

  @OnCustomerIoEvent("*")
  void unknown(CustomerIoEvent event, Delivery delivery) {
    if (event instanceof UnknownEvent) {
      received.add(new Received("unknown", event, delivery));
    }
  }

  /** The next thing a handler received, waiting up to 5 s; fails the test if nothing comes. */
  public Received next() throws InterruptedException {
    Received next = received.poll(5, TimeUnit.SECONDS);
    if (next == null) {
      throw new AssertionError("no handler ran within 5 s");
    }
    return next;
  }

  /** Whatever arrives within {@code millis}, or null. */
  public Received poll(long millis) throws InterruptedException {
    return received.poll(millis, TimeUnit.MILLISECONDS);
  }
}
