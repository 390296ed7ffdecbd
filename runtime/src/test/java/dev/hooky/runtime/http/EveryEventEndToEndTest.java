package dev.hooky.runtime.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.hooky.customerio.CustomerIoEventType;
import dev.hooky.customerio.event.UnknownEvent;
import dev.hooky.runtime.Hooky;
import dev.hooky.runtime.HookyServer;
import dev.hooky.runtime.testing.ChannelHandlers;
import dev.hooky.runtime.testing.ChannelHandlers.Received;
import dev.hooky.runtime.testing.Payloads;
import dev.hooky.runtime.testing.WebhookClient;
import java.net.http.HttpResponse;
import java.time.Clock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A signed POST of every catalog event reaches the handler of its channel, typed. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EveryEventEndToEndTest {
  private static final String KEY = "end-to-end-key";

  private final ChannelHandlers handlers = new ChannelHandlers();
  private HookyServer server;
  private WebhookClient client;

  @BeforeAll
  void start() {
    server = Hooky.server().inbox("memory").port(0).host("127.0.0.1").signingKeys(KEY).handlers(handlers).start();
    client = new WebhookClient(server.url(), KEY, Clock.systemUTC());
  }

  @AfterAll
  void stop() {
    server.close();
  }

  @ParameterizedTest
  @EnumSource(CustomerIoEventType.class)
  void everyCatalogEventReachesItsChannelHandler(CustomerIoEventType type) throws Exception {
    String eventId = "evt-" + type.name();
    HttpResponse<String> response = client.send(Payloads.of(type, eventId, 1_713_484_800L));

    assertEquals(200, response.statusCode(), response.body());
    Received received = handlers.next();
    assertEquals(type, received.event().type());
    assertEquals(eventId, received.event().eventId());
    assertInstanceOf(type.channel().eventClass(), received.event());
    assertEquals(expectedMethod(type), received.method());
    assertEquals(eventId, received.delivery().eventId());
    assertEquals(1, received.delivery().attempt());
    assertEquals("42", received.event().identifiers().id());
    assertNull(handlers.poll(50), "one event, one handler call");
  }

  @Test
  void anUnknownEventIsAnsweredOkAndReachesOnlyTheCatchAll() throws Exception {
    HttpResponse<String> response = client.send("{\"event_id\":\"u1\",\"object_type\":\"fax\","
        + "\"metric\":\"sent\",\"timestamp\":1713484800,\"data\":{\"pages\":3}}");

    assertEquals(200, response.statusCode());
    Received received = handlers.next();
    assertEquals("unknown", received.method());
    UnknownEvent event = assertInstanceOf(UnknownEvent.class, received.event());
    assertEquals("fax_sent", event.name());
    assertEquals("{\"pages\":3}", event.dataJson());
  }

  private static String expectedMethod(CustomerIoEventType type) {
    switch (type.channel()) {
      case IN_APP:
        return "inApp";
      case WHATSAPP:
        return "whatsApp";
      default:
        return type.channel().objectType();
    }
  }
}
