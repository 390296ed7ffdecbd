package dev.hooky.runtime.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hooky.customerio.event.CustomerIoEvent;
import dev.hooky.runtime.parse.EventParser;
import dev.hooky.runtime.testing.TestServers;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Unknown event types are all counted; unknown fields are looked for in a sample of events. */
class DriftTrackerTest {
  private static final Instant AT = Instant.parse("2024-04-19T00:00:00Z");

  private final DriftTracker tracker = new DriftTracker(new Redactor(true));
  private final EventParser parser = new EventParser();

  @AfterEach
  void tearDown() {
    tracker.close();
  }

  @Test
  void everyUnknownEventTypeIsCounted() throws Exception {
    for (int i = 0; i < 3; i++) {
      tracker.observe(parser.parse(("{\"event_id\":\"f" + i + "\",\"object_type\":\"fax\","
          + "\"metric\":\"sent\",\"timestamp\":1713484800,\"data\":{}}")
          .getBytes(StandardCharsets.UTF_8)), AT);
    }

    JsonNode unknown = tracker.toJson().get("unknownEvents");
    assertEquals(1, unknown.size());
    assertEquals("fax_sent", unknown.get(0).get("event").asText());
    assertEquals(3, unknown.get(0).get("count").asInt());
  }

  @Test
  void atMostFiveHundredFindingsAreKeptAndThoseKeptAreStillCounted() throws Exception {
    for (int i = 0; i < 501; i++) {
      tracker.observe(fax("type" + i), AT);
    }
    tracker.observe(fax("type0"), AT);

    JsonNode unknown = tracker.toJson().get("unknownEvents");
    assertEquals(500, unknown.size(), "the 501st new type is not kept");
    for (JsonNode finding : unknown) {
      if (finding.get("event").asText().equals("type0_sent")) {
        assertEquals(2, finding.get("count").asInt());
      }
    }
  }

  private CustomerIoEvent fax(String objectType) throws Exception {
    return parser.parse(("{\"event_id\":\"" + objectType + "\",\"object_type\":\""
        + objectType + "\",\"metric\":\"sent\",\"timestamp\":1713484800,\"data\":{}}")
        .getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void fieldsAreLookedForOnADaemonThreadThatCloseEnds() throws Exception {
    DriftTracker own = new DriftTracker(new Redactor(true));
    own.observe(parser.parse(TestServers.sms("d1").getBytes(StandardCharsets.UTF_8)), AT);
    Thread inspector = null;
    for (int i = 0; i < 500 && inspector == null; i++) {
      inspector = Thread.getAllStackTraces().keySet().stream()
          .filter(thread -> thread.getName().equals("hooky-drift") && thread.isAlive())
          .max(java.util.Comparator.comparingLong(Thread::getId)).orElse(null);
      Thread.sleep(10);
    }
    assertTrue(inspector != null, "no inspector thread");
    assertTrue(inspector.isDaemon(), "the inspector would keep the JVM alive");

    own.close();
    inspector.join(10_000);

    assertFalse(inspector.isAlive(), "close left the inspector running");
  }

  @Test
  void fieldsAreLookedForInAtMostOneEventPerTypePerSecond() throws Exception {
    for (int i = 0; i < 100; i++) {
      String sms = TestServers.sms("s" + i).replace("\"recipient\"", "\"ab_variant\":\"B\",\"recipient\"");
      tracker.observe(parser.parse(sms.getBytes(StandardCharsets.UTF_8)), AT);
    }

    JsonNode fields = awaitFields();
    assertEquals(1, fields.size());
    assertEquals("ab_variant", fields.get(0).get("field").asText());
    assertEquals(1, fields.get(0).get("count").asInt(), "one event of the hundred was inspected");
  }

  @Test
  void onlyTheTopLevelNamesOfDataAreFields() throws Exception {
    String nested = TestServers.sms("n1").replace("\"recipient\"",
        "\"extra\":{\"inner_name\":{\"deeper\":1}},\"list\":[{\"in_list\":2},[3]],"
            + "\"recipient\"");
    tracker.observe(parser.parse(nested.getBytes(StandardCharsets.UTF_8)), AT);
    // The inspector takes one event at a time, in order: once this one's field shows, the first
    // event has been inspected in full.
    String marker = TestServers.email("n2").replace("\"recipient\"",
        "\"zz_marker\":true,\"recipient\"");
    tracker.observe(parser.parse(marker.getBytes(StandardCharsets.UTF_8)), AT);

    JsonNode fields = awaitFields("zz_marker");
    List<String> names = new ArrayList<>();
    fields.forEach(field -> names.add(field.get("event").asText() + "." + field.get("field").asText()));
    assertEquals(List.of("email_opened.zz_marker", "sms_delivered.extra", "sms_delivered.list"),
        names);
  }

  private JsonNode awaitFields(String field) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    JsonNode fields = tracker.toJson().get("unknownFields");
    while (!fields.toString().contains("\"" + field + "\"") && System.nanoTime() < deadline) {
      Thread.sleep(10);
      fields = tracker.toJson().get("unknownFields");
    }
    return fields;
  }

  private JsonNode awaitFields() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    JsonNode fields = tracker.toJson().get("unknownFields");
    while (fields.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(10);
      fields = tracker.toJson().get("unknownFields");
    }
    return fields;
  }
}
