package dev.hooky.runtime.console;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hooky.runtime.http.Rejection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The Live Logs strip's counts on a paused clock: per minute, the last hour only, a minute's slot
 * starting afresh when the hour comes round again; and the rejections kept, newest first.
 */
class LastHourCountsTest {
  private static final Instant START = Instant.parse("2026-12-06T12:00:30Z");

  private final AtomicReference<Instant> now = new AtomicReference<>(START);
  private final Clock clock = new Clock() {
    @Override
    public Instant instant() {
      return now.get();
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  };

  @Test
  void eachMinuteIsCountedApartAndTheCurrentOneComesLast() {
    Activity activity = new Activity(clock);
    activity.add(Activity.Kind.RECEIVED);
    activity.add(Activity.Kind.RECEIVED);
    later(Duration.ofMinutes(1));
    activity.add(Activity.Kind.FAILED);

    JsonNode json = activity.toJson();

    JsonNode minutes = json.get("minutes");
    assertEquals(60, minutes.size());
    assertEquals("2026-12-06T12:01:00Z", minutes.get(59).get("at").asText());
    assertEquals("2026-12-06T11:02:00Z", minutes.get(0).get("at").asText());
    assertEquals(1, minutes.get(59).get("failed").asLong());
    assertEquals(0, minutes.get(59).get("received").asLong());
    assertEquals(2, minutes.get(58).get("received").asLong());
    assertEquals(2, json.get("totals").get("received").asLong());
    assertEquals(1, json.get("totals").get("failed").asLong());
    assertEquals(0, json.get("totals").get("duplicate").asLong());
  }

  @Test
  void aMinuteAnHourOldIsForgottenAndItsSlotStartsAfresh() {
    Activity activity = new Activity(clock);
    activity.add(Activity.Kind.REJECTED);
    activity.add(Activity.Kind.REJECTED);
    later(Duration.ofMinutes(59));
    assertEquals(2, activity.toJson().get("totals").get("rejected").asLong(), "59 minutes on");

    later(Duration.ofMinutes(1));
    assertEquals(0, activity.toJson().get("totals").get("rejected").asLong(), "an hour on");

    activity.add(Activity.Kind.REJECTED);
    JsonNode json = activity.toJson();
    assertEquals(1, json.get("totals").get("rejected").asLong(), "the reused slot starts at 0");
    assertEquals(1, json.get("minutes").get(59).get("rejected").asLong());
  }

  @Test
  void forwardingCountsTheLastHourPerDestination() {
    Forwarding forwarding = new Forwarding(clock);
    forwarding.attempted("forward a", true);
    forwarding.attempted("forward a", false);
    later(Duration.ofMinutes(30));
    forwarding.attempted("forward a", true);
    forwarding.attempted("forward b", false);

    assertEquals("[{\"destination\":\"a\",\"delivered\":2,\"failed\":1},"
        + "{\"destination\":\"b\",\"delivered\":0,\"failed\":1}]",
        DeliveryJson.write(forwarding.toJson()));

    later(Duration.ofMinutes(30));
    assertEquals("[{\"destination\":\"a\",\"delivered\":1,\"failed\":0},"
        + "{\"destination\":\"b\",\"delivered\":0,\"failed\":1}]",
        DeliveryJson.write(forwarding.toJson()), "the first minute is an hour old");

    later(Duration.ofMinutes(30));
    forwarding.attempted("forward a", false);
    assertEquals("[{\"destination\":\"a\",\"delivered\":0,\"failed\":1},"
        + "{\"destination\":\"b\",\"delivered\":0,\"failed\":0}]",
        DeliveryJson.write(forwarding.toJson()), "a reused slot starts afresh");
  }

  @Test
  void atMost64DestinationsAreCounted() {
    Forwarding forwarding = new Forwarding(clock);
    for (int i = 0; i < 70; i++) {
      forwarding.attempted(String.format("forward d%02d", i), true);
    }
    forwarding.attempted("forward d00", true);

    JsonNode list = forwarding.toJson();

    assertEquals(64, list.size());
    assertEquals("d00", list.get(0).get("destination").asText());
    assertEquals(2, list.get(0).get("delivered").asLong(), "a known one is still counted");
    assertEquals("d63", list.get(63).get("destination").asText());
  }

  @Test
  void theLatestThousandRejectionsAreKeptNewestFirstAndAllAreCounted() {
    RejectionLog log = new RejectionLog();
    for (int i = 0; i < 1_001; i++) {
      log.add(rejection(i));
    }

    assertEquals(1_001, log.total());
    assertEquals(List.of("r1000", "r999"), reasons(log.latest(2)));
    assertEquals(1_000, log.latest(5_000).size());
    assertEquals("r1", log.latest(1_000).get(999).reason(), "the oldest was forgotten");
    assertEquals(List.of(), log.latest(0));
  }

  private static List<String> reasons(List<Rejection> rejections) {
    return rejections.stream().map(Rejection::reason).toList();
  }

  private static Rejection rejection(int i) {
    return new Rejection(START, 401, "r" + i, "127.0.0.1", 0, null, null);
  }

  private void later(Duration duration) {
    now.set(now.get().plus(duration));
  }
}
