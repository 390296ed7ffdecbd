package dev.hooky.runtime.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static dev.hooky.runtime.testing.HostileRequests.head;
import static dev.hooky.runtime.testing.HostileRequests.wellFormedSignatureHeaders;
import static dev.hooky.runtime.testing.HostileRequests.write;

import dev.hooky.customerio.CustomerIoEventType;
import dev.hooky.runtime.inbox.ManualClock;
import dev.hooky.runtime.parse.EventParser;
import dev.hooky.runtime.testing.ChannelHandlers;
import dev.hooky.runtime.testing.Mount.Mounted;
import dev.hooky.runtime.testing.Mount;
import dev.hooky.runtime.testing.Payloads;
import dev.hooky.runtime.testing.Signatures;
import dev.hooky.runtime.testing.TestServers;
import dev.hooky.runtime.testing.WebhookClient;
import dev.hooky.runtime.verify.SignatureVerifier;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.junit.jupiter.api.Test;

/**
 * What a client without a signing key can do to the webhook port, over real sockets: refused on
 * its headers before its body is read, cut off when it trickles, unable to make the server
 * allocate ahead of the bytes it sends or overdraw the shared body budget, and unable to flood the
 * log. Each defence is shown by a test that fails without it.
 */
public class HostileClientsTest {
  /** How the suite serves Hooky; subclasses run it against other mounts. */
  protected Mount mount() {
    return Mount.STANDALONE;
  }

  private static final String KEY = TestServers.KEY;

  // ---------------------------------------------------------------- refused before the body

  @Test
  void aRequestWithoutSignatureHeadersIsRefusedBeforeAnyOfItsBodyIsSent() throws Exception {
    try (Mounted server = mount().start(TestServers.builder().handlers(new ChannelHandlers()));
        Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(5_000);
      // Declares 5 MiB and sends none of it: the answer must not wait for it.
      write(socket, head(server.url(), 5 * 1024 * 1024, List.of()));

      String answer = readAnswer(socket);

      assertTrue(answer.startsWith("HTTP/1.1 401"), answer);
      assertTrue(answer.contains("missing X-CIO-Timestamp header"), answer);
      assertTrue(answer.toLowerCase().contains("connection: close"), answer);
    }
  }

  @Test
  void aMalformedSignatureIsRefusedBeforeAnyOfTheBodyIsSent() throws Exception {
    try (Mounted server = mount().start(TestServers.builder().handlers(new ChannelHandlers()));
        Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(5_000);
      write(socket, head(server.url(), 1000,
          List.of("X-CIO-Timestamp: 1715784949", "X-CIO-Signature: not-hex")));

      String answer = readAnswer(socket);

      assertTrue(answer.startsWith("HTTP/1.1 401"), answer);
      assertTrue(answer.contains("malformed X-CIO-Signature"), answer);
    }
  }

  // ---------------------------------------------------------------- slow senders

  @Test
  void aBodyThatTricklesIsCutOffAtTheBodyTimeout() throws Exception {
    try (Mounted server = mount().start(TestServers.builder().bodyTimeout(Duration.ofMillis(500))
        .handlers(new ChannelHandlers()));
        Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(5_000);
      write(socket, head(server.url(), 1000, wellFormedSignatureHeaders()));
      write(socket, "{\"event_id\"".getBytes(StandardCharsets.US_ASCII));

      String answer = readAnswer(socket);

      assertTrue(answer.startsWith("HTTP/1.1 408"), answer);
      assertTrue(answer.contains("body not received within 500 ms"), answer);
      assertTrue(answer.toLowerCase().contains("connection: close"), answer);
    }
  }

  @Test
  void anAuthenticBodyArrivingInPartsWithinTheBodyTimeoutIsTaken() throws Exception {
    ChannelHandlers handlers = new ChannelHandlers();
    try (Mounted server = mount().start(TestServers.builder().bodyTimeout(Duration.ofSeconds(5))
        .handlers(handlers));
        Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(10_000);
      byte[] body = Payloads.of(CustomerIoEventType.SMS_DELIVERED, "in-parts",
          Instant.now().getEpochSecond()).getBytes(StandardCharsets.UTF_8);
      String timestamp = Long.toString(Instant.now().getEpochSecond());
      write(socket, head(server.url(), body.length, List.of("X-CIO-Timestamp: " + timestamp,
          "X-CIO-Signature: " + Signatures.sign(KEY, timestamp, body))));
      write(socket, Arrays.copyOf(body, 10));
      Thread.sleep(300); // the rest after a pause: the body's deadline is armed meanwhile
      write(socket, Arrays.copyOfRange(body, 10, body.length));

      String answer = readAnswer(socket);

      assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
      assertEquals("in-parts", handlers.next().event().eventId());
    }
  }

