package dev.hooky.runtime.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hooky.customerio.CustomerIoEventType;
import dev.hooky.runtime.http.Digests;
import dev.hooky.runtime.http.Rejection;
import dev.hooky.runtime.inbox.AttemptRecord;
import dev.hooky.runtime.inbox.DeliveryRecord;
import dev.hooky.runtime.inbox.DeliveryStatus;
import dev.hooky.runtime.verify.SignatureVerifier;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The console API's JSON for deliveries, rejections and the catalog. */
final class DeliveryJson {
  static final ObjectMapper JSON = new ObjectMapper();
  /** Enough of a signature to tell two apart in Live Logs, too little to reuse. */
  private static final int SIGNATURE_SHOWN = 8;
  /**
   * Characters of a name or customer id shown in a list row: ids come from bodies, and a list of
   * 50 rows must stay small and quick however long they are (the detail shows them whole).
   */
  static final int LABEL_SHOWN = 200;
  /** A body that is not JSON is shown as text up to this many characters. */
  static final int TEXT_BODY_SHOWN = 1 << 20;

  private DeliveryJson() {}

  static ObjectNode summary(DeliveryRecord record, Redactor redactor) {
    ObjectNode node = JSON.createObjectNode();
    node.put("id", record.id());
    node.put("eventId", record.eventId());
    node.put("event", redactor.label(record.eventName(), LABEL_SHOWN));
    node.put("channel", redactor.label(channelOf(record.eventName()), LABEL_SHOWN));
    node.put("customerId", redactor.label(record.customerId(), LABEL_SHOWN));
    node.put("receivedAt", time(record.receivedAt()));
    node.put("status", record.status().key());
    node.put("attempts", record.attempts());
    node.put("nextAttemptAt", time(record.nextAttemptAt()));
    node.put("handledAt", time(record.handledAt()));
    node.put("lastError", redactor.text(record.lastError()));
    if (record.status() == DeliveryStatus.QUARANTINED) {
      // Why its body did not become a typed event: the parse error, the limit, the missing field.
      node.put("quarantineReason", redactor.text(record.lastError()));
    }
    node.put("replays", record.replays());
    node.put("handlerMillis", record.handlerTime().toNanos() / 1_000_000.0);
    return node;
  }

  static ObjectNode detail(DeliveryRecord record, Redactor redactor, SignatureVerifier verifier) {
    ObjectNode node = summary(record, redactor);
    node.put("customerId", redactor.text(record.customerId()));
    node.set("verification", verification(record, verifier));
    ObjectNode headers = node.putObject("headers");
    for (Map.Entry<String, List<String>> header : record.headers().entrySet()) {
      ArrayNode values = headers.putArray(header.getKey());
      for (String value : header.getValue()) {
        values.add(header.getKey().equalsIgnoreCase("X-CIO-Signature") ? shorten(value) : value);
      }
    }
    if (record.body() != null) {
      node.put("bodyLength", record.body().length);
      // A quarantined body is shown as it came, not as a parser reads it (duplicate keys!).
      JsonNode body = record.status() == DeliveryStatus.QUARANTINED
          ? rawText(record.body()) : parseOrText(record.body());
      if (body.isTextual() && body.textValue().length() > TEXT_BODY_SHOWN) {
        // A quarantined body can be megabytes of anything: show its start.
        String text = body.textValue();
        int cut = Character.isHighSurrogate(text.charAt(TEXT_BODY_SHOWN - 1))
            ? TEXT_BODY_SHOWN - 1 : TEXT_BODY_SHOWN;
        body = JSON.getNodeFactory().textNode(text.substring(0, cut));
        node.put("bodyTruncated", true);
      }
      node.put("bodyIsJson", !body.isTextual());
      node.set("body", redactor.json(body));
    }
    ArrayNode history = node.putArray("history");
    for (AttemptRecord attempt : record.history()) {
      ObjectNode entry = history.addObject();
      entry.put("attempt", attempt.attempt());
      entry.put("handler", attempt.handler());
      entry.put("startedAt", time(attempt.startedAt()));
      entry.put("durationMillis", attempt.duration().toNanos() / 1_000_000.0);
      entry.put("error", redactor.text(attempt.error()));
    }
    return node;
  }

