package dev.hooky.runtime.inbox.sql;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A delivery's HTTP headers as the inbox stores them: one JSON object of name to values. */
final class StoredHeaders {
  private static final Logger log = LoggerFactory.getLogger(StoredHeaders.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, List<String>>> HEADERS = new TypeReference<>() {};

  private StoredHeaders() {}

  static String toJson(Map<String, List<String>> headers) {
    try {
      return JSON.writeValueAsString(headers);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Map<String, List<String>> fromJson(String headers) {
    try {
      return headers == null ? Map.of() : JSON.readValue(headers, HEADERS);
    } catch (IOException e) {
      log.warn("Unreadable stored headers: {}", e.getMessage());
      return new HashMap<>();
    }
  }
}
