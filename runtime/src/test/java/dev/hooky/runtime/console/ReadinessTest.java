package dev.hooky.runtime.console;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hooky.runtime.http.JettyServers;
import dev.hooky.runtime.inbox.Inbox;
import dev.hooky.runtime.inbox.InboxHealth;
import dev.hooky.runtime.verify.SignatureVerifier;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code /readyz} over real HTTP: 200 only while the inbox can write, answers and the workers run;
 * otherwise 503 with the first reason, so that a load balancer takes the instance out and an
 * operator reads why.
 */
class ReadinessTest {
  private static final Instant SINCE = Instant.parse("2026-12-06T10:00:00Z");

  private final AtomicReference<InboxHealth> health =
      new AtomicReference<>(InboxHealth.writable(SINCE));
  private final AtomicReference<RuntimeException> depthFails = new AtomicReference<>();
  private final AtomicBoolean workersRunning = new AtomicBoolean(true);
  private Console console;
  private JettyServers.Listening listening;
  private int port;

  @BeforeEach
  void start() throws Exception {
    console = new Console(inbox(), AdminToken.of(QuarantineFixture.TOKEN), workersRunning::get,
        true, new SignatureVerifier(List.of("test-signing-key"), Duration.ofSeconds(300),
            Clock.systemUTC()));
    listening = JettyServers.create("test-admin", new QueuedThreadPool(8, 2), "127.0.0.1", 0,
        Duration.ofSeconds(5));
    listening.serve(new AdminGate("127.0.0.1", console.token(), new AdminHandler(console)));
    listening.server().start();
    port = listening.connector().getLocalPort();
  }

  @AfterEach
  void stop() throws Exception {
    console.close();
    listening.server().stop();
  }

  @Test
  void readyWhileTheInboxWritesAndAnswersAndTheWorkersRun() {
    RawHttp.Answer answer = readyz();

    assertEquals(200, answer.status());
    assertEquals("ready\n", answer.body());
    assertEquals("text/plain;charset=utf-8", answer.header("Content-Type"));
  }

  @Test
  void anInboxThatCannotWriteIsUnreadyAndSaysSinceWhenAndWhy() {
    health.set(InboxHealth.failing("disk full", SINCE));

    RawHttp.Answer answer = readyz();

    assertEquals(503, answer.status());
    assertEquals("inbox cannot write since 2026-12-06T10:00:00Z: disk full\n", answer.body());
  }

  @Test
  void anInboxThatCannotBeReachedIsUnreadyAndSaysWhy() {
    depthFails.set(new IllegalStateException("connection refused"));

    RawHttp.Answer answer = readyz();

    assertEquals(503, answer.status());
    assertEquals("inbox unreachable: connection refused\n", answer.body());
  }

  @Test
  void stoppedWorkersMakeTheInstanceUnready() {
    workersRunning.set(false);

    RawHttp.Answer answer = readyz();

    assertEquals(503, answer.status());
    assertEquals("workers not running\n", answer.body());
  }

  @Test
  void readinessComesBackOnceTheCauseIsGone() {
    health.set(InboxHealth.failing("disk full", SINCE));
    assertEquals(503, readyz().status());

    health.set(InboxHealth.writable(Instant.now()));

    assertEquals(200, readyz().status());
  }

  @Test
  void anApiRequestThatFailsInsideIsAnswered500WithoutItsStackTrace() {
    // This inbox cannot be queried: the deliveries list fails inside the handler.
    RawHttp.Answer answer = RawHttp.send("127.0.0.1", port, "GET", "/api/deliveries",
        "localhost", "Authorization: Bearer " + QuarantineFixture.TOKEN);

    assertEquals(500, answer.status());
    assertEquals("{\"error\":\"internal error; see the server log\"}", answer.body());
    assertEquals("application/json", answer.header("Content-Type"));
  }

  @Test
  void withoutTheGateInFrontTheApiStillWantsTheToken() throws Exception {
    JettyServers.Listening bare = JettyServers.create("test-bare-admin",
        new QueuedThreadPool(8, 2), "127.0.0.1", 0, Duration.ofSeconds(5));
    bare.serve(new AdminHandler(console));
    bare.server().start();
    try {
      RawHttp.Answer answer = RawHttp.send("127.0.0.1", bare.connector().getLocalPort(), "GET",
          "/api/stats", "localhost");

      assertEquals(401, answer.status());
      assertEquals("Bearer realm=\"hooky\"", answer.header("WWW-Authenticate"));
    } finally {
      bare.server().stop();
    }
  }

  private RawHttp.Answer readyz() {
    // Any name, as a load balancer's health check sends.
    return RawHttp.send("127.0.0.1", port, "GET", "/readyz", "lb.internal");
  }

  /** An empty inbox whose health and reachability the test sets. */
  private Inbox inbox() {
    return (Inbox) Proxy.newProxyInstance(Inbox.class.getClassLoader(),
        new Class<?>[] {Inbox.class}, (proxy, method, args) -> {
          switch (method.getName()) {
            case "health":
              return health.get();
            case "depth":
              RuntimeException fault = depthFails.get();
              if (fault != null) {
                throw fault;
              }
              return 0;
            case "describe":
            case "toString":
              return "a test inbox";
            case "close":
              return null;
            case "hashCode":
              return System.identityHashCode(proxy);
            case "equals":
              return proxy == args[0];
            default:
              throw new UnsupportedOperationException(method.getName());
          }
        });
  }
}
