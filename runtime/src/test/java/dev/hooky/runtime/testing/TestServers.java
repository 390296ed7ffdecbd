package dev.hooky.runtime.testing;

import dev.hooky.customerio.CustomerIoEventType;
import dev.hooky.runtime.Hooky;
import dev.hooky.runtime.HookyBuilder;
import dev.hooky.runtime.HookyServer;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** Servers on a free loopback port, clients for them, and events to send them. */
public final class TestServers {
  public static final String KEY = "test-signing-key";
  /** Close never waits long in a test, even when one goes wrong. */
  public static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(10);

  private TestServers() {}

  /** A builder on a free port of 127.0.0.1, signing key {@link #KEY}. */
  public static HookyBuilder builder() {
    return Hooky.server().inbox("memory").port(0).host("127.0.0.1").signingKeys(KEY)
        .shutdownTimeout(SHUTDOWN_TIMEOUT);
  }

  /** A client signing with {@link #KEY}. */
  public static WebhookClient client(HookyServer server) {
    return new WebhookClient(server.url(), KEY, Clock.systemUTC());
  }

  /** A client signing with {@link #KEY}, for a server mounted some way. */
  public static WebhookClient client(Mount.Mounted server) {
    return new WebhookClient(server.url(), KEY, Clock.systemUTC());
  }

  /** An {@code sms_delivered} event. */
  public static String sms(String eventId) {
    return Payloads.of(CustomerIoEventType.SMS_DELIVERED, eventId, 1_713_484_800L);
  }

  /** An {@code email_opened} event. */
  public static String email(String eventId) {
    return Payloads.of(CustomerIoEventType.EMAIL_OPENED, eventId, 1_713_484_800L);
  }

  /** Sends {@code body} from a new thread, for requests expected to be answered later. */
  public static CompletableFuture<HttpResponse<String>> sendInBackground(
      WebhookClient client, String body) {
    CompletableFuture<HttpResponse<String>> answer = new CompletableFuture<>();
    Thread sender = new Thread(() -> {
      try {
        answer.complete(client.send(body));
      } catch (Throwable e) {
        answer.completeExceptionally(e);
      }
    }, "test-sender");
    sender.setDaemon(true);
    sender.start();
    return answer;
  }
}
