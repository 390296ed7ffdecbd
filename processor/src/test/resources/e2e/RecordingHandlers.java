package com.example.e2e;

import dev.hooky.Delivery;
import dev.hooky.customerio.OnCustomerIoEvent;
import dev.hooky.customerio.event.CustomerEvent;
import dev.hooky.customerio.event.CustomerIoEvent;
import dev.hooky.customerio.event.EmailEvent;
import dev.hooky.customerio.event.MessageEvent;
import dev.hooky.customerio.event.SmsEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Records each call as "method:eventId[:attempt]". */
public final class RecordingHandlers {
  public final List<String> calls = new ArrayList<>();
  public CompletableFuture<Void> pendingBounce = CompletableFuture.completedFuture(null);

  @OnCustomerIoEvent("sms_delivered")
  void smsDelivered(SmsEvent event) {
    calls.add("smsDelivered:" + event.eventId() + ":" + event.recipient());
  }

  @OnCustomerIoEvent({"email_bounced", "email_dropped"})
  CompletionStage<Void> undeliverable(Delivery delivery, EmailEvent event) {
    calls.add("undeliverable:" + event.eventId() + ":" + delivery.attempt());
    return pendingBounce;
  }

  @OnCustomerIoEvent({"email_*", "sms_*"})
  void anyMessage(MessageEvent event) {
    calls.add("anyMessage:" + event.eventId());
  }

  @OnCustomerIoEvent("customer_*")
  void customer(CustomerEvent event) {
    calls.add("customer:" + event.eventId() + ":" + event.objectType());
  }

  @OnCustomerIoEvent("email_spammed")
  void spammed(EmailEvent event) throws Exception {
    throw new Exception("spam handler down for " + event.eventId());
  }

  @OnCustomerIoEvent("email_spammed")
  void afterSpammed(EmailEvent event) {
    calls.add("afterSpammed:" + event.eventId());
  }
}
