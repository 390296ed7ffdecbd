package dev.hooky.testkit;

import dev.hooky.runtime.HookyServer;
import dev.hooky.runtime.inbox.DeliveryRecord;
import dev.hooky.runtime.inbox.DeliveryStatus;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Sends fixtures to the Hooky of a {@link HookyTest}, signed as Customer.io would sign them (or, for
 * the unhappy paths, not quite), and waits for their handlers.
 */
public final class HookyClient {
  /** The signing key the test server accepts. */
  public static final String TEST_KEY = "hooky-testkit-signing-key";
  private static final Duration DEFAULT_WAIT = Duration.ofSeconds(10);

  private final HookyServer server;
  private final HttpClient http = HttpClient.newHttpClient();
  private final List<String> accepted = new CopyOnWriteArrayList<>();

  HookyClient(HookyServer server) {
    this.server = server;
  }

  /** Posts the fixture, correctly signed now; returns Hooky's answer. */
  public HttpResponse<String> send(CustomerIoFixture fixture) {
    return post(fixture.bytes(), CustomerIoSigner.headers(fixture.bytes(), TEST_KEY, Instant.now()),
        fixture.eventId());
  }

  /** Posts the fixture signed with another key: Hooky answers 401 "signature mismatch". */
  public HttpResponse<String> sendWithWrongKey(CustomerIoFixture fixture) {
    return post(fixture.bytes(),
        CustomerIoSigner.headers(fixture.bytes(), "not-" + TEST_KEY, Instant.now()), null);
  }

  /** Posts the fixture correctly signed {@code age} ago: beyond 300 s, a stale 401. */
  public HttpResponse<String> sendSignedAgo(CustomerIoFixture fixture, Duration age) {
    return post(fixture.bytes(),
        CustomerIoSigner.headers(fixture.bytes(), TEST_KEY, Instant.now().minus(age)), null);
  }

  /** Signs the fixture, then changes its body: Hooky answers 401 "signature mismatch". */
  public HttpResponse<String> sendTampered(CustomerIoFixture fixture) {
    Map<String, String> headers =
        CustomerIoSigner.headers(fixture.bytes(), TEST_KEY, Instant.now());
    byte[] tampered = fixture.json().replaceFirst("\\}$", ",\"tampered\":true}")
        .getBytes(StandardCharsets.UTF_8);
    return post(tampered, headers, null);
  }

  /**
   * Waits until every event this client got accepted has been through its handlers (handled,
   * unhandled, retrying or dead), up to 10 s.
   *
   * @return what the inbox recorded for each, in sending order
   * @throws AssertionError naming what is still waiting, after 10 s
   */
  public List<DeliveryRecord> awaitHandled() {
    return awaitHandled(DEFAULT_WAIT);
  }

  /** As {@link #awaitHandled()}, waiting up to {@code timeout}. */
  public List<DeliveryRecord> awaitHandled(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      List<DeliveryRecord> records = new ArrayList<>();
      List<String> waiting = new ArrayList<>();
      for (String eventId : accepted) {
        Optional<DeliveryRecord> record = server.inbox().find(eventId);
        if (record.isPresent() && record.get().status() != DeliveryStatus.PENDING) {
          records.add(record.get());
        } else {
          waiting.add(eventId);
        }
      }
      if (waiting.isEmpty()) {
        return records;
      }
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("handlers did not run within " + timeout.toMillis()
            + " ms for " + waiting);
      }
      try {
        Thread.sleep(2);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for handlers", e);
      }
    }
  }

  /** The webhook endpoint's URL. */
  public URI url() {
    return server.url();
  }

  private HttpResponse<String> post(byte[] body, Map<String, String> headers, String eventId) {
    HttpRequest.Builder request = HttpRequest.newBuilder(server.url())
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(request::header);
    try {
      HttpResponse<String> response = http.send(request.build(),
          HttpResponse.BodyHandlers.ofString());
      if (eventId != null && response.statusCode() == 200 && response.body().startsWith("ok")) {
        accepted.add(eventId);
      }
      return response;
    } catch (IOException e) {
      throw new AssertionError("could not reach Hooky at " + server.url() + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while sending", e);
    }
  }
}
