package dev.hooky.runtime.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hooky.runtime.inbox.InboundDelivery;
import dev.hooky.runtime.inbox.ManualClock;
import dev.hooky.runtime.parse.EventParser;
import dev.hooky.runtime.testing.Signatures;
import dev.hooky.runtime.testing.TestServers;
import dev.hooky.runtime.verify.SignatureVerifier;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The webhook pipeline's decisions on their own, with requests made up in the test: what a
 * request's head is refused for, what a refusal records, and what an authentic event is answered
 * when storing it or telling the observers fails.
 */
class WebhookPipelineTest {
  private static final String KEY = "pipeline-key";
  private static final Instant NOW = Instant.ofEpochSecond(1_715_784_949L);
  private static final String REMOTE = "192.0.2.7";

  private final ManualClock clock = new ManualClock(NOW);
  private final List<Rejection> rejections = Collections.synchronizedList(new ArrayList<>());
  private final List<String> accepted = Collections.synchronizedList(new ArrayList<>());
  private final List<String> logLines = Collections.synchronizedList(new ArrayList<>());
  private final BodyBudget budget = new BodyBudget(1 << 20);

  private final WebhookObserver recording = new WebhookObserver() {
    @Override
    public void rejected(Rejection rejection) {
      rejections.add(rejection);
    }

    @Override
    public void accepted(InboundDelivery delivery, Answer answer) {
      accepted.add(delivery.eventId() + " " + answer.status() + " " + answer.body());
    }
  };

  @Test
  void aDeclaredLengthOfExactlyTheHardCapIsReadAndOneByteMoreIsRefusedUnread() {
    WebhookPipeline pipeline = pipeline(delivery -> Answer.OK, recording);

    assertNull(pipeline.checkHead(request(10_000, signed(new byte[0])), NOW));
    Answer refused = pipeline.checkHead(request(10_001, signed(new byte[0])), NOW);

    assertEquals(Answer.of(413, "body too large: the limit is 10000 bytes"), refused);
    assertEquals(1, rejections.size());
    assertEquals(new Rejection(NOW, 413, refused.body(), REMOTE, -1, null, null),
        rejections.get(0));
  }

  @Test
  void everyJsonMediaTypeIsTakenWhateverItsCaseSpacingOrParameters() {
    WebhookPipeline pipeline = pipeline(delivery -> Answer.OK, recording);

    for (String json : List.of("application/json", "Application/JSON", " application/json ",
        "application/json; charset=utf-8", "application/json;charset=UTF-8;x=y",
        "application/vnd.customerio+json", "APPLICATION/PROBLEM+JSON ; q=1")) {
      assertNull(pipeline.checkHead(request(2, signedAs(json)), NOW),
          json);
    }
    for (String other : List.of("text/plain", "application/jsonp", "application/json-seq",
        "text/json+xml", "application/x-www-form-urlencoded; type=application/json", "",
        ";+json")) {
      assertEquals(Answer.of(415, "unsupported content type: expected application/json"),
          pipeline.checkHead(request(2, signedAs(other)), NOW), other);
    }
  }

  @Test
  void twoTimestampHeadersAreRefusedNamingTheTimestamp() {
    WebhookPipeline pipeline = pipeline(delivery -> Answer.OK, recording);
    Map<String, List<String>> headers = new HashMap<>(signed(new byte[0]));
    headers.put(WebhookPipeline.TIMESTAMP, List.of("1715784949", "1715784949"));

    assertEquals(Answer.of(401, "more than one X-CIO-Timestamp header"),
        pipeline.checkHead(request(0, headers), NOW));
  }

  @Test
  void aSignatureMismatchRecordsTheBodysLengthHashAndVerification() {
    WebhookPipeline pipeline = pipeline(delivery -> Answer.OK, recording);
    byte[] body = TestServers.sms("mismatch").getBytes(StandardCharsets.UTF_8);
    byte[] forged = body.clone();
    forged[forged.length - 2] ^= 1;

    WebhookIntake.Outcome outcome = send(pipeline, forged, signed(body));

    assertEquals(401, outcome.answer().status());
    Rejection rejection = rejections.get(0);
    assertEquals(forged.length, rejection.bodyLength());
    assertEquals(Digests.sha256Hex(forged), rejection.bodySha256());
    assertNotNull(rejection.verification());
    assertEquals(outcome.answer().body(), rejection.verification().reason());
    assertEquals(List.of(), accepted);
  }

