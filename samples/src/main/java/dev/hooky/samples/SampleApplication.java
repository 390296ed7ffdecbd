package dev.hooky.samples;

import dev.hooky.runtime.Hooky;
import dev.hooky.runtime.HookyServer;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives Customer.io reporting webhooks and logs them. Configured like any Hooky application,
 * from environment variables; for a first local run it signs with a demonstration key.
 */
public final class SampleApplication {
  private static final Logger log = LoggerFactory.getLogger(SampleApplication.class);
  /** Used only when CUSTOMERIO_WEBHOOK_SIGNING_KEYS is unset: never for real traffic. */
  static final String DEMO_KEY = "hooky-sample-key";

  private SampleApplication() {}

  public static void main(String[] args) throws InterruptedException {
    Map<String, String> environment = new HashMap<>(System.getenv());
    boolean demoKey = environment.putIfAbsent(Hooky.SIGNING_KEYS_VARIABLE, DEMO_KEY) == null;
    if (demoKey) {
      log.warn("{} is not set: accepting events signed with the demonstration key \"{}\"",
          Hooky.SIGNING_KEYS_VARIABLE, DEMO_KEY);
    }
    HookyServer server = start(environment);
    System.out.println(banner(server, demoKey));

    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      stopped.countDown();
    }, "hooky-sample-shutdown"));
    stopped.await();
  }

  /**
   * What the sample prints once started. It holds no secret but the demonstration key: a
   * configured signing key is read from the shell's environment by the printed command, and the
   * admin token is never printed (the library logs a generated one once, in the console URL).
   */
  static String banner(HookyServer server, boolean demoKey) {
    StringBuilder banner = new StringBuilder(System.lineSeparator());
    banner.append("Hooky sample is listening on ").append(server.url())
        .append(System.lineSeparator());
    server.adminUrl().ifPresent(admin -> banner.append("Live Logs: ").append(admin.resolve("/"))
        .append(" (with the token from ").append(Hooky.ADMIN_TOKEN_VARIABLE)
        .append(", or open the URL logged at start-up)").append(System.lineSeparator()));
    banner.append("Send it a signed test event (needs curl and openssl")
        .append(demoKey ? "" : ", and " + Hooky.SIGNING_KEYS_VARIABLE + " in your shell")
        .append("):").append(System.lineSeparator()).append(System.lineSeparator())
        .append(sendCommand(server.url(), demoKey ? DEMO_KEY : null))
        .append(System.lineSeparator());
    return banner.toString();
  }

  /** Starts the sample's handlers with this configuration. */
  static HookyServer start(Map<String, String> environment) {
    return Hooky.fromEnvironment(environment)
        .handlers(new DeliveryHandlers(), new EngagementHandlers(), new SubscriptionHandlers())
        .start();
  }

  /**
   * A shell command that posts a fresh {@code sms_delivered} event to {@code url}, signed the way
   * Customer.io signs: hex HMAC-SHA256 of {@code v0:<timestamp>:<body>}, with {@code key}, or when
   * it is null with the first key of {@code $CUSTOMERIO_WEBHOOK_SIGNING_KEYS} in the shell that
   * runs it (so that a real key is never printed).
   */
  static String sendCommand(URI url, String key) {
    String hmacKey = key != null ? "'" + key + "'"
        : "\"${" + Hooky.SIGNING_KEYS_VARIABLE + "%%,*}\"";
    return "ts=$(date +%s); "
        + "body=$(printf '{\"event_id\":\"sample-%s%s\",\"object_type\":\"sms\",\"metric\":"
        + "\"delivered\",\"timestamp\":%s,\"data\":{\"delivery_id\":\"RPILAgUBcRhIBqSfeiIwdIYJKxTY\","
        + "\"campaign_id\":5,\"identifiers\":{\"id\":\"42\"},\"recipient\":\"+15551234567\"}}' "
        + "\"$ts\" \"$RANDOM\" \"$ts\"); "
        + "sig=$(printf 'v0:%s:%s' \"$ts\" \"$body\" | openssl dgst -sha256 -hmac " + hmacKey
        + " | sed 's/^.*= //'); "
        + "curl -sS -w 'HTTP %{http_code}\\n' -X POST '" + url + "' "
        + "-H 'Content-Type: application/json' -H \"X-CIO-Timestamp: $ts\" "
        + "-H \"X-CIO-Signature: $sig\" --data-binary \"$body\"";
  }
}