  static ObjectNode rejection(Rejection rejection, long toleranceSeconds) {
    ObjectNode node = JSON.createObjectNode();
    node.put("at", time(rejection.at()));
    node.put("status", rejection.status());
    node.put("reason", rejection.reason());
    node.put("remoteAddress", rejection.remoteAddress());
    node.put("bodyLength", rejection.bodyLength());
    node.put("bodySha256", rejection.bodySha256());
    node.put("toleranceSeconds", toleranceSeconds);
    if (rejection.verification() != null) {
      node.put("skewSeconds", rejection.verification().skewSeconds());
      node.put("keyMatched", rejection.verification().keyIndex() >= 0
          ? Integer.valueOf(rejection.verification().keyIndex() + 1) : null);
    }
    return node;
  }

  static ArrayNode catalog() {
    ArrayNode catalog = JSON.createArrayNode();
    for (CustomerIoEventType type : CustomerIoEventType.values()) {
      ObjectNode entry = catalog.addObject();
      entry.put("name", type.eventName());
      entry.put("channel", type.channel().objectType());
      entry.put("objectType", type.objectType());
      entry.put("metric", type.metric());
      entry.put("description", type.description());
    }
    return catalog;
  }

  /**
   * How the stored request verifies against the keys configured now: which key (1-based) signed
   * it, how old its timestamp was on arrival against the tolerance, and the body's fingerprint.
   */
  private static ObjectNode verification(DeliveryRecord record, SignatureVerifier verifier) {
    ObjectNode node = JSON.createObjectNode();
    String timestamp = first(record.headers(), "X-CIO-Timestamp");
    int key = record.body() == null ? -1 : verifier.matchingKeyIndex(timestamp,
        first(record.headers(), "X-CIO-Signature"), record.body());
    node.put("keyMatched", key >= 0 ? Integer.valueOf(key + 1) : null);
    node.put("keys", verifier.keyCount());
    if (timestamp != null && timestamp.matches("\\d{1,12}")) {
      node.put("skewSeconds", record.receivedAt().getEpochSecond() - Long.parseLong(timestamp));
    }
    node.put("toleranceSeconds", verifier.toleranceSeconds());
    if (record.body() != null) {
      node.put("bodySha256", Digests.sha256Hex(record.body()));
    }
    return node;
  }

  private static String first(Map<String, List<String>> headers, String name) {
    for (Map.Entry<String, List<String>> header : headers.entrySet()) {
      if (header.getKey().equalsIgnoreCase(name) && !header.getValue().isEmpty()) {
        return header.getValue().get(0);
      }
    }
    return null;
  }

  static String write(JsonNode node) {
    try {
      return JSON.writeValueAsString(node);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode parseOrText(byte[] body) {
    try {
      JsonNode tree = JSON.readTree(body);
      return tree == null || tree.isMissingNode() || tree.isTextual() ? rawText(body) : tree;
    } catch (IOException notJson) {
      return rawText(body);
    }
  }

  /** The body as text; bytes that are not UTF-8 become U+FFFD. */
  private static JsonNode rawText(byte[] body) {
    return JSON.getNodeFactory().textNode(new String(body, StandardCharsets.UTF_8));
  }

  private static String channelOf(String eventName) {
    return CustomerIoEventType.fromName(eventName)
        .map(type -> type.channel().objectType())
        .orElseGet(() -> eventName.contains("_")
            ? eventName.substring(0, eventName.lastIndexOf('_')) : eventName);
  }

  private static String shorten(String signature) {
    return signature.length() <= SIGNATURE_SHOWN
        ? signature : signature.substring(0, SIGNATURE_SHOWN) + "…";
  }

  private static String time(Instant instant) {
    return instant == null ? null : instant.toString();
  }
}