  @Test
  void anEventWhoseStorageFailsIsAnswered503WithRetryAfterAndLoggedWithTheCause() {
    RejectionLog log = new RejectionLog(clock, sink());
    WebhookPipeline pipeline = pipeline(delivery -> {
      throw new IllegalStateException("disk full");
    }, recording, log);
    byte[] body = TestServers.sms("store-fails").getBytes(StandardCharsets.UTF_8);

    Answer answer = send(pipeline, body, signed(body)).answer();

    assertEquals(new Answer(503, "temporarily unable to store the event; send it again", 5),
        answer);
    assertEquals(List.of("store-fails 503 temporarily unable to store the event; send it again"),
        accepted);
    assertEquals(List.of("WARN Rejected webhook from " + REMOTE + " with 503: could not store an"
        + " authentic event: disk full (more like it are counted and summarised every 10 s)"),
        logLines);
  }

  @Test
  void anEventWhoseAsynchronousStorageFailsNamesTheCauseNotItsWrapper() throws Exception {
    RejectionLog log = new RejectionLog(clock, sink());
    CompletableFuture<Answer> commit = new CompletableFuture<>();
    WebhookPipeline pipeline = pipeline(new DeliveryAcceptor() {
      @Override
      public Answer accept(InboundDelivery delivery) {
        throw new AssertionError("the asynchronous path is taken");
      }

      @Override
      public CompletionStage<Answer> acceptAsync(InboundDelivery delivery) {
        // A stage depending on the commit, as the inbox's are: its failure arrives wrapped.
        return commit.thenApply(Function.identity());
      }
    }, recording, log);
    byte[] body = TestServers.sms("async-fails").getBytes(StandardCharsets.UTF_8);
    WebhookIntake intake = pipeline.begin(request(body.length, signed(body)), NOW);
    assertNull(intake.offer(ByteBuffer.wrap(body)));

    CompletableFuture<WebhookIntake.Outcome> outcome =
        intake.completeAsync(Runnable::run).toCompletableFuture();
    assertTrue(!outcome.isDone(), "the answer waits for the commit");
    commit.completeExceptionally(new IllegalStateException("disk full"));

    assertEquals(new Answer(503, "temporarily unable to store the event; send it again", 5),
        outcome.get(10, TimeUnit.SECONDS).answer());
    assertEquals(List.of("WARN Rejected webhook from " + REMOTE + " with 503: could not store an"
        + " authentic event: disk full (more like it are counted and summarised every 10 s)"),
        logLines);
    assertEquals(0, budget.used());
  }

  @Test
  void anObserverThatFailsDoesNotChangeTheAnswerToAStoredEvent() {
    List<String> stored = new ArrayList<>();
    WebhookPipeline pipeline = pipeline(delivery -> {
      stored.add(delivery.eventId());
      return Answer.OK;
    }, new WebhookObserver() {
      @Override
      public void accepted(InboundDelivery delivery, Answer answer) {
        throw new IllegalStateException("metrics are down");
      }
    });
    byte[] body = TestServers.sms("observer-fails").getBytes(StandardCharsets.UTF_8);

    assertEquals(Answer.OK, send(pipeline, body, signed(body)).answer());
    assertEquals(List.of("observer-fails"), stored);
  }

  @Test
  void aFailureOfOursAfterVerificationIs503WithRetryAfterWhetherAnsweredNowOrAfterTheCommit()
      throws Exception {
    WebhookPipeline pipeline = pipeline(delivery -> Answer.OK, recording);
    byte[] body = TestServers.sms("our-bug").getBytes(StandardCharsets.UTF_8);
    Answer retry = new Answer(503, "temporarily unable to take the event; send it again", 5);

    // The mount's request fails once the signature is checked, as a bug of ours would.
    WebhookRequest failing = failingAfterTheHead(request(body.length, signed(body)), "User-Agent");
    WebhookIntake now = pipeline.begin(failing, NOW);
    assertNull(now.offer(ByteBuffer.wrap(body)));
    assertEquals(new WebhookIntake.Outcome(retry, false), now.complete());

    WebhookIntake later = pipeline.begin(failing, NOW);
    assertNull(later.offer(ByteBuffer.wrap(body)));
    assertEquals(new WebhookIntake.Outcome(retry, false),
        later.completeAsync(Runnable::run).toCompletableFuture().get(10, TimeUnit.SECONDS));

    assertEquals(List.of(), accepted);
    assertEquals(0, budget.used());
  }

