package dev.hooky.runtime.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hooky.runtime.HookyServer;
import dev.hooky.runtime.testing.ChannelHandlers;
import dev.hooky.runtime.testing.Signatures;
import dev.hooky.runtime.testing.TestServers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every answer of the webhook port looks like on the wire, read from a raw socket: a short
 * plain-text body, no header naming the server, Retry-After only where a retry is asked for,
 * {@code Allow} on a 405, and the connection closed exactly when a body was left unread. Jetty's
 * own errors (a request it cannot parse) are answered the same plain way.
 */
class HttpAnswersTest {
  private HookyServer server;

  @BeforeEach
  void start() {
    server = TestServers.builder().maxRequestBytes(10 * 1024 * 1024)
        .handlers(new ChannelHandlers()).start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void noAnswerNamesTheServerOrAsksForARetryUnlessItIsA503() throws Exception {
    String body = TestServers.sms("quiet-headers");
    Map<String, String> requests = new LinkedHashMap<>();
    requests.put("200 ok", signedPost(body));
    requests.put("200 duplicate", signedPost(body));
    requests.put("200 ok (health)", "GET /healthz HTTP/1.1\r\nHost: h\r\n\r\n");
    requests.put("401 missing X-CIO-Timestamp header", post("", "{}"));
    requests.put("404 not found: webhooks go to " + server.url().getPath(),
        "GET /nowhere HTTP/1.1\r\nHost: h\r\n\r\n");
    requests.put("405 method not allowed: use POST",
        "GET " + server.url().getPath() + " HTTP/1.1\r\nHost: h\r\n\r\n");
    requests.put("415 unsupported content type: expected application/json",
        "POST " + server.url().getPath() + " HTTP/1.1\r\nHost: h\r\nContent-Type: text/plain\r\n"
            + "Content-Length: 0\r\n\r\n");
    requests.put("413 body too large: the limit is 10485760 bytes",
        "POST " + server.url().getPath() + " HTTP/1.1\r\nHost: h\r\n"
            + "Content-Length: 20000000\r\n\r\n");

    for (Map.Entry<String, String> request : requests.entrySet()) {
      String expected = request.getKey();
      Answer answer = exchange(request.getValue());

      assertEquals(expected.substring(0, 3), Integer.toString(answer.status), expected);
      assertEquals(expected.substring(4).replace(" (health)", "") + "\n", answer.body, expected);
      assertEquals("text/plain;charset=utf-8", answer.header("content-type"), expected);
      assertNull(answer.header("server"), expected + ": " + answer.head);
      assertNull(answer.header("x-powered-by"), expected + ": " + answer.head);
      assertNull(answer.header("retry-after"), expected + ": " + answer.head);
    }
  }

  @Test
  void onlyAnotherMethodOnTheWebhookPathIsToldToUsePost() throws Exception {
    Answer wrongMethod = exchange("PUT " + server.url().getPath()
        + " HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n\r\n");
    Answer wrongPath = exchange("GET /nowhere HTTP/1.1\r\nHost: h\r\n\r\n");
    Answer refused = exchange(post("", "{}"));

    assertEquals(405, wrongMethod.status);
    assertEquals("POST", wrongMethod.header("allow"));
    assertEquals(404, wrongPath.status);
    assertNull(wrongPath.header("allow"));
    assertEquals(401, refused.status);
    assertNull(refused.header("allow"));
  }

  @Test
  void aRequestJettyCannotParseIsAnsweredInPlainTextWithItsStatus() throws Exception {
    Answer answer = exchange("THIS IS NOT HTTP\r\n\r\n");

    assertEquals(400, answer.status, answer.head);
    assertEquals("bad request\n", answer.body);
    assertEquals("text/plain;charset=utf-8", answer.header("content-type"));
    assertNull(answer.header("server"), answer.head);
  }

  @Test
  void headersTooLargeForJettyAreAnsweredInPlainTextWithTheirStatus() throws Exception {
    Answer answer = exchange("POST " + server.url().getPath() + " HTTP/1.1\r\nHost: h\r\n"
        + "X-Padding: " + "x".repeat(64 * 1024) + "\r\nContent-Length: 0\r\n\r\n");

    assertEquals(431, answer.status, answer.head);
    assertEquals("request header fields too large\n", answer.body);
    assertEquals("text/plain;charset=utf-8", answer.header("content-type"));
    assertFalse(answer.body.contains("<"), answer.body);
  }

  @Test
  void aRefusalWithNoBodyLeavesTheConnectionOpenForTheNextRequest() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(10_000);
      Answer refused = exchange(socket, post("", ""));
      Answer health = exchange(socket, "GET /healthz HTTP/1.1\r\nHost: h\r\n\r\n");

      assertEquals(401, refused.status);
      assertNull(refused.header("connection"), refused.head);
      assertEquals(200, health.status, "the same connection serves the next request");
    }
  }

  @Test
  void aRefusalThatLeavesABodyUnreadClosesTheConnection() throws Exception {
    Answer refused = exchange(post("", "{\"not\":\"read\"}"));
    Answer notFound = exchange("POST /nowhere HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n\r\n{}");

    assertEquals(401, refused.status);
    assertEquals("close", refused.header("connection"), refused.head);
    assertEquals(404, notFound.status);
    assertEquals("close", notFound.header("connection"), notFound.head);
  }

  @Test
  void anAcceptedEventKeepsTheConnectionOpen() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(10_000);
      Answer first = exchange(socket, signedPost(TestServers.sms("kept-open-1")));
      Answer second = exchange(socket, signedPost(TestServers.sms("kept-open-2")));

      assertEquals(200, first.status, first.body);
      assertNull(first.header("connection"), first.head);
      assertEquals(200, second.status, second.body);
    }
  }

  // ---------------------------------------------------------------- helpers

  private String signedPost(String body) {
    String timestamp = Long.toString(Instant.now().getEpochSecond());
    String signature =
        Signatures.sign(TestServers.KEY, timestamp, body.getBytes(StandardCharsets.UTF_8));
    return post("X-CIO-Timestamp: " + timestamp + "\r\nX-CIO-Signature: " + signature + "\r\n",
        body);
  }

  private String post(String extraHeaders, String body) {
    return "POST " + server.url().getPath() + " HTTP/1.1\r\nHost: h\r\n"
        + "Content-Type: application/json\r\n" + extraHeaders
        + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body;
  }

  /** One answer: its status, its headers (lower-case names) and its body. */
  private record Answer(int status, String head, Map<String, String> headers, String body) {
    String header(String name) {
      return headers.get(name);
    }
  }

  private Answer exchange(String request) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(10_000);
      return exchange(socket, request);
    }
  }

  /** Writes {@code request} and reads one answer, whose body has a Content-Length. */
  private static Answer exchange(Socket socket, String request) throws IOException {
    OutputStream out = socket.getOutputStream();
    out.write(request.getBytes(StandardCharsets.UTF_8));
    out.flush();
    InputStream in = socket.getInputStream();
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
      int c = in.read();
      if (c < 0) {
        throw new AssertionError("the connection closed mid-answer: " + head);
      }
      head.write(c);
    }
    String headText = head.toString(StandardCharsets.ISO_8859_1).trim();
    String[] lines = headText.split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
          lines[i].substring(colon + 1).trim());
    }
    int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
    byte[] body = in.readNBytes(length);
    assertTrue(body.length == length, "the body was cut short: " + headText);
    return new Answer(status, headText, headers, new String(body, StandardCharsets.UTF_8));
  }
}
