package dev.hooky.testkit;

import dev.hooky.runtime.HookyServer;
import dev.hooky.runtime.inbox.AttemptRecord;
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

  /**
   * Posts the fixture correctly signed {@code age} ago: older than the de-duplication window (8
   * days by default, or the tolerance set), a stale 401; within it, an event like any other.
   */
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
   * Waits until every event this client got accepted has been through its handlers, up to 10 s,
   * and fails the test if a handler failed: for the happy path.
   *
   * @return what the inbox recorded for each, {@link DeliveryStatus#HANDLED} (or {@link
   *     DeliveryStatus#UNHANDLED} when no handler takes its event), in sending order
   * @throws AssertionError when a handler failed, with the handler's name and its error; or, after
   *     10 s, naming the events still waiting
   */
  public List<DeliveryRecord> awaitHandled() {
    return awaitHandled(DEFAULT_WAIT);
  }

  /** As {@link #awaitHandled()}, waiting up to {@code timeout}. */
  public List<DeliveryRecord> awaitHandled(Duration timeout) {
    List<DeliveryRecord> records = awaitOutcome(timeout);
    List<String> failures = new ArrayList<>();
    for (DeliveryRecord record : records) {
      failures.addAll(failures(record));
    }
    if (!failures.isEmpty()) {
      throw new AssertionError(String.join("\n", failures)
          + "\n(to test a failing handler, use awaitOutcome(), which returns the record)");
    }
    return records;
  }

  /**
   * Waits until every event this client got accepted has had an attempt at its handlers, whatever
   * its outcome, up to 10 s: for tests of failure paths, which then inspect the records.
   *
   * @return what the inbox recorded for each, in sending order: {@link DeliveryStatus#HANDLED},
   *     {@link DeliveryStatus#UNHANDLED}, {@link DeliveryStatus#RETRYING} (a handler failed and
   *     another attempt is scheduled; {@link DeliveryRecord#lastError()} and {@link
   *     DeliveryRecord#history()} say which and why) or {@link DeliveryStatus#DEAD}
   * @throws AssertionError naming the events still waiting, after 10 s
   */
  public List<DeliveryRecord> awaitOutcome() {
    return awaitOutcome(DEFAULT_WAIT);
  }

  /** As {@link #awaitOutcome()}, waiting up to {@code timeout}. */
  public List<DeliveryRecord> awaitOutcome(Duration timeout) {
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

  /** One line per failed handler call of the record, or for a record no handler could see. */
  private static List<String> failures(DeliveryRecord record) {
    String event = record.eventName() + " " + record.eventId();
    List<String> failures = new ArrayList<>();
    for (AttemptRecord call : record.history()) {
      if (call.error() != null && !AttemptRecord.REPLAY.equals(call.handler())) {
        failures.add("handler " + call.handler() + " failed for " + event + " (attempt "
            + call.attempt() + "): " + call.error());
      }
    }
    boolean failed = record.status() == DeliveryStatus.RETRYING
        || record.status() == DeliveryStatus.DEAD
        || record.status() == DeliveryStatus.QUARANTINED;
    if (failures.isEmpty() && failed) {
      // No handler call recorded (a quarantined body never reaches handlers): the inbox's summary.
      failures.add(event + " is " + record.status().key()
          + (record.lastError() == null ? "" : ": " + record.lastError()));
    }
    return failures;
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
