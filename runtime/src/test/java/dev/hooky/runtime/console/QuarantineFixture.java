package dev.hooky.runtime.console;

import dev.hooky.runtime.http.JettyServers;
import dev.hooky.runtime.inbox.DeliveryQuery;
import dev.hooky.runtime.inbox.DeliveryRecord;
import dev.hooky.runtime.inbox.DeliveryStatus;
import dev.hooky.runtime.inbox.Inbox;
import dev.hooky.runtime.verify.SignatureVerifier;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * An admin port over an inbox holding one quarantined delivery, as the never-stall work stores
 * them: no typed event, the reason in {@code lastError}, the raw body (here malformed JSON with a
 * byte that is not UTF-8, markup and an email address).
 */
final class QuarantineFixture implements AutoCloseable {
  static final String TOKEN = "0123456789abcdef0123456789abcdef";
  static final String EVENT_ID = "sha256:9f2c1e";
  static final String REASON = "malformed JSON: Unexpected character ('}' (code 125)): was"
      + " expecting double-quote to start field name, at line 1, column 61";
  static final byte[] BODY = body();

  private final JettyServers.Listening listening;
  final Console console;

  QuarantineFixture() throws Exception {
    Inbox inbox = oneQuarantined();
    console = new Console(inbox, AdminToken.of(TOKEN), () -> true, true,
        new SignatureVerifier(List.of("test-signing-key"), Duration.ofSeconds(300),
            Clock.systemUTC()));
    listening = JettyServers.create("test-admin", new QueuedThreadPool(8, 2), "127.0.0.1", 0,
        Duration.ofSeconds(5));
    listening.serve(new AdminGate("127.0.0.1", console.token(), new AdminHandler(console)));
    listening.server().start();
  }

  int port() {
    return listening.connector().getLocalPort();
  }

  String consoleUrl() {
    return "http://127.0.0.1:" + port() + "/?token=" + TOKEN;
  }

  @Override
  public void close() {
    // Ends the open streams first, as HookyServer does, so the server stops at once.
    console.close();
    try {
      listening.server().stop();
    } catch (Exception e) {
      throw new IllegalStateException("the test admin server did not stop", e);
    }
  }

  private static byte[] body() {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(("{\"data\":{\"email\":\"jane@example.com\",\"note\":\"<script>alert(1)"
        + "</script>\", }").getBytes(StandardCharsets.UTF_8));
    body.write(0xff);
    return body.toByteArray();
  }

  static DeliveryRecord record(boolean withBody) {
    return new DeliveryRecord(7, EVENT_ID, "unknown", null,
        Instant.now().minusSeconds(5), DeliveryStatus.QUARANTINED, 0, null, REASON, null, 0,
        Map.of("X-CIO-Timestamp", List.of(Long.toString(Instant.now().getEpochSecond()))),
        withBody ? BODY : null, List.of(), Duration.ZERO);
  }

  /**
   * An inbox holding one quarantined delivery, for what the admin API reads; a proxy, so that
   * methods the interface gains need nothing here.
   */
  private static Inbox oneQuarantined() {
    return (Inbox) Proxy.newProxyInstance(Inbox.class.getClassLoader(),
        new Class<?>[] {Inbox.class}, (proxy, method, args) -> {
          switch (method.getName()) {
            case "query":
              DeliveryQuery query = (DeliveryQuery) args[0];
              return query.status() == null || query.status() == DeliveryStatus.QUARANTINED
                  ? List.of(record(false)) : List.of();
            case "find":
              return args[0].equals(EVENT_ID) ? Optional.of(record(true)) : Optional.empty();
            case "replay":
              return args[0].equals(EVENT_ID);
            case "depth":
              return 0;
            case "describe":
            case "toString":
              return "one quarantined delivery";
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
