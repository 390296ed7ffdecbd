package dev.hooky.runtime.testing;

import dev.hooky.customerio.OnCustomerIoEvent;
import dev.hooky.customerio.event.SmsEvent;
import java.util.concurrent.BlockingQueue;

/**
 * Logs "label id" for each SMS event. Hooky takes one object per handler class, so tests that need
 * several such handlers at once also use {@link Second} and {@link Third}.
 */
public class Labelled {
  private final String label;
  private final BlockingQueue<String> log;

  public Labelled(String label, BlockingQueue<String> log) {
    this.label = label;
    this.log = log;
  }

  @OnCustomerIoEvent("sms_*")
  void sms(SmsEvent event) {
    record(event);
  }

  final void record(SmsEvent event) {
    log.add(label + " " + event.eventId());
  }

  /** A second handler class like {@link Labelled}. */
  public static final class Second extends Labelled {
    public Second(String label, BlockingQueue<String> log) {
      super(label, log);
    }

    @OnCustomerIoEvent("sms_*")
    @Override
    void sms(SmsEvent event) {
      record(event);
    }
  }

  /** A third handler class like {@link Labelled}. */
  public static final class Third extends Labelled {
    public Third(String label, BlockingQueue<String> log) {
      super(label, log);
    }

    @OnCustomerIoEvent("sms_*")
    @Override
    void sms(SmsEvent event) {
      record(event);
    }
  }
}
