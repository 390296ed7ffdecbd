package dev.hooky.runtime.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hooky.runtime.inbox.ManualClock;
import dev.hooky.runtime.parse.EventParser;
import dev.hooky.runtime.testing.Signatures;
import dev.hooky.runtime.testing.TestServers;
import dev.hooky.runtime.verify.SignatureVerifier;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One request's body intake, whoever ends it: the last chunk, the hard cap, the budget, the
 * deadline or a read failure. The first to end it gives the answer, and only it: the answer is
 * recorded once, the budget comes back once, and the connection closes exactly when a body was
 * left unread.
 */
class WebhookIntakeTest {
  private static final String KEY = "intake-key";
  private static final Instant NOW = Instant.ofEpochSecond(1_715_784_949L);

  private final ManualClock clock = new ManualClock(NOW);
  private final BodyBudget budget = new BodyBudget(64 * 1024);
  private final List<Rejection> rejections = Collections.synchronizedList(new ArrayList<>());
  private final AtomicInteger accepted = new AtomicInteger();
  private final WebhookPipeline pipeline = new WebhookPipeline("/hook",
      new WebhookLimits(1_000, 10_000, Duration.ofMillis(1_500)),
      new SignatureVerifier(List.of(KEY), Duration.ofMinutes(5), clock), new EventParser(),
      delivery -> {
        accepted.incrementAndGet();
        return Answer.OK;
      },
      delivery -> Answer.OK,
      new WebhookObserver() {
        @Override
        public void rejected(Rejection rejection) {
          rejections.add(rejection);
        }
      },
      clock, budget);
  private ExecutorService pool;

  @AfterEach
  void stopThreads() {
    if (pool != null) {
      pool.shutdownNow();
    }
  }

  @Test
  void theLastChunkGivesTheAnswerAndKeepsTheConnection() {
    byte[] body = TestServers.sms("intake-1").getBytes(StandardCharsets.UTF_8);
    WebhookIntake intake = begin(body);

    assertNull(intake.offer(ByteBuffer.wrap(body)));
    assertFalse(intake.finished());
    WebhookIntake.Outcome outcome = intake.complete();

    assertEquals(new WebhookIntake.Outcome(Answer.OK, false), outcome);
    assertTrue(intake.finished());
    assertEquals(1, accepted.get());
    assertEquals(0, budget.used(), "the body's charge is given back");
    assertNull(intake.complete(), "a second end gets no answer");
    assertNull(intake.timedOut());
    assertNull(intake.failed(new IOException("late")));
    assertNull(intake.offer(ByteBuffer.wrap(body)));
    assertEquals(1, accepted.get());
    assertEquals(List.of(), rejections);
  }

  @Test
  void bytesUpToTheHardCapAreReadAndOneMoreIs413() {
    WebhookIntake intake = begin(new byte[0]);

    assertNull(intake.offer(ByteBuffer.allocate(6_000)));
    assertNull(intake.offer(ByteBuffer.allocate(4_000)), "exactly the hard cap");
    WebhookIntake.Outcome outcome = intake.offer(ByteBuffer.allocate(1));

    assertEquals(new WebhookIntake.Outcome(
        Answer.of(413, "body too large: the limit is 10000 bytes"), true), outcome);
    assertTrue(intake.finished());
    assertEquals(0, budget.used());
    assertNull(intake.complete());
    assertEquals(1, rejections.size());
    assertEquals(413, rejections.get(0).status());
    assertEquals(-1, rejections.get(0).bodyLength(), "a body refused unread has no length");
  }

  @Test
  void aChunkPastTheBudgetIs503WithRetryAfterAndClosesTheConnection() {
    BodyBudget tight = new BodyBudget(100);
    WebhookPipeline tightPipeline = new WebhookPipeline("/hook",
        new WebhookLimits(1_000, 10_000, Duration.ofSeconds(5)),
        new SignatureVerifier(List.of(KEY), Duration.ofMinutes(5), clock), new EventParser(),
        delivery -> Answer.OK, delivery -> Answer.OK, new WebhookObserver() {}, clock, tight);
    WebhookIntake intake = tightPipeline.begin(request(-1, new byte[0]), NOW);

    WebhookIntake.Outcome outcome = intake.offer(ByteBuffer.allocate(500));

    assertEquals(new WebhookIntake.Outcome(new Answer(503,
        "too many request bodies in memory right now; send it again", 5), true), outcome);
    assertEquals(0, tight.used());
  }

