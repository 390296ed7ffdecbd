package dev.hooky.benchmarks.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hooky.benchmarks.SignedEvents;
import dev.hooky.benchmarks.SignedEvents.SignedEvent;
import dev.hooky.benchmarks.http.springplain.CustomerIoWebhookController;
import dev.hooky.runtime.HookyEmbedded;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Server (h), the plain Spring Boot application, over real HTTP: it answers as the hand-written
 * handler (b) does, and holds no Hooky although the starter is on the class path.
 */
class SpringPlainServerTest {
  private static final String KEY = SignedEvents.SIGNING_KEY;
  private static ConfigurableApplicationContext context;
  private static CustomerIoWebhookController controller;
  private static URI url;
  private final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @BeforeAll
  static void start() {
    context = SpringPlainServer.start(0, "--customerio.webhook.max-body=1000B");
    controller = context.getBean(CustomerIoWebhookController.class);
    url = URI.create("http://127.0.0.1:" + SpringPlainServer.port(context) + ServerTrial.PATH);
  }

  @AfterAll
  static void stop() {
    context.close();
  }

  @Test
  void hasNoHooky() {
    assertTrue(context.getBeansOfType(HookyEmbedded.class).isEmpty());
  }

  @Test
  void signedEventsAreAnsweredOkAndCounted() throws Exception {
    long before = controller.handled();
    SignedEvents events = new SignedEvents(KEY, "abcdefs01-", new AtomicLong());
    for (int i = 0; i < 5; i++) {
      SignedEvent event = events.next();
      HttpResponse<String> answer = post(event.timestamp(), event.signature(), event.body());
      assertEquals(200, answer.statusCode());
      assertEquals("ok", answer.body());
    }
    assertEquals(before + 5, controller.handled());
  }

  @Test
  void requestsThatAreNotAuthenticAre401() throws Exception {
    long before = controller.handled();
    SignedEvent event = new SignedEvents(KEY, "abcdefs01-", new AtomicLong()).next();
    byte[] tampered = event.body().clone();
    tampered[tampered.length - 3] ^= 1;
    assertEquals(401, post(event.timestamp(), event.signature(), tampered).statusCode());
    assertEquals(401, post(event.timestamp(), null, event.body()).statusCode());
    assertEquals(401, post(null, event.signature(), event.body()).statusCode());
    assertEquals(401, post(event.timestamp(), "not hex", event.body()).statusCode());
    assertEquals(401, post("yesterday", event.signature(), event.body()).statusCode());
    String stale = Long.toString(System.currentTimeMillis() / 1000 - 301);
    assertEquals(401, post(stale, sign(stale, event.body()), event.body()).statusCode());
    String future = Long.toString(System.currentTimeMillis() / 1000 + 301);
    assertEquals(401, post(future, sign(future, event.body()), event.body()).statusCode());
    String otherKey = new SignedEvents("another key", "abcdefs01-", new AtomicLong()).next()
        .signature();
    assertEquals(401, post(event.timestamp(), otherKey, event.body()).statusCode());
    assertEquals(before, controller.handled());
  }

  @Test
  void authenticBodiesThatAreNotEventsAre400() throws Exception {
    long before = controller.handled();
    for (String body : new String[] {"{\"event_id\":", "[1,2]", "{\"event_id\":\"x\"}", ""}) {
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      String now = Long.toString(System.currentTimeMillis() / 1000);
      assertEquals(400, post(now, sign(now, bytes), bytes).statusCode(), body);
    }
    assertEquals(before, controller.handled());
  }

  @Test
  void bodiesOverTheLimitAre413AndOtherMethods405() throws Exception {
    byte[] large = ("{\"event_id\":\"" + "x".repeat(1_000) + "\"}")
        .getBytes(StandardCharsets.UTF_8);
    String now = Long.toString(System.currentTimeMillis() / 1000);
    assertEquals(413, post(now, sign(now, large), large).statusCode());
    // Chunked: no Content-Length to refuse it by, so the limit holds while reading.
    HttpRequest chunked = HttpRequest.newBuilder(url)
        .header(HandWrittenHandler.TIMESTAMP, now)
        .header(HandWrittenHandler.SIGNATURE, sign(now, large))
        .POST(HttpRequest.BodyPublishers.ofInputStream(
            () -> new ByteArrayInputStream(large)))
        .build();
    assertEquals(413, client.send(chunked, HttpResponse.BodyHandlers.ofString()).statusCode());
    HttpResponse<String> get = client.send(HttpRequest.newBuilder(url).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(405, get.statusCode());
    assertTrue(get.headers().firstValue("Allow").orElse("").contains("POST"));
  }

  private HttpResponse<String> post(String timestamp, String signature, byte[] body)
      throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(url)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (timestamp != null) {
      request.header(HandWrittenHandler.TIMESTAMP, timestamp);
    }
    if (signature != null) {
      request.header(HandWrittenHandler.SIGNATURE, signature);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String sign(String timestamp, byte[] body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    mac.update(("v0:" + timestamp + ":").getBytes(StandardCharsets.US_ASCII));
    return HexFormat.of().formatHex(mac.doFinal(body));
  }
}