  @Test
  void aFailureOfOursWhileTellingOfAFailedCommitIs503WithRetryAfter() throws Exception {
    CompletableFuture<Answer> commit = new CompletableFuture<>();
    WebhookPipeline pipeline = pipeline(new DeliveryAcceptor() {
      @Override
      public Answer accept(InboundDelivery delivery) {
        throw new AssertionError("the asynchronous path is taken");
      }

      @Override
      public CompletionStage<Answer> acceptAsync(InboundDelivery delivery) {
        return commit;
      }
    }, recording);
    byte[] body = TestServers.sms("bug-on-failure").getBytes(StandardCharsets.UTF_8);
    WebhookRequest failing = failingAfterTheHead(request(body.length, signed(body)), null);
    WebhookIntake intake = pipeline.begin(failing, NOW);
    assertNull(intake.offer(ByteBuffer.wrap(body)));

    CompletableFuture<WebhookIntake.Outcome> outcome =
        intake.completeAsync(Runnable::run).toCompletableFuture();
    commit.completeExceptionally(new IllegalStateException("disk full"));

    assertEquals(new WebhookIntake.Outcome(
        new Answer(503, "temporarily unable to take the event; send it again", 5), false),
        outcome.get(10, TimeUnit.SECONDS));
  }

  @Test
  void onlyAPostToItsOwnPathIsAWebhookAndOnlyAGetOfTheHealthPathIsAHealthCheck() {
    WebhookPipeline pipeline = pipeline(delivery -> Answer.OK, recording);

    assertEquals("/hook", pipeline.path());
    assertNull(pipeline.route("/hook", "POST"));
    assertEquals(Answer.of(200, "ok"), pipeline.route("/healthz", "GET"));
    assertEquals(Answer.of(404, "not found: webhooks go to /hook"),
        pipeline.route("/healthz", "POST"));
    assertEquals(Answer.of(404, "not found: webhooks go to /hook"),
        pipeline.route("/hook/", "POST"));
    assertEquals(Answer.of(405, "method not allowed: use POST"), pipeline.route("/hook", "GET"));
  }

  @Test
  void theDeliveryKeepsTheHeadersNeededToReverifyAndShowItAndNoOthers() {
    List<InboundDelivery> deliveries = new ArrayList<>();
    WebhookPipeline pipeline = pipeline(delivery -> {
      deliveries.add(delivery);
      return Answer.OK;
    }, recording);
    byte[] body = TestServers.sms("kept-headers").getBytes(StandardCharsets.UTF_8);
    Map<String, List<String>> headers = new HashMap<>(signed(body));
    headers.put("Content-Type", List.of("application/json"));
    headers.put("User-Agent", List.of("Customer.io", "proxy/1.0"));
    headers.put("X-Forwarded-For", List.of("198.51.100.1"));

    assertEquals(Answer.OK, send(pipeline, body, headers).answer());

    Map<String, List<String>> kept = deliveries.get(0).headers();
    assertEquals(Set.of(WebhookPipeline.SIGNATURE, WebhookPipeline.TIMESTAMP, "Content-Type",
        "User-Agent"), kept.keySet());
    assertEquals(headers.get(WebhookPipeline.SIGNATURE), kept.get(WebhookPipeline.SIGNATURE));
    assertEquals(headers.get(WebhookPipeline.TIMESTAMP), kept.get(WebhookPipeline.TIMESTAMP));
    assertEquals(List.of("application/json"), kept.get("Content-Type"));
    assertEquals(List.of("Customer.io", "proxy/1.0"), kept.get("User-Agent"), "every value, in"
        + " order");
  }

