package dev.hooky.runtime.inbox.sql;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A delivery's HTTP headers as the inbox stores them: one JSON object of name to an array of
 * values. Written and read with Jackson's streaming API: a data-binding mapper would be loaded by
 * the first request that stores a delivery, on the request path of a server just started.
 */
final class StoredHeaders {
  private static final Logger log = LoggerFactory.getLogger(StoredHeaders.class);
  private static final JsonFactory JSON = new JsonFactory();

  private StoredHeaders() {}

  static String toJson(Map<String, List<String>> headers) {
    StringWriter text = new StringWriter(64 * Math.max(1, headers.size()));
    try (JsonGenerator json = JSON.createGenerator(text)) {
      json.writeStartObject();
      for (Map.Entry<String, List<String>> header : headers.entrySet()) {
        json.writeArrayFieldStart(header.getKey());
        for (String value : header.getValue()) {
          json.writeString(value);
        }
        json.writeEndArray();
      }
      json.writeEndObject();
    } catch (IOException e) {
      // A StringWriter does not fail.
      throw new UncheckedIOException(e);
    }
    return text.toString();
  }

  /** The headers {@link #toJson} wrote; empty, with a warning, for anything else. */
  static Map<String, List<String>> fromJson(String headers) {
    if (headers == null) {
      return Map.of();
    }
    try (JsonParser json = JSON.createParser(headers)) {
      Map<String, List<String>> read = new LinkedHashMap<>();
      expect(json, json.nextToken(), JsonToken.START_OBJECT);
      while (json.nextToken() == JsonToken.FIELD_NAME) {
        String name = json.currentName();
        expect(json, json.nextToken(), JsonToken.START_ARRAY);
        List<String> values = new ArrayList<>();
        for (JsonToken value = json.nextToken(); value != JsonToken.END_ARRAY;
            value = json.nextToken()) {
          if (value == null || !value.isScalarValue()) {
            throw new JsonParseException(json, "a header value that is not a string");
          }
          values.add(json.getValueAsString());
        }
        read.put(name, values);
      }
      return read;
    } catch (IOException e) {
      log.warn("Unreadable stored headers: {}", e.getMessage());
      return new LinkedHashMap<>();
    }
  }

  private static void expect(JsonParser json, JsonToken found, JsonToken expected)
      throws JsonParseException {
    if (found != expected) {
      throw new JsonParseException(json, "expected " + expected + " but found " + found);
    }
  }
}
