package dev.hooky.runtime.console;

import dev.hooky.runtime.http.JettyServers;
import dev.hooky.runtime.inbox.AppendResult;
import dev.hooky.runtime.inbox.Claim;
import dev.hooky.runtime.inbox.DeliveryQuery;
import dev.hooky.runtime.inbox.DeliveryRecord;
import dev.hooky.runtime.inbox.DeliveryStatus;
import dev.hooky.runtime.inbox.HandlerOutcome;
import dev.hooky.runtime.inbox.InboundDelivery;
import dev.hooky.runtime.inbox.Inbox;
import dev.hooky.runtime.verify.SignatureVerifier;
import java.io.ByteArrayOutputStream;
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
    Inbox inbox = new OneQuarantined();
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
  public void close() throws Exception {
    // Ends the open streams first, as HookyServer does, so the server stops at once.
    console.close();
    listening.server().stop();
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

  /** Holds one quarantined delivery; the admin API only reads. */
  private static final class OneQuarantined implements Inbox {
    @Override
    public List<DeliveryRecord> query(DeliveryQuery query) {
      return query.status() == null || query.status() == DeliveryStatus.QUARANTINED
          ? List.of(record(false)) : List.of();
    }

    @Override
    public Optional<DeliveryRecord> find(String eventId) {
      return eventId.equals(EVENT_ID) ? Optional.of(record(true)) : Optional.empty();
    }

    @Override
    public AppendResult append(InboundDelivery delivery) {
      throw new UnsupportedOperationException();
    }

    @Override
    public List<Claim> claim(int max, Duration wait) {
      return List.of();
    }

    @Override
    public void complete(Claim claim, List<HandlerOutcome> outcomes) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void fail(Claim claim, List<HandlerOutcome> outcomes) {
      throw new UnsupportedOperationException();
    }

    @Override
    public boolean replay(String eventId) {
      return eventId.equals(EVENT_ID);
    }

    @Override
    public int replayDeadLetters(Instant since) {
      return 0;
    }

    @Override
    public int purge(Instant cutoff) {
      return 0;
    }

    @Override
    public int depth() {
      return 0;
    }

    @Override
    public String describe() {
      return "one quarantined delivery";
    }

    @Override
    public void close() {}
  }
}