  @Test
  void anAnswerThatWaitsForTheCommitIsToldOnTheRequestsExecutorNotTheCommittingThread()
      throws Exception {
    ThreadLocal<Boolean> onExecutor = ThreadLocal.withInitial(() -> false);
    List<Boolean> toldOnExecutor = Collections.synchronizedList(new ArrayList<>());
    CompletableFuture<Answer> commit = new CompletableFuture<>();
    WebhookPipeline pipeline = pipeline(new DeliveryAcceptor() {
      @Override
      public Answer accept(InboundDelivery delivery) {
        throw new AssertionError("the asynchronous path is taken");
      }

      @Override
      public CompletionStage<Answer> acceptAsync(InboundDelivery delivery) {
        return commit;
      }
    }, new WebhookObserver() {
      @Override
      public void accepted(InboundDelivery delivery, Answer answer) {
        toldOnExecutor.add(onExecutor.get());
      }
    });
    byte[] body = TestServers.sms("told-on-executor").getBytes(StandardCharsets.UTF_8);
    WebhookIntake intake = pipeline.begin(request(body.length, signed(body)), NOW);
    assertNull(intake.offer(ByteBuffer.wrap(body)));

    CompletableFuture<WebhookIntake.Outcome> outcome = intake.completeAsync(task -> {
      onExecutor.set(true);
      try {
        task.run();
      } finally {
        onExecutor.set(false);
      }
    }).toCompletableFuture();
    // The inbox's writer thread commits; it must not run the answer (and the observers).
    commit.complete(Answer.OK);

    assertEquals(Answer.OK, outcome.get(10, TimeUnit.SECONDS).answer());
    assertEquals(List.of(true), toldOnExecutor);
  }

  // ---------------------------------------------------------------- helpers

  private WebhookPipeline pipeline(DeliveryAcceptor acceptor, WebhookObserver observer) {
    return pipeline(acceptor, observer, new RejectionLog(clock, sink()));
  }

  private WebhookPipeline pipeline(DeliveryAcceptor acceptor, WebhookObserver observer,
      RejectionLog log) {
    return new WebhookPipeline("/hook", new WebhookLimits(1_000, 10_000, Duration.ofSeconds(5)),
        new SignatureVerifier(List.of(KEY), Duration.ofMinutes(5), clock), new EventParser(),
        acceptor, delivery -> Answer.OK, observer, clock, budget, log);
  }

  private RejectionLog.Sink sink() {
    return new RejectionLog.Sink() {
      @Override
      public void warn(String line) {
        logLines.add("WARN " + line);
      }

      @Override
      public void info(String line) {
        logLines.add("INFO " + line);
      }
    };
  }

  /** Sends {@code body} whole, under {@code headers}: the outcome of its last chunk. */
  private static WebhookIntake.Outcome send(WebhookPipeline pipeline, byte[] body,
      Map<String, List<String>> headers) {
    WebhookRequest request = request(body.length, headers);
    assertNull(pipeline.checkHead(request, NOW));
    WebhookIntake intake = pipeline.begin(request, NOW);
    assertNull(intake.offer(ByteBuffer.wrap(body)));
    return intake.complete();
  }

  private static Map<String, List<String>> signed(byte[] body) {
    String timestamp = Long.toString(NOW.getEpochSecond());
    return Map.of(WebhookPipeline.TIMESTAMP, List.of(timestamp),
        WebhookPipeline.SIGNATURE, List.of(Signatures.sign(KEY, timestamp, body)));
  }

  /**
   * {@code request}, whose {@code failingHeader} (or, for {@code null}, its remote address) fails
   * to be read: the head check passes, and whatever asks later meets the failure.
   */
  private static WebhookRequest failingAfterTheHead(WebhookRequest request,
      String failingHeader) {
    return new WebhookRequest() {
      @Override
      public List<String> headers(String name) {
        if (name.equals(failingHeader)) {
          throw new IllegalStateException("the mount failed to read " + name);
        }
        return request.headers(name);
      }

      @Override
      public long declaredLength() {
        return request.declaredLength();
      }

      @Override
      public String remoteAddress() {
        if (failingHeader == null) {
          throw new IllegalStateException("the mount failed to read the address");
        }
        return request.remoteAddress();
      }
    };
  }

  /** Well-formed signature headers and the content type {@code contentType}. */
  private static Map<String, List<String>> signedAs(String contentType) {
    Map<String, List<String>> headers = new HashMap<>(signed(new byte[0]));
    headers.put("Content-Type", List.of(contentType));
    return headers;
  }

  private static WebhookRequest request(long declaredLength, Map<String, List<String>> headers) {
    return new WebhookRequest() {
      @Override
      public List<String> headers(String name) {
        return headers.getOrDefault(name, List.of());
      }

      @Override
      public long declaredLength() {
        return declaredLength;
      }

      @Override
      public String remoteAddress() {
        return REMOTE;
      }
    };
  }
}