  @Test
  void hundredsOfSlowSendersHoldNoThreadAndDelayNoAuthenticEvent() throws Exception {
    ChannelHandlers handlers = new ChannelHandlers();
    List<Socket> slow = new ArrayList<>();
    try (Mounted server = mount().start(TestServers.builder().bodyTimeout(Duration.ofSeconds(60))
        .handlers(handlers))) {
      try {
        // More than Jetty's 200 threads: a blocking read would park one thread per sender.
        for (int i = 0; i < 300; i++) {
          Socket socket = new Socket("127.0.0.1", server.port());
          write(socket, head(server.url(), 1000, wellFormedSignatureHeaders()));
          write(socket, "{".getBytes(StandardCharsets.US_ASCII));
          slow.add(socket);
        }
        WebhookClient client = TestServers.client(server);

        HttpResponse<String> answer = client.send(TestServers.sms("among-slow-senders"));

        assertEquals(200, answer.statusCode(), answer.body());
        assertEquals("among-slow-senders", handlers.next().event().eventId());
      } finally {
        for (Socket socket : slow) {
          socket.close();
        }
      }
    }
  }

  // ---------------------------------------------------------------- memory

  @Test
  void bodiesInFlightBeyondTheBudgetAre503WithRetryAfterAndTheBudgetComesBack()
      throws Exception {
    ChannelHandlers handlers = new ChannelHandlers();
    try (Mounted server = mount().start(TestServers.builder().maxInFlightBodyBytes(64 * 1024)
        .bodyTimeout(Duration.ofSeconds(30)).handlers(handlers))) {
      try (Socket first = new Socket("127.0.0.1", server.port());
          Socket second = new Socket("127.0.0.1", server.port())) {
        second.setSoTimeout(5_000);
        // 40 KB arrived of 60,000 declared: its buffer holds 60,000 bytes of the 64 KiB.
        write(first, head(server.url(), 60_000, wellFormedSignatureHeaders()));
        write(first, new byte[40_000]);
        Thread.sleep(200);
        write(second, head(server.url(), 30_000, wellFormedSignatureHeaders()));
        write(second, new byte[20_000]);

        String answer = readAnswer(second);

        assertTrue(answer.startsWith("HTTP/1.1 503"), answer);
        assertTrue(answer.toLowerCase().contains("retry-after: 5"), answer);
        assertTrue(answer.contains("too many request bodies in memory"), answer);
      }
      // The first sender went away: its charge is given back, and events get through again.
      WebhookClient client = TestServers.client(server);
      awaitStatus(() -> client.send(TestServers.sms("after-the-budget")), 200);
      assertEquals("after-the-budget", handlers.next().event().eventId());
    }
  }

  @Test
  void declaredLengthsAllocateNothingAheadOfTheBytesThatArrive() throws Exception {
    ChannelHandlers handlers = new ChannelHandlers();
    // 100 requests that each declare 5 MiB would need 500 MiB if buffers followed the declared
    // length; they send 10 bytes each, and a budget of 4 MiB holds them all.
    List<Socket> liars = new ArrayList<>();
    try (Mounted server = mount().start(TestServers.builder().maxInFlightBodyBytes(4 * 1024 * 1024)
        .bodyTimeout(Duration.ofSeconds(30)).handlers(handlers))) {
      try {
        for (int i = 0; i < 100; i++) {
          Socket socket = new Socket("127.0.0.1", server.port());
          write(socket, head(server.url(), 5 * 1024 * 1024, wellFormedSignatureHeaders()));
          write(socket, "{\"event_id\"".getBytes(StandardCharsets.US_ASCII));
          liars.add(socket);
        }
        WebhookClient client = TestServers.client(server);

        HttpResponse<String> answer = client.send(TestServers.sms("among-liars"));

        assertEquals(200, answer.statusCode(), answer.body());
        assertEquals("among-liars", handlers.next().event().eventId());
      } finally {
        for (Socket socket : liars) {
          socket.close();
        }
      }
    }
  }

