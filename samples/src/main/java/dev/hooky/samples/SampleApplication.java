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
    if (environment.putIfAbsent(Hooky.SIGNING_KEYS_VARIABLE, DEMO_KEY) == null) {
      log.warn("{} is not set: accepting events signed with the demonstration key \"{}\"",
          Hooky.SIGNING_KEYS_VARIABLE, DEMO_KEY);
    }
    HookyServer server = start(environment);
    String key = environment.get(Hooky.SIGNING_KEYS_VARIABLE).split(",")[0].trim();
    System.out.println();
    System.out.println("Hooky sample is listening on " + server.url());
    server.consoleUrl().ifPresent(console -> System.out.println("Live Logs: " + console));
    System.out.println("Send it a signed test event (needs curl and openssl):");
    System.out.println();
    System.out.println(sendCommand(server.url(), key));
    System.out.println();

    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      stopped.countDown();
    }, "hooky-sample-shutdown"));
    stopped.await();
  }

  /** Starts the sample's handlers with this configuration. */
  static HookyServer start(Map<String, String> environment) {
    return Hooky.fromEnvironment(environment)
        .handlers(new DeliveryHandlers(), new EngagementHandlers(), new SubscriptionHandlers())
        .start();
  }

  /**
   * A shell command that posts a fresh {@code sms_delivered} event to {@code url}, signed with
   * {@code key} the way Customer.io signs: hex HMAC-SHA256 of {@code v0:<timestamp>:<body>}.
   */
  static String sendCommand(URI url, String key) {
    return "ts=$(date +%s); "
        + "body=$(printf '{\"event_id\":\"sample-%s%s\",\"object_type\":\"sms\",\"metric\":"
        + "\"delivered\",\"timestamp\":%s,\"data\":{\"delivery_id\":\"RPILAgUBcRhIBqSfeiIwdIYJKxTY\","
        + "\"campaign_id\":5,\"identifiers\":{\"id\":\"42\"},\"recipient\":\"+15551234567\"}}' "
        + "\"$ts\" \"$RANDOM\" \"$ts\"); "
        + "sig=$(printf 'v0:%s:%s' \"$ts\" \"$body\" | openssl dgst -sha256 -hmac '" + key
        + "' | sed 's/^.*= //'); "
        + "curl -sS -w 'HTTP %{http_code}\\n' -X POST '" + url + "' "
        + "-H 'Content-Type: application/json' -H \"X-CIO-Timestamp: $ts\" "
        + "-H \"X-CIO-Signature: $sig\" --data-binary \"$body\"";
  }
}
