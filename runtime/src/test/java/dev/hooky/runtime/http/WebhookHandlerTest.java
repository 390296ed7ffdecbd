package dev.hooky.runtime.http;

import static dev.hooky.runtime.testing.HostileRequests.head;
import static dev.hooky.runtime.testing.HostileRequests.wellFormedSignatureHeaders;
import static dev.hooky.runtime.testing.HostileRequests.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hooky.runtime.inbox.InboundDelivery;
import dev.hooky.runtime.parse.EventParser;
import dev.hooky.runtime.testing.TestServers;
import dev.hooky.runtime.testing.WebhookClient;
import dev.hooky.runtime.verify.SignatureVerifier;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Hooky's Jetty handler over real sockets, where a request ends in a way only the connection
 * shows (the client stops sending mid-body), or where Hooky's own observers fail: every request
 * is still answered, once, with the answer its content deserves.
 */
class WebhookHandlerTest {
  private static final Clock CLOCK = Clock.systemUTC();

  private final List<Rejection> rejections = Collections.synchronizedList(new ArrayList<>());
  private final BodyBudget budget = new BodyBudget(1 << 20);
  private final WebhookObserver recording = new WebhookObserver() {
    @Override
    public void rejected(Rejection rejection) {
      rejections.add(rejection);
    }
  };
  private JettyServers.Listening jetty;
  private URI url;

  @AfterEach
  void stop() throws Exception {
    if (jetty != null) {
      jetty.server().stop();
    }
  }

  @Test
  void aBodyCutShortByTheClientIs401BecauseItCannotBeCheckedAndItsBufferIsGivenBack()
      throws Exception {
    serve(recording);
    try (Socket socket = new Socket("127.0.0.1", url.getPort())) {
      socket.setSoTimeout(10_000);
      write(socket, head(url, 1_000, wellFormedSignatureHeaders()));
      write(socket, "{\"event_id\":".getBytes(StandardCharsets.US_ASCII));
      awaitTrue(() -> budget.used() > 0, "the body's first bytes are held");
      // The client sends no more: the 1,000 bytes it declared never arrive.
      socket.shutdownOutput();

      String answer = readToEnd(socket.getInputStream());

      assertTrue(answer.startsWith("HTTP/1.1 401 "), answer);
      assertTrue(answer.contains("incomplete body, so its signature cannot be checked"), answer);
    }
    awaitTrue(() -> rejections.size() == 1, "the refusal is recorded");
    Rejection rejection = rejections.get(0);
    assertEquals(401, rejection.status());
    assertTrue(rejection.reason().startsWith("incomplete body, so its signature cannot be checked"),
        rejection.reason());
    assertEquals(0, budget.used(), "the buffer's charge is given back");
  }

  @Test
  void anObserverThatFailsOnARefusalLeavesTheRefusalsAnswerAsItIs() throws Exception {
    serve(new WebhookObserver() {
      @Override
      public void rejected(Rejection rejection) {
        throw new IllegalStateException("Live Logs are broken");
      }

      @Override
      public void accepted(InboundDelivery delivery, Answer answer) {
        throw new IllegalStateException("metrics are broken");
      }
    });
    // Refused on its head, before the body is read.
    try (Socket socket = new Socket("127.0.0.1", url.getPort())) {
      socket.setSoTimeout(10_000);
      write(socket, head(url, 10, List.of()));
      String answer = readToEnd(socket.getInputStream());
      assertTrue(answer.startsWith("HTTP/1.1 401 "), answer);
      assertTrue(answer.contains("missing X-CIO-Timestamp header"), answer);
    }
    // Refused mid-body: a chunked body past the hard cap.
    try (Socket socket = new Socket("127.0.0.1", url.getPort())) {
      socket.setSoTimeout(10_000);
      String chunked = "POST /hook HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
          + "Transfer-Encoding: chunked\r\n" + String.join("\r\n", wellFormedSignatureHeaders())
          + "\r\n\r\n" + "10001\r\n" + "x".repeat(0x10001) + "\r\n";
      write(socket, chunked.getBytes(StandardCharsets.US_ASCII));
      String answer = readToEnd(socket.getInputStream());
      assertTrue(answer.startsWith("HTTP/1.1 413 "), answer);
      assertTrue(answer.contains("body too large: the limit is 65536 bytes"), answer);
    }
    // Refused on its signature, once the body is read.
    WebhookClient forger = new WebhookClient(url, "not-" + TestServers.KEY, CLOCK);
    assertEquals(401, forger.send(TestServers.sms("forged")).statusCode());
    // And an authentic event is still accepted.
    WebhookClient client = new WebhookClient(url, TestServers.KEY, CLOCK);
    assertEquals(200, client.send(TestServers.sms("authentic")).statusCode());
    assertEquals(0, budget.used());
  }

  private void serve(WebhookObserver observer) throws Exception {
    WebhookHandler handler = new WebhookHandler(new WebhookPipeline("/hook",
        new WebhookLimits(64 * 1024, 64 * 1024, Duration.ofSeconds(30)),
        new SignatureVerifier(List.of(TestServers.KEY), Duration.ofMinutes(5), CLOCK),
        new EventParser(), delivery -> Answer.OK, delivery -> Answer.OK, observer, CLOCK,
        budget));
    jetty = JettyServers.create("handler-test", new QueuedThreadPool(), "127.0.0.1", 0,
        Duration.ofSeconds(1));
    jetty.serve(handler);
    jetty.server().start();
    url = URI.create("http://127.0.0.1:" + jetty.connector().getLocalPort() + "/hook");
  }

  private static String readToEnd(InputStream in) throws Exception {
    ByteArrayOutputStream answer = new ByteArrayOutputStream();
    in.transferTo(answer);
    return answer.toString(StandardCharsets.UTF_8);
  }

  private static void awaitTrue(BooleanSupplier condition, String what) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within 10 s: " + what);
      }
      Thread.sleep(10);
    }
  }
}
