package dev.hooky.spring.app;

import dev.hooky.customerio.OnCustomerIoEvent;
import dev.hooky.customerio.event.SmsEvent;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.springframework.stereotype.Component;

/** A handler bean that {@link Proxying} puts behind a CGLIB proxy, as @Transactional would. */
@Component
public class SmsHandlers {
  private final BlockingQueue<SmsEvent> received = new LinkedBlockingQueue<>();

  /** What the handler got (through the proxy, the target's queue). */
  public BlockingQueue<SmsEvent> received() {
    return received;
  }

  @OnCustomerIoEvent("sms_*")
  public void sms(SmsEvent event) {
    received.add(event);
  }
}
