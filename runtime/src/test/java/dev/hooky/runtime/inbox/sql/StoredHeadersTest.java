package dev.hooky.runtime.inbox.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StoredHeadersTest {
  @Test
  void headersComeBackAsTheyWereInTheirOrder() {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    headers.put("X-CIO-Timestamp", List.of("1713484800"));
    headers.put("Accept", List.of("a", "b, c", ""));
    headers.put("X-Odd \"name\"\\", List.of("quote \" backslash \\ newline \n tab \t é 😀"));
    headers.put("Empty", List.of());

    String json = StoredHeaders.toJson(headers);
    Map<String, List<String>> read = StoredHeaders.fromJson(json);

    assertEquals(headers, read);
    assertEquals(new ArrayList<>(headers.keySet()), new ArrayList<>(read.keySet()));
  }

  @Test
  void theStoredFormIsAnObjectOfStringArrays() {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    headers.put("A", List.of("1", "2"));
    headers.put("B", List.of());

    assertEquals("{\"A\":[\"1\",\"2\"],\"B\":[]}", StoredHeaders.toJson(headers));
    assertEquals("{}", StoredHeaders.toJson(Map.of()));
  }

  @Test
  void aNullValueIsKeptAsNull() {
    assertEquals(Map.of("A", Arrays.asList("x", null)),
        StoredHeaders.fromJson("{\"A\":[\"x\",null]}"));
  }

  @Test
  void noStoredHeadersAreNone() {
    assertEquals(Map.of(), StoredHeaders.fromJson(null));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "not json", "[]", "{\"A\":\"x\"}", "{\"A\":[[\"x\"]]}",
      "{\"A\":[{\"b\":1}]}", "{\"A\":[\"x\"", "{\"A\":", "{"})
  void unreadableStoredHeadersAreEmpty(String stored) {
    assertEquals(Map.of(), StoredHeaders.fromJson(stored));
  }
}
