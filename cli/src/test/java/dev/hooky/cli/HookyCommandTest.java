package dev.hooky.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hooky.customerio.OnCustomerIoEvent;
import dev.hooky.customerio.event.CustomerIoEvent;
import dev.hooky.runtime.Hooky;
import dev.hooky.runtime.HookyServer;
import dev.hooky.testkit.CustomerIoFixture;
import dev.hooky.testkit.CustomerIoFixtures;
import dev.hooky.testkit.CustomerIoSigner;
import java.io.PrintWriter;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands, run in-process against a real Hooky on a free port. */
class HookyCommandTest {
  private static final String KEY = "cli-test-key";
  private static final String TOKEN = "cli-admin-token";

  /** Records the customer id of every event it gets. */
  static final class Recorder {
    final List<String> customers = new CopyOnWriteArrayList<>();

    @OnCustomerIoEvent("*")
    void any(CustomerIoEvent event) {
      customers.add(event.identifiers().id());
    }
  }

  private final Recorder recorder = new Recorder();
  private HookyServer server;

  @BeforeEach
  void start() {
    server = Hooky.server().inbox("memory").port(0).host("127.0.0.1").adminPort(0)
        .adminToken(TOKEN).signingKeys(KEY).handlers(recorder).start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private record Run(int exit, String out, String err) {}

  private Run hooky(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    Map<String, String> environment = Map.of(
        "CUSTOMERIO_WEBHOOK_SIGNING_KEYS", KEY,
        "HOOKY_PORT", Integer.toString(server.port()),
        "HOOKY_ADMIN_PORT", Integer.toString(server.adminPort()),
        "HOOKY_ADMIN_TOKEN", TOKEN);
    int exit = HookyCommand.commandLine(environment, new PrintWriter(out, true),
        new PrintWriter(err, true)).execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void sendPostsASignedEventWithTheFieldsSet() throws Exception {
    Run run = hooky("send", "sms_delivered", "--set", "data.identifiers.id=\"99\"", "--count",
        "3");

    assertEquals(0, run.exit(), run.err());
    assertEquals(3, run.out().lines().filter(line -> line.startsWith("200 ok")).count(),
        run.out());
    awaitHandled(3);
    assertEquals(List.of("99", "99", "99"), recorder.customers);
  }

  @Test
  void sendWithTheWrongKeyFailsWithExitCodeOne() {
    Run run = hooky("send", "email_opened", "--key", "wrong");

    assertEquals(1, run.exit());
    assertTrue(run.out().startsWith("401 signature mismatch"), run.out());
  }

  @Test
  void sendReadsABodyFromAFile(@TempDir Path directory) throws Exception {
    Path file = directory.resolve("event.json");
    Files.writeString(file, CustomerIoFixtures.pushOpened().customerId("7").build().json());

    Run run = hooky("send", "--file", file.toString());

    assertEquals(0, run.exit(), run.err());
    awaitHandled(1);
    assertEquals(List.of("7"), recorder.customers);
  }

  @Test
  void usageErrorsExitWithTwoAndSayWhatToDo() {
    Run unknown = hooky("send", "sms_delivred");
    assertEquals(2, unknown.exit());
    assertTrue(unknown.err().contains("\"sms_delivred\" is not a Customer.io event"),
        unknown.err());
    assertEquals(2, hooky().exit());
    assertEquals(2, hooky("events", "--channel", "fax").exit());
  }

  @Test
  void eventsListsTheCatalogOrAChannel() {
    Run all = hooky("events");
    assertEquals(0, all.exit());
    assertEquals(73, all.out().lines().count());
    Run sms = hooky("events", "--channel", "sms");
    assertTrue(sms.out().lines().allMatch(line -> line.startsWith("sms_")), sms.out());
    assertTrue(sms.out().contains("The delivery provider reported the SMS was delivered"));
  }

  @Test
  void verifyConfirmsTheReferenceVectorAndExplainsAMismatch(@TempDir Path directory)
      throws Exception {
    Path body = directory.resolve("body.json");
    Files.writeString(body, "{\"userId\":\"1\",\"marketingCtaId\":\"worlds-best-campaign\"}");

    Run ok = hooky("verify", "--key", "topsecret", "--timestamp", "1715784949", "--signature",
        "b01e7dfc3ce67eaab1010b7021b86ce2ba12677d191e0e04b14cd859e347f866", "--body",
        body.toString());
    assertEquals(0, ok.exit(), ok.out());
    assertTrue(ok.out().startsWith("verified"));

    Run bad = hooky("verify", "--key", "Bearer topsecret ", "--timestamp", "1715784949",
        "--signature", "b01e7dfc", "--body", body.toString());
    assertEquals(1, bad.exit());
    assertTrue(bad.out().contains("not 64 hex characters"), bad.out());
    assertTrue(bad.out().contains("whitespace"), bad.out());
    assertTrue(bad.out().contains("authorization scheme"), bad.out());
    assertTrue(bad.out().contains("SHA-256"), bad.out());
  }

  @Test
  void tailPrintsADeliveryAsItArrives() throws Exception {
    CompletableFuture<Run> tail = CompletableFuture.supplyAsync(
        () -> hooky("tail", "--max", "1", "--event", "sms_*"));
    // The stream must be open before the event; retry the send until the tail has seen one.
    DirectSender.sendUntil(tail, server, KEY);

    Run run = tail.get(10, TimeUnit.SECONDS);
    assertEquals(0, run.exit(), run.err());
    assertTrue(run.out().contains("sms_delivered"), run.out());
    assertFalse(run.out().contains("email_opened"), run.out());
  }

  @Test
  void replayMakesADeliveryDueAgainAndNeedsTheToken() throws Exception {
    CustomerIoFixture fixture = CustomerIoFixtures.smsSent().customerId("5").build();
    assertEquals(0, hooky("send", "--file", write(fixture)).exit());
    awaitHandled(1);

    Run run = hooky("replay", fixture.eventId());
    assertEquals(0, run.exit(), run.out() + run.err());
    awaitHandled(2);

    assertEquals(1, hooky("replay", fixture.eventId(), "--token", "wrong").exit());
    Run dead = hooky("replay", "--dead-letters", "--since", "1h");
    assertEquals(0, dead.exit(), dead.out());
    assertTrue(dead.out().contains("\"replayed\":0"), dead.out());
  }

  private String write(CustomerIoFixture fixture) throws Exception {
    Path file = Files.createTempFile("hooky-cli", ".json");
    file.toFile().deleteOnExit();
    Files.write(file, fixture.bytes());
    return file.toString();
  }

  private void awaitHandled(int count) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (recorder.customers.size() < count && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertEquals(count, recorder.customers.size(), "handled: " + recorder.customers);
  }

  /** Sends signed events directly, for the tail test. */
  static final class DirectSender {
    static void sendUntil(CompletableFuture<?> done, HookyServer server, String key)
        throws Exception {
      HttpClient http = HttpClient.newHttpClient();
      for (int i = 0; i < 200 && !done.isDone(); i++) {
        for (CustomerIoFixture fixture : List.of(CustomerIoFixtures.emailOpened().build(),
            CustomerIoFixtures.smsDelivered().build())) {
          HttpRequest.Builder request = HttpRequest
              .newBuilder(server.url())
              .POST(HttpRequest.BodyPublishers.ofByteArray(fixture.bytes()));
          CustomerIoSigner.headers(fixture.bytes(), key, Instant.now())
              .forEach(request::header);
          http.send(request.build(), HttpResponse.BodyHandlers.discarding());
        }
        Thread.sleep(50);
      }
    }
  }
}