  @Test
  void theDeadlineIs408NamingTheTimeAllowedAndClosesTheConnection() {
    WebhookIntake intake = begin(new byte[0]);
    intake.offer(ByteBuffer.allocate(10));

    WebhookIntake.Outcome outcome = intake.timedOut();

    assertEquals(new WebhookIntake.Outcome(
        Answer.of(408, "body not received within 1500 ms"), true), outcome);
    assertEquals(0, budget.used());
    assertNull(intake.complete(), "the last chunk after the deadline gets no answer");
    assertNull(intake.completeAsync(Runnable::run).toCompletableFuture().getNow(
        new WebhookIntake.Outcome(Answer.OK, false)), "nor when it waits for no commit");
    assertNull(intake.timedOut());
    assertEquals(0, accepted.get());
    assertEquals(1, rejections.size());
  }

  @Test
  void aBugWhileReadingIs503WithRetryAfterNotARefusal() {
    WebhookIntake intake = begin(new byte[0]);

    WebhookIntake.Outcome outcome = intake.broken(new IllegalStateException("a bug"));

    assertEquals(new WebhookIntake.Outcome(new Answer(503,
        "temporarily unable to take the event; send it again", 5), true), outcome);
    assertNull(intake.broken(new IllegalStateException("again")));
    assertNull(intake.failed(new IOException("after")));
  }

  @Test
  void aReadFailureIs401ForABodyThatCannotBeCheckedAndClosesTheConnection() {
    WebhookIntake intake = begin(new byte[0]);

    WebhookIntake.Outcome outcome = intake.failed(new IOException("early EOF"));

    assertEquals(new WebhookIntake.Outcome(Answer.of(401, "incomplete body, so its signature"
        + " cannot be checked: java.io.IOException: early EOF"), true), outcome);
    assertNull(intake.failed(new IOException("again")));
    assertNull(intake.timedOut());
    assertEquals(1, rejections.size());
  }

  @Test
  void whenTheDeadlineRacesTheLastChunkExactlyOneAnswersAndTheBudgetComesBackOnce()
      throws Exception {
    pool = Executors.newFixedThreadPool(4);
    int rounds = 300;
    int completedFirst = 0;
    for (int round = 0; round < rounds; round++) {
      byte[] body = TestServers.sms("race-" + round).getBytes(StandardCharsets.UTF_8);
      WebhookIntake intake = begin(body);
      intake.offer(ByteBuffer.wrap(body));
      CountDownLatch go = new CountDownLatch(1);
      List<Future<WebhookIntake.Outcome>> enders = List.of(
          pool.submit(() -> {
            go.await();
            return intake.complete();
          }),
          pool.submit(() -> {
            go.await();
            return intake.timedOut();
          }),
          pool.submit(() -> {
            go.await();
            return intake.failed(new IOException("gone"));
          }),
          pool.submit(() -> {
            go.await();
            return intake.offer(ByteBuffer.allocate(20_000));
          }));
      go.countDown();
      List<WebhookIntake.Outcome> outcomes = new ArrayList<>();
      for (Future<WebhookIntake.Outcome> ender : enders) {
        WebhookIntake.Outcome outcome = ender.get(10, TimeUnit.SECONDS);
        if (outcome != null) {
          outcomes.add(outcome);
        }
      }

      assertEquals(1, outcomes.size(), "round " + round + ": " + outcomes);
      assertEquals(0, budget.used(), "round " + round);
      if (outcomes.get(0).answer().status() == 200) {
        completedFirst++;
        assertFalse(outcomes.get(0).closeConnection());
      } else {
        assertTrue(outcomes.get(0).closeConnection(), outcomes.toString());
      }
    }
    assertEquals(completedFirst, accepted.get(), "only a completed body is accepted");
    assertEquals(rounds - completedFirst, rejections.size(), "each refusal recorded once");
  }

  // ---------------------------------------------------------------- helpers

  private WebhookIntake begin(byte[] signedBody) {
    WebhookRequest request = request(-1, signedBody);
    assertNull(pipeline.checkHead(request, NOW));
    WebhookIntake intake = pipeline.begin(request, NOW);
    assertNotNull(intake);
    return intake;
  }

  private static WebhookRequest request(long declaredLength, byte[] signedBody) {
    String timestamp = Long.toString(NOW.getEpochSecond());
    Map<String, List<String>> headers = Map.of(
        WebhookPipeline.TIMESTAMP, List.of(timestamp),
        WebhookPipeline.SIGNATURE, List.of(Signatures.sign(KEY, timestamp, signedBody)));
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
        return "192.0.2.1";
      }
    };
  }
}
