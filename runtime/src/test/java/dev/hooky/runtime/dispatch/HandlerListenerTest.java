package dev.hooky.runtime.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Metrics and Live Logs both hear each handler call, in that order. */
class HandlerListenerTest {
  @Test
  void bothTellsTheFirstListenerThenTheSecondOfEveryCall() {
    List<String> heard = new ArrayList<>();
    HandlerListener both = HandlerListener.both(
        (handler, took, succeeded) -> heard.add("first " + handler + " " + took.toMillis()
            + " " + succeeded),
        (handler, took, succeeded) -> heard.add("second " + handler + " " + took.toMillis()
            + " " + succeeded));

    both.handled("H.sms(SmsEvent)", Duration.ofMillis(7), true);
    both.handled("H.email(EmailEvent)", Duration.ofMillis(9), false);

    assertEquals(List.of("first H.sms(SmsEvent) 7 true", "second H.sms(SmsEvent) 7 true",
        "first H.email(EmailEvent) 9 false", "second H.email(EmailEvent) 9 false"), heard);
  }
}
