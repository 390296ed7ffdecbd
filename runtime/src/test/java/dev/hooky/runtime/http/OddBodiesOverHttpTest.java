package dev.hooky.runtime.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hooky.runtime.testing.ChannelHandlers.Received;
import dev.hooky.runtime.testing.ChannelHandlers;
import dev.hooky.runtime.testing.Mount.Mounted;
import dev.hooky.runtime.testing.Mount;
import dev.hooky.runtime.testing.OddBodies.OddBody;
import dev.hooky.runtime.testing.OddBodies;
import dev.hooky.runtime.testing.PostgresServer;
import dev.hooky.runtime.testing.Signatures;
import dev.hooky.runtime.testing.TestServers;
import dev.hooky.runtime.testing.WebhookClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every odd or broken body Customer.io could sign ({@link OddBodies}: the quirks of its spec and
 * of real payloads, and bodies that cannot become an event), posted signed over real HTTP to a
 * server on each kind of inbox: each is answered 2xx and listed by {@code /api/deliveries}; those
 * that parse reach their handlers with their documented fields, the others are quarantined with
 * their reason and reach no handler.
 */
public class OddBodiesOverHttpTest {
  /** How the suite serves Hooky; subclasses run it against other mounts. */
  protected Mount mount() {
    return Mount.STANDALONE;
  }

  private static final String TOKEN = "odd-bodies-admin-token-0123456789abcdef";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  static Path directory;

  static Stream<String> inboxes() {
    return Stream.of("memory", "sqlite", "postgres");
  }

  @ParameterizedTest(name = "{0} inbox")
  @MethodSource("inboxes")
  void everyOddBodyIsAnsweredTwoHundredAndKept(String kind) throws Exception {
    ChannelHandlers handlers = new ChannelHandlers();
    UnaryOperator<dev.hooky.runtime.HookyBuilder> inbox = switch (kind) {
      case "sqlite" -> builder -> builder.inbox("sqlite:" + directory.resolve("odd.db"));
      case "postgres" -> builder -> builder.inbox("postgres:"
          + PostgresServer.shared().createDatabase());
      default -> builder -> builder.inbox("memory");
    };
    assertTrue(OddBodies.all().size() >= 30, "the corpus has " + OddBodies.all().size());
    try (Mounted server = mount().start(inbox.apply(TestServers.builder()).adminPort(0)
        .adminToken(TOKEN).handlers(handlers))) {
      WebhookClient client = TestServers.client(server);

      Map<String, OddBody> byKey = new HashMap<>();
      for (OddBody odd : OddBodies.all()) {
        String timestamp = Long.toString(Clock.systemUTC().instant().getEpochSecond());
        HttpResponse<String> response = client.post(odd.body(), "X-CIO-Timestamp", timestamp,
            "X-CIO-Signature", Signatures.sign(TestServers.KEY, timestamp, odd.body()));

        assertEquals(200, response.statusCode(), odd + ": " + response.body());
        assertEquals(odd.parses() ? "ok" : "quarantined", response.body().strip(), odd.name());
        byKey.put(key(odd), odd);
      }

      Map<String, Received> received = new HashMap<>();
      for (int i = 0; i < OddBodies.parsing().size(); i++) {
        Received next = handlers.next();
        received.put(next.event().eventId(), next);
      }
      assertNull(handlers.poll(300), "a quarantined body reached a handler");
      for (OddBody odd : OddBodies.parsing()) {
        Received got = received.get(odd.eventId());
        assertNotNull(got, odd + " did not reach its handler");
        assertEquals(odd.eventName(), got.event().name(), odd.name());
        assertTrue(odd.fields().test(got.event()), odd + ": documented fields: " + got.event());
      }

      Set<String> listed = new HashSet<>();
      for (JsonNode delivery : deliveries(server, "")) {
        listed.add(delivery.get("eventId").asText());
      }
      for (String key : byKey.keySet()) {
        // The inbox may store a key holding characters a text column refuses in a cleaned form;
        // find() takes either.
        String stored = server.inbox().find(key).orElseThrow(
            () -> new AssertionError(byKey.get(key) + " is not kept under " + key)).eventId();
        assertTrue(listed.contains(stored), byKey.get(key) + " is not listed under " + stored);
      }

      List<JsonNode> quarantined = deliveries(server, "status=quarantined");
      assertEquals(OddBodies.quarantined().size(), quarantined.size(), quarantined.toString());
      for (JsonNode delivery : quarantined) {
        assertEquals("quarantined", delivery.get("status").asText());
        OddBody odd = byKey.get(delivery.get("eventId").asText()); // null for a cleaned key
        if (odd != null) {
          assertTrue(delivery.get("lastError").asText().contains(odd.reason()),
              odd + ": the reason " + delivery.get("lastError") + " lacks " + odd.reason());
        }
      }
    }
  }

  /** What the inbox keys a body by: its event_id, or the SHA-256 of a body without one. */
  private static String key(OddBody odd) {
    return odd.eventId() != null ? odd.eventId() : "sha256:" + Digests.sha256Hex(odd.body());
  }

  private static List<JsonNode> deliveries(Mounted server, String query)
      throws IOException, InterruptedException {
    URI uri = server.adminUrl().orElseThrow()
        .resolve("/api/deliveries?limit=1000" + (query.isEmpty() ? "" : "&" + query));
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + TOKEN).build(),
        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    assertEquals(200, response.statusCode(), response.body());
    JsonNode page = JSON.readTree(response.body());
    return JSON.convertValue(page.get("deliveries"),
        JSON.getTypeFactory().constructCollectionType(List.class, JsonNode.class));
  }
}
