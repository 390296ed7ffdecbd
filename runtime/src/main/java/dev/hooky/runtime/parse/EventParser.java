package dev.hooky.runtime.parse;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.hooky.customerio.event.CustomerIoEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Parses a verified request body into a typed {@link CustomerIoEvent}, under tight limits so that no
 * body, however hostile, costs more than its size: nesting depth, number and string lengths.
 *
 * <p>One streaming pass reads {@code event_id}, {@code object_type}, {@code metric} and {@code
 * timestamp}, and builds a tree of {@code data} only; the event keeps {@code data}'s exact bytes as
 * its {@link CustomerIoEvent#dataJson()}. Thread-safe.
 */
public final class EventParser {
  /** Customer.io's payloads nest four or five levels; 32 leaves room and stops stack attacks. */
  public static final int MAX_NESTING_DEPTH = 32;
  /** Enough for any id or timestamp; a 1,000-digit number is an attack, not an id. */
  public static final int MAX_NUMBER_LENGTH = 40;
  /** Rendered email bodies (Body Content) reach hundreds of KB; 4 MiB is generous. */
  public static final int MAX_STRING_LENGTH = 4 * 1024 * 1024;
  public static final int MAX_NAME_LENGTH = 1024;
  /** Customer.io's event ids are 26-character ULIDs; longer ones are not ids. */
  public static final int MAX_EVENT_ID_LENGTH = 256;
  /** The year 9999: later timestamps are not Customer.io's. */
  private static final long MAX_TIMESTAMP = 253_402_300_799L;

  private final JsonFactory factory;
  private final ObjectReader treeReader;

  public EventParser() {
    this(MAX_STRING_LENGTH);
  }

  /**
   * A parser whose longest string is {@code maxStringLength} characters: the body limit, so that
   * no string inside a body the server accepts breaks a parsing limit.
   */
  public EventParser(int maxStringLength) {
    if (maxStringLength < 1) {
      throw new IllegalArgumentException("maxStringLength must be positive: " + maxStringLength);
    }
    this.factory = JsonFactory.builder()
        .streamReadConstraints(StreamReadConstraints.builder()
            .maxNestingDepth(MAX_NESTING_DEPTH)
            .maxNumberLength(MAX_NUMBER_LENGTH)
            .maxStringLength(maxStringLength)
            .maxNameLength(MAX_NAME_LENGTH)
            .build())
        // Two event_ids in one body is ambiguous: refuse it rather than pick one.
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .build();
    this.treeReader = new ObjectMapper(factory).reader();
  }

  /**
   * Parses {@code body}.
   *
   * @param receivedAt stands in for a missing {@code timestamp}
   * @throws MalformedEventException when the body is not JSON, not an object, breaks a limit or
   *     lacks {@code event_id}, {@code object_type} or {@code metric}
   */
  public CustomerIoEvent parse(byte[] body, Instant receivedAt) throws MalformedEventException {
    if (!looksLikeUtf8(body)) {
      // Jackson would read UTF-16/32 too, but data's exact bytes are sliced by byte offset.
      throw new MalformedEventException("body is not UTF-8 JSON");
    }
    try (JsonParser parser = factory.createParser(body)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new MalformedEventException("body is not a JSON object");
      }
      String eventId = null;
      String objectType = null;
      String metric = null;
      Instant timestamp = null;
      JsonNode data = null;
      String dataJson = null;
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        switch (field) {
          case "event_id":
            eventId = scalar(parser, value);
            break;
          case "object_type":
            objectType = string(parser, value);
            break;
          case "metric":
            metric = string(parser, value);
            break;
          case "timestamp":
            timestamp = seconds(parser, value);
            break;
          case "data":
            if (value == JsonToken.START_OBJECT) {
              long start = parser.currentTokenLocation().getByteOffset();
              data = treeReader.readTree(parser);
              long end = parser.currentLocation().getByteOffset();
              if (start < 0 || end < start || end > body.length) {
                throw new MalformedEventException("body is not UTF-8 JSON");
              }
              dataJson = new String(body, (int) start, (int) (end - start), StandardCharsets.UTF_8);
            } else {
              parser.skipChildren();
            }
            break;
          default:
            parser.skipChildren();
        }
      }
      if (parser.nextToken() != null) {
        throw new MalformedEventException("unexpected content after the JSON object");
      }
      require(eventId, "event_id");
      if (eventId.length() > MAX_EVENT_ID_LENGTH) {
        throw new MalformedEventException(
            "event_id longer than " + MAX_EVENT_ID_LENGTH + " characters");
      }
      require(objectType, "object_type");
      require(metric, "metric");
      return EventMapper.toEvent(eventId, objectType, metric,
          timestamp != null ? timestamp : receivedAt, data, dataJson);
    } catch (StreamConstraintsException e) {
      throw new MalformedEventException("body exceeds a parsing limit (nesting depth "
          + MAX_NESTING_DEPTH + ", number length " + MAX_NUMBER_LENGTH + ", string length "
          + MAX_STRING_LENGTH + ", field name length " + MAX_NAME_LENGTH + ")", e);
    } catch (JsonProcessingException e) {
      throw new MalformedEventException("malformed JSON: " + shorten(e.getOriginalMessage()), e);
    } catch (IOException e) {
      throw new MalformedEventException("unreadable body: " + shorten(e.getMessage()), e);
    }
  }

  /**
   * Reads what it can of a body that {@link #parse} refused, never throwing: the top-level {@code
   * event_id} (a string or integer of at most {@link #MAX_EVENT_ID_LENGTH} characters) and the
   * event name, as far as the body gets before it breaks.
   */
  public PartialEvent readWhatCan(byte[] body) {
    String eventId = null;
    String objectType = null;
    String metric = null;
    try (JsonParser parser = factory.createParser(body)) {
      if (parser.nextToken() == JsonToken.START_OBJECT) {
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String field = parser.currentName();
          JsonToken value = parser.nextToken();
          switch (field) {
            case "event_id":
              eventId = eventId == null ? scalar(parser, value) : eventId;
              break;
            case "object_type":
              objectType = objectType == null ? string(parser, value) : objectType;
              break;
            case "metric":
              metric = metric == null ? string(parser, value) : metric;
              break;
            default:
              parser.skipChildren();
          }
        }
      }
    } catch (IOException | RuntimeException brokenFromHereOn) {
      // Keep what was read before the body broke.
    }
    if (eventId != null && (eventId.isBlank() || eventId.length() > MAX_EVENT_ID_LENGTH)) {
      eventId = null;
    }
    boolean named = objectType != null && !objectType.isBlank() && metric != null
        && !metric.isBlank() && objectType.length() + metric.length() < MAX_NAME_LENGTH;
    return new PartialEvent(eventId,
        named ? objectType + "_" + metric : PartialEvent.UNKNOWN_NAME);
  }

  /** UTF-16 and UTF-32 JSON start with a zero byte among the first two, or a byte-order mark. */
  private static boolean looksLikeUtf8(byte[] body) {
    if (body.length >= 2) {
      int first = body[0] & 0xff;
      int second = body[1] & 0xff;
      if (first == 0 || second == 0 || (first == 0xfe && second == 0xff)
          || (first == 0xff && second == 0xfe)) {
        return false;
      }
    }
    return true;
  }

  private static void require(String value, String field) throws MalformedEventException {
    if (value == null || value.isBlank()) {
      throw new MalformedEventException("missing " + field);
    }
  }

  /** A string or number (Customer.io's ids come as both); {@code null} for anything else. */
  private static String scalar(JsonParser parser, JsonToken value) throws IOException {
    if (value == JsonToken.VALUE_STRING || value == JsonToken.VALUE_NUMBER_INT) {
      return parser.getText();
    }
    parser.skipChildren();
    return null;
  }

  private static String string(JsonParser parser, JsonToken value) throws IOException {
    if (value == JsonToken.VALUE_STRING) {
      return parser.getText();
    }
    parser.skipChildren();
    return null;
  }

  /** Unix seconds as a number or a string of digits; {@code null} for anything else. */
  private static Instant seconds(JsonParser parser, JsonToken value)
      throws IOException, MalformedEventException {
    long seconds;
    if (value == JsonToken.VALUE_NUMBER_INT) {
      seconds = parser.getLongValue();
    } else if (value == JsonToken.VALUE_STRING) {
      String text = parser.getText().trim();
      if (text.isEmpty() || text.length() > 12
          || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
        return null;
      }
      seconds = Long.parseLong(text);
    } else {
      parser.skipChildren();
      return null;
    }
    if (seconds < 0 || seconds > MAX_TIMESTAMP) {
      throw new MalformedEventException("timestamp out of range: " + seconds);
    }
    return Instant.ofEpochSecond(seconds);
  }

  /** The first line, at most 200 characters: enough to fix the payload, short for a 400. */
  private static String shorten(String message) {
    String text = String.valueOf(message);
    int newline = text.indexOf('\n');
    String line = newline < 0 ? text : text.substring(0, newline);
    return line.length() <= 200 ? line : line.substring(0, 200) + "...";
  }
}
