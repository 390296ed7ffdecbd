package dev.hooky.runtime.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.hooky.runtime.HookyServer;
import dev.hooky.runtime.testing.StandardErrorCapture;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * What every storage fault test checks, around a fault the test makes and then takes away, under
 * a stream of signed events: while the inbox cannot write, answers are 503 with Retry-After, fast,
 * and {@code /readyz} says unready, why; the fault is logged once; within 10 s of the fault going
 * away answers are 200 again and {@code /readyz} ready; and every event answered 200 reaches the
 * handlers. Prints what it measured.
 */
final class FaultDrill {
  /** Customer.io waits 4 s; an answer during an outage must come well before. */
  static final long MAX_503_MILLIS = 2_000;
  static final Duration RECOVERY_LIMIT = Duration.ofSeconds(10);
  private static final int SENDERS = 4;
  private static final String FAULT_LOGGED = "Webhooks are answered 503 with Retry-After";

  /** A step of the drill that changes the world (breaks or mends the storage). */
  @FunctionalInterface
  interface Step {
    void run() throws Exception;
  }

  private final String name;
  private final HookyServer server;
  private final RecordingHandlers handlers;
  private final HttpClient http = HttpClient.newHttpClient();

  FaultDrill(String name, HookyServer server, RecordingHandlers handlers) {
    this.name = name;
    this.server = server;
    this.handlers = handlers;
  }

  /**
   * Runs the drill.
   *
   * @param breakIt makes the fault (may do nothing when the traffic itself makes it: a disk fills)
   * @param problem what {@code /readyz} must name while unwritable (lowercase)
   * @param mendIt takes the fault away
   */
  void run(Step breakIt, String problem, Step mendIt) throws Exception {
    try (StandardErrorCapture log = new StandardErrorCapture();
        Traffic traffic = new Traffic(server, name)) {
      traffic.start(SENDERS);
      await("20 events accepted before the fault", () -> traffic.accepted.size() >= 20,
          Duration.ofSeconds(20), traffic);
      long brokenAt = System.nanoTime();
      breakIt.run();
      await("an answer 503", () -> traffic.count(503) > 0, Duration.ofSeconds(60), traffic);
      long first503 = System.nanoTime();
      await("/readyz to say unready", () -> readyz().statusCode() == 503, Duration.ofSeconds(5),
          traffic);
      String unready = readyz().body();
      assertTrue(unready.toLowerCase().contains(problem),
          "/readyz should name the problem (" + problem + "): " + unready);
      long before = traffic.count(503);
      await("20 more answers 503 during the fault", () -> traffic.count(503) >= before + 20,
          Duration.ofSeconds(20), traffic);
      assertEquals(503, readyz().statusCode(), "still unready during the fault");

      long mendStarted = System.nanoTime();
      mendIt.run();
      // Recovery counts from here: the fault is gone once the step that mends it returns.
      long mendedAt = System.nanoTime();
      await("an answer 200 to a request sent after the fault went away",
          () -> traffic.firstAcceptedSentAfter(mendStarted).isPresent(), RECOVERY_LIMIT, traffic);
      long firstOk = traffic.firstAcceptedSentAfter(mendStarted).orElseThrow().endedNanos();
      await("/readyz to say ready", () -> readyz().statusCode() == 200, RECOVERY_LIMIT, traffic);
      long ready = System.nanoTime();
      traffic.stopAndRetryRest();
      await("every event answered 200 to reach the handlers",
          () -> handlers.handled.keySet().containsAll(traffic.accepted), Duration.ofSeconds(20),
          traffic);

      assertTrue(traffic.unexpected.isEmpty(), "answers other than 200 or 503: "
          + traffic.unexpected);
      assertTrue(traffic.answers.stream().filter(answer -> answer.status() == 503)
          .allMatch(Traffic.Answer::retryAfter), "every 503 carries Retry-After");
      long slowest503 = traffic.slowest503Millis();
      assertTrue(slowest503 < MAX_503_MILLIS, "a 503 took " + slowest503 + " ms; the limit is "
          + MAX_503_MILLIS + " ms");
      Set<String> neverSent = new TreeSet<>(handlers.handled.keySet());
      neverSent.removeAll(traffic.sent);
      assertTrue(neverSent.isEmpty(), "handled but never sent: " + neverSent);
      assertTrue(traffic.accepted.containsAll(traffic.sent), "every event sent was accepted in"
          + " the end (Customer.io retries a 503): " + traffic.describe());
      assertEquals(1, log.linesContaining(FAULT_LOGGED), "the fault is logged once");
      long twice = handlers.handled.values().stream().filter(count -> count.get() > 1).count();
      System.out.printf("fault drill %s: first 503 %d ms after the fault was made; %d answers"
              + " 503, the slowest in %d ms; mending took %d ms, after which: first 200 in %d"
              + " ms, /readyz ready in %d ms; %s; handled more than once: %d%n",
          name, millis(first503 - brokenAt), traffic.count(503), slowest503,
          millis(mendedAt - mendStarted), Math.max(0, millis(firstOk - mendedAt)),
          millis(ready - mendedAt), traffic.describe(), twice);
    }
  }

  HttpResponse<String> readyz() {
    URI url = server.adminUrl().orElseThrow().resolve("/readyz");
    try {
      return http.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(5)).build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new AssertionError("GET /readyz failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  static void await(String what, BooleanSupplier condition, Duration timeout, Traffic traffic)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        fail("waited " + timeout.toMillis() + " ms for " + what + " in vain; "
            + (traffic == null ? "" : traffic.describe()));
      }
      Thread.sleep(20);
    }
  }

  private static long millis(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(nanos);
  }
}
