package dev.hooky.spring.app;

import dev.hooky.customerio.OnCustomerIoEvent;
import dev.hooky.customerio.event.EmailEvent;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.springframework.stereotype.Component;

/** A plain handler bean. */
@Component
public class EmailHandlers {
  private final BlockingQueue<EmailEvent> received = new LinkedBlockingQueue<>();

  /** What the handler got (through the proxy, the target's queue). */
  public BlockingQueue<EmailEvent> received() {
    return received;
  }

  @OnCustomerIoEvent("email_*")
  void email(EmailEvent event) {
    received.add(event);
  }
}