  // ---------------------------------------------------------------- the log

  @Test
  void aFloodOfForgedRequestsWritesOneLinePerKindAndIntervalButCountsEveryOne()
      throws Exception {
    ManualClock clock = new ManualClock(Instant.ofEpochSecond(1_715_784_949L));
    List<String> lines = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger counted = new AtomicInteger();
    RejectionLog log = new RejectionLog(clock, new RejectionLog.Sink() {
      @Override
      public void warn(String line) {
        lines.add(line);
      }

      @Override
      public void info(String line) {
        lines.add(line);
      }
    });
    WebhookObserver counting = new WebhookObserver() {
      @Override
      public void rejected(Rejection rejection) {
        counted.incrementAndGet();
      }
    };
    WebhookHandler handler = new WebhookHandler(new WebhookPipeline("/hook",
        WebhookLimits.of(64 * 1024),
        new SignatureVerifier(List.of(KEY), Duration.ofMinutes(5), clock), new EventParser(),
        delivery -> Answer.OK, delivery -> Answer.OK, counting, clock,
        new BodyBudget(1 << 20), log));
    JettyServers.Listening jetty = JettyServers.create("flood", new QueuedThreadPool(),
        "127.0.0.1", 0, Duration.ofSeconds(1));
    jetty.serve(handler);
    jetty.server().start();
    try {
      URI url = URI.create("http://127.0.0.1:" + jetty.connector().getLocalPort() + "/hook");
      WebhookClient forger = new WebhookClient(url, "not-" + KEY, clock);
      for (int i = 0; i < 300; i++) {
        assertEquals(401, forger.send(TestServers.sms("forged-" + i)).statusCode());
      }

      assertEquals(300, counted.get(), "every refusal is still counted");
      assertEquals(1, lines.size(), lines.toString());
      assertTrue(lines.get(0).contains("signature mismatch"), lines.toString());

      clock.advance(Duration.ofSeconds(11));
      assertEquals(401, forger.send(TestServers.sms("forged-later")).statusCode());

      assertEquals(3, lines.size(), lines.toString());
      assertTrue(lines.get(1).contains("... and 299 more \"401 signature mismatch\" refusals from"
          + " 127.0.0.1 in the last 11 s"), lines.toString());
    } finally {
      jetty.server().stop();
    }
  }

  // ---------------------------------------------------------------- helpers

  /** The status line, headers and body the server sent before closing or pausing. */
  private static String readAnswer(Socket socket) throws IOException {
    InputStream in = socket.getInputStream();
    ByteArrayOutputStream answer = new ByteArrayOutputStream();
    byte[] buffer = new byte[4096];
    try {
      int read;
      while ((read = in.read(buffer)) >= 0) {
        answer.write(buffer, 0, read);
        String text = answer.toString(StandardCharsets.ISO_8859_1);
        int endOfHead = text.indexOf("\r\n\r\n");
        if (endOfHead >= 0 && text.toLowerCase().contains("content-length: ")) {
          int start = text.toLowerCase().indexOf("content-length: ") + 16;
          int length = Integer.parseInt(text.substring(start, text.indexOf("\r\n", start)).trim());
          if (answer.size() >= endOfHead + 4 + length) {
            break;
          }
        }
      }
    } catch (SocketTimeoutException e) {
      throw new AssertionError("no answer within the socket time-out; got: "
          + answer.toString(StandardCharsets.ISO_8859_1), e);
    }
    return answer.toString(StandardCharsets.UTF_8);
  }

  private interface Send {
    HttpResponse<String> send();
  }

  private static void awaitStatus(Send send, int status) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    HttpResponse<String> last;
    do {
      last = send.send();
      if (last.statusCode() == status) {
        return;
      }
      Thread.sleep(50);
    } while (System.nanoTime() < deadline);
    throw new AssertionError("still " + last.statusCode() + " " + last.body());
  }
}
