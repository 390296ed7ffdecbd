package dev.hooky.samples;

import dev.hooky.customerio.OnCustomerIoEvent;
import dev.hooky.customerio.event.EmailEvent;
import dev.hooky.customerio.event.InAppEvent;
import dev.hooky.customerio.event.MessageEvent;
import dev.hooky.customerio.event.PushEvent;
import dev.hooky.customerio.event.PushRecipient;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Opens and clicks: what people did with the messages. */
final class EngagementHandlers {
  private static final Logger log = LoggerFactory.getLogger(EngagementHandlers.class);

  @OnCustomerIoEvent("email_opened")
  void emailOpened(EmailEvent event) {
    // Apple Mail Privacy Protection and Gmail prefetch images: not every open is a person.
    // The flags are empty when Customer.io does not say; this counts that as a person.
    String who = event.prefetched().orElse(false) || event.proxied().orElse(false)
        ? "a mail client (prefetched or proxied)" : "the recipient";
    log.info("email_opened: \"{}\" opened by {}", event.subject(), who);
  }

  @OnCustomerIoEvent({"email_clicked", "in_app_clicked"})
  void clicked(MessageEvent event) {
    String href = event instanceof EmailEvent ? ((EmailEvent) event).href()
        : ((InAppEvent) event).href();
    log.info("{}: {} clicked {}", event.name(), event.identifiers().id(), href);
  }

  /** An asynchronous handler: Hooky counts it done when the stage completes. */
  @OnCustomerIoEvent({"push_opened", "push_clicked"})
  CompletionStage<Void> pushEngaged(PushEvent event) {
    return CompletableFuture.runAsync(() -> log.info("{}: devices {}", event.name(),
        event.recipients().stream().map(PushRecipient::devicePlatform).toList()));
  }
}
