package dev.hooky.runtime.console;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hooky.customerio.Channel;
import dev.hooky.customerio.CustomerIoEventType;
import dev.hooky.customerio.event.CustomerIoEvent;
import java.io.IOException;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Notices Customer.io's schema changing before it hurts: event types the catalog does not know, and
 * {@code data} fields the typed model does not read, with counts and first and last sightings. It
 * counts every unknown event type; for fields it parses at most one event per type per second,
 * on a thread of its own, never on the request path, and drops work rather than queue without
 * bound. A field's count is of the events inspected: a schema change shows within a second, at
 * no cost per event.
 */
final class DriftTracker implements AutoCloseable {
  private static final Set<String> COMMON = Set.of("customer_id", "identifiers", "delivery_id",
      "action_id", "campaign_id", "broadcast_id", "newsletter_id", "content_id", "trigger_id",
      "journey_id", "parent_action_id", "trigger_event_id", "transactional_message_id", "content");
  private static final Map<Channel, Set<String>> KNOWN = new EnumMap<>(Map.of(
      Channel.CUSTOMER, Set.of("email_address"),
      Channel.EMAIL, Set.of("recipient", "subject", "failure_message", "href", "link_id",
          "machine", "proxied", "prefetched", "synthetic", "headers"),
      Channel.PUSH, Set.of("recipients", "failure_message", "href", "link_id"),
      Channel.SMS, Set.of("recipient", "failure_message", "href", "link_id", "inbound_event_id",
          "to"),
      Channel.WHATSAPP, Set.of("recipient", "failure_message", "href", "link_id",
          "inbound_event_id", "to"),
      Channel.SLACK, Set.of("recipient", "failure_message", "href", "link_id"),
      Channel.WEBHOOK, Set.of("recipient", "failure_message", "href", "link_id"),
      Channel.IN_APP, Set.of("recipient", "failure_message", "href", "link_id",
          "tracked_response")));
  /** Distinct findings kept; Customer.io's schema does not grow that fast. */
  private static final int MAX_FINDINGS = 500;
  /** One event of a type is inspected per this often: parsing every event again costs too much. */
  private static final long INSPECT_EVERY_NANOS = TimeUnit.SECONDS.toNanos(1);

  /**
   * Reads {@code data}'s field names only: a tree (and Jackson's data binding) for that would be
   * loaded by the first event a server receives.
   */
  private static final JsonFactory JSON = new JsonFactory();

  /** Characters of an unknown event or field name kept: the names come from bodies. */
  static final int NAME_SHOWN = 100;

  /** A finding and its sightings. */
  private static final class Sighting {
    long count;
    Instant first;
    Instant last;
  }

  private final ExecutorService worker = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
      new LinkedBlockingQueue<>(1_000), runnable -> {
        Thread thread = new Thread(runnable, "hooky-drift");
        thread.setDaemon(true);
        return thread;
      });
  /** Guarded by this. Keys: "event:fax_sent" or "field:email_sent.ab_variant". */
  private final Map<String, Sighting> findings = new TreeMap<>();
  /** By event type: when (nanoTime) one was last sent for inspection; 0 for never. */
  private final AtomicLongArray lastInspected =
      new AtomicLongArray(CustomerIoEventType.values().length);
  private final Redactor redactor;

  /** @param redactor masks personal data in names: a body's keys are untrusted text */
  DriftTracker(Redactor redactor) {
    this.redactor = redactor;
  }

  /** Counts {@code event} if its type is unknown; looks at its fields later, if it is its type's turn. */
  void observe(CustomerIoEvent event, Instant at) {
    if (event == null) {
      // Quarantined: no typed event to compare with the model.
      return;
    }
    CustomerIoEventType type = event.type();
    if (type == null) {
      record("event:" + name(event.name()), at);
      return;
    }
    long now = System.nanoTime();
    long last = lastInspected.get(type.ordinal());
    if ((last != 0 && now - last < INSPECT_EVERY_NANOS)
        || !lastInspected.compareAndSet(type.ordinal(), last, now == 0 ? 1 : now)) {
      return;
    }
    try {
      worker.execute(() -> inspect(event, type, at));
    } catch (RejectedExecutionException busy) {
      // Drift is a hint, not a record: under a flood, skip some.
    }
  }

  private void inspect(CustomerIoEvent event, CustomerIoEventType type, Instant at) {
    Set<String> known = KNOWN.get(type.channel());
    try (JsonParser data = JSON.createParser(event.dataJson())) {
      if (data.nextToken() != JsonToken.START_OBJECT) {
        return;
      }
      while (data.nextToken() == JsonToken.FIELD_NAME) {
        String name = data.currentName();
        if (!COMMON.contains(name) && !known.contains(name)) {
          record("field:" + type.eventName() + "." + name(name), at);
        }
        data.nextToken();
        data.skipChildren();
      }
    } catch (IOException unreadable) {
      // The parser read it before; nothing to learn here.
    }
  }

  /**
   * A name from a body, as Live Logs may show it: capped, without control characters, masked
   * (a key can be an email address). The page shows it as text, never as markup.
   */
  private String name(String raw) {
    return redactor.label(raw, NAME_SHOWN);
  }

  private synchronized void record(String key, Instant at) {
    Sighting sighting = findings.get(key);
    if (sighting == null) {
      if (findings.size() >= MAX_FINDINGS) {
        return;
      }
      sighting = new Sighting();
      sighting.first = at;
      findings.put(key, sighting);
    }
    sighting.count++;
    sighting.last = at;
  }

  /** {@code {"unknownEvents": [...], "unknownFields": [...]}}, each with counts and sightings. */
  synchronized ObjectNode toJson() {
    ObjectNode node = DeliveryJson.JSON.createObjectNode();
    ArrayNode events = node.putArray("unknownEvents");
    ArrayNode fields = node.putArray("unknownFields");
    findings.forEach((key, sighting) -> {
      boolean isEvent = key.startsWith("event:");
      ObjectNode entry = (isEvent ? events : fields).addObject();
      String name = key.substring(key.indexOf(':') + 1);
      if (isEvent) {
        entry.put("event", name);
      } else {
        entry.put("event", name.substring(0, name.indexOf('.')));
        entry.put("field", name.substring(name.indexOf('.') + 1));
      }
      entry.put("count", sighting.count);
      entry.put("firstSeen", sighting.first.toString());
      entry.put("lastSeen", sighting.last.toString());
    });
    return node;
  }

  @Override
  public void close() {
    worker.shutdownNow();
  }
}
