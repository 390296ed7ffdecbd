package dev.hooky.runtime.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hooky.runtime.http.JettyServers;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.junit.jupiter.api.Test;

/** Failed admin-token attempts: limited per client, forgiven with time, logged in aggregate. */
class TokenAttemptsTest {
  private static final String TOKEN = "0123456789abcdef0123456789abcdef";

  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final TokenAttempts attempts = new TokenAttempts(now::get, lines::add);

  @Test
  void aClientGetsItsBurstThenWaitsForTheBucketToRefill() {
    for (int i = 0; i < TokenAttempts.BURST; i++) {
      assertEquals(0, attempts.retryAfterSeconds("10.0.0.1"));
      attempts.failed("10.0.0.1");
    }
    assertEquals(6, attempts.retryAfterSeconds("10.0.0.1"));
    assertEquals(0, attempts.retryAfterSeconds("10.0.0.2"), "others are not affected");

    advance(Duration.ofSeconds(3));
    assertEquals(3, attempts.retryAfterSeconds("10.0.0.1"));
    advance(Duration.ofSeconds(3));
    assertEquals(0, attempts.retryAfterSeconds("10.0.0.1"), "one more try after 6 s");
    attempts.failed("10.0.0.1");
    assertEquals(6, attempts.retryAfterSeconds("10.0.0.1"));
    advance(Duration.ofMinutes(1));
    for (int i = 0; i < TokenAttempts.BURST; i++) {
      assertEquals(0, attempts.retryAfterSeconds("10.0.0.1"), "the whole burst is back");
      attempts.failed("10.0.0.1");
    }
  }

  @Test
  void tenThousandFailuresMakeOneLinePerInterval() {
    for (int second = 0; second < 180; second++) {
      for (int i = 0; i < 60; i++) {
        String client = "10.0.0." + (i % 3);
        if (attempts.retryAfterSeconds(client) == 0) {
          attempts.failed(client);
        }
      }
      advance(Duration.ofSeconds(1));
    }
    attempts.flush();

    // 10,800 attempts over 3 minutes: the first at once, then one summary per minute.
    assertTrue(lines.size() <= 4, lines.toString());
    assertTrue(lines.get(0).contains("from 10.0.0.0"), lines.get(0));
    assertTrue(lines.get(1).contains("in the last 60 s from 3 client(s)"), lines.get(1));
    assertTrue(lines.get(1).contains("refused with 429"), lines.get(1));
    long counted = 1;
    for (String line : lines.subList(1, lines.size())) {
      counted += Long.parseLong(line.replaceAll("^Admin port: ([0-9,]+) more.*$", "$1")
          .replace(",", ""));
    }
    assertEquals(180 * 60, counted, "every attempt is counted in some line: " + lines);
  }

  @Test
  void quietAgainMeansTheNextFailureIsToldAtOnce() {
    attempts.failed("10.0.0.1");
    attempts.failed("10.0.0.1");
    assertEquals(1, lines.size());
    advance(Duration.ofSeconds(61));
    attempts.flush();
    assertEquals(2, lines.size(), "the tail is summed up");
    advance(Duration.ofMinutes(5));
    attempts.failed("10.0.0.9");
    assertEquals(3, lines.size());
    assertTrue(lines.get(2).contains("from 10.0.0.9"), lines.get(2));
  }

  @Test
  void ipv6ClientsAreLimitedByTheirSlash64AndMemoryIsBounded() throws Exception {
    assertEquals(TokenAttempts.clientKey(InetAddress.getByName("2001:db8:1:2::1")),
        TokenAttempts.clientKey(InetAddress.getByName("2001:db8:1:2:ffff::9")));
    assertEquals("127.0.0.1", TokenAttempts.clientKey(InetAddress.getByName("127.0.0.1")));

    for (int i = 0; i < TokenAttempts.MAX_CLIENTS + 5_000; i++) {
      attempts.failed("c" + i);
    }
    // Beyond the bound, newcomers share one bucket, which is soon empty.
    assertTrue(attempts.retryAfterSeconds("yet-another") > 0);
  }

  @Test
  void theGateLogsABurstOverRealSocketsInBoundedLinesAndForgivesAfterTheWindow()
      throws Exception {
    Handler ok = new Handler.Abstract() {
      @Override
      public boolean handle(Request request, Response response, Callback callback) {
        response.write(true, ByteBuffer.wrap("ok".getBytes(StandardCharsets.UTF_8)), callback);
        return true;
      }
    };
    JettyServers.Listening listening = JettyServers.create("test-admin", new QueuedThreadPool(8, 2),
        "127.0.0.1", 0, Duration.ofSeconds(5));
    listening.serve(new AdminGate("127.0.0.1", AdminToken.of(TOKEN), ok, now::get, lines::add));
    listening.server().start();
    try {
      int port = listening.connector().getLocalPort();
      int refused = 0;
      for (int i = 0; i < 300; i++) {
        RawHttp.Answer answer = RawHttp.send("127.0.0.1", port, "GET", "/api/stats",
            "localhost", "Authorization: Bearer wrong-" + i);
        refused += answer.status() == 429 ? 1 : 0;
      }
      assertEquals(300 - TokenAttempts.BURST, refused);
      assertEquals(1, lines.size(), "one line for the burst so far: " + lines);

      advance(Duration.ofSeconds(61));
      assertEquals(200, RawHttp.send("127.0.0.1", port, "GET", "/api/stats", "localhost",
          "Authorization: Bearer " + TOKEN).status(), "forgiven after the window");
      assertEquals(401, RawHttp.send("127.0.0.1", port, "GET", "/api/stats", "localhost",
          "Authorization: Bearer wrong").status());
      assertEquals(2, lines.size(), lines.toString());
      assertTrue(lines.get(1).contains("300 more request(s)"), lines.get(1));
      assertTrue(lines.get(1).contains("290 of them refused with 429"), lines.get(1));
    } finally {
      listening.server().stop();
    }
  }

  private void advance(Duration duration) {
    now.addAndGet(TimeUnit.NANOSECONDS.convert(duration));
  }
}
