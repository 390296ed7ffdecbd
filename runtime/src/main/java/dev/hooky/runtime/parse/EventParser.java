package dev.hooky.runtime.parse;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
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

  private final JsonFactory factory;
  private final ObjectReader treeReader;

  public EventParser() {
    this.factory = JsonFactory.builder()
        .streamReadConstraints(StreamReadConstraints.builder()
            .maxNestingDepth(MAX_NESTING_DEPTH)
            .maxNumberLength(MAX_NUMBER_LENGTH)
            .maxStringLength(MAX_STRING_LENGTH)
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
              int start = (int) parser.currentTokenLocation().getByteOffset();
              data = treeReader.readTree(parser);
              int end = (int) parser.currentLocation().getByteOffset();
              dataJson = new String(body, start, end - start, StandardCharsets.UTF_8);
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
      require(objectType, "object_type");
      require(metric, "metric");
      return EventMapper.toEvent(eventId, objectType, metric,
          timestamp != null ? timestamp : receivedAt, data, dataJson);
    } catch (StreamConstraintsException e) {
      throw new MalformedEventException("body exceeds a parsing limit: " + firstLine(e), e);
    } catch (IOException e) {
      throw new MalformedEventException("malformed JSON: " + firstLine(e), e);
    }
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
  private static Instant seconds(JsonParser parser, JsonToken value) throws IOException {
    if (value == JsonToken.VALUE_NUMBER_INT) {
      return Instant.ofEpochSecond(parser.getLongValue());
    }
    if (value == JsonToken.VALUE_STRING) {
      String text = parser.getText().trim();
      if (!text.isEmpty() && text.length() <= 12
          && text.chars().allMatch(c -> c >= '0' && c <= '9')) {
        return Instant.ofEpochSecond(Long.parseLong(text));
      }
      return null;
    }
    parser.skipChildren();
    return null;
  }

  /** Jackson's messages carry a source excerpt on later lines; the first line says enough. */
  private static String firstLine(Exception e) {
    String message = String.valueOf(e.getMessage());
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
