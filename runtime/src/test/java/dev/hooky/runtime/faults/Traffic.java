package dev.hooky.runtime.faults;

import dev.hooky.runtime.HookyServer;
import dev.hooky.runtime.testing.TestServers;
import dev.hooky.runtime.testing.WebhookClient;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stream of signed events to a server from a few senders, each answer recorded. An event
 * answered 503 is sent again (as Customer.io does), before new ones.
 */
final class Traffic implements AutoCloseable {
  /** One request and its answer; times from System.nanoTime. */
  record Answer(String eventId, int status, long startedNanos, long endedNanos,
      boolean retryAfter, String body) {
    long millis() {
      return TimeUnit.NANOSECONDS.toMillis(endedNanos - startedNanos);
    }
  }

  /** Between a 503 and the next request of a sender: keeps a failing server from a busy loop. */
  private static final long PAUSE_AFTER_503_MILLIS = 20;

  private final WebhookClient client;
  private final String prefix;
  private final AtomicInteger next = new AtomicInteger();
  private final Queue<String> toRetry = new ConcurrentLinkedQueue<>();
  final Set<String> sent = ConcurrentHashMap.newKeySet();
  final Set<String> accepted = ConcurrentHashMap.newKeySet();
  final Queue<Answer> answers = new ConcurrentLinkedQueue<>();
  final Queue<String> unexpected = new ConcurrentLinkedQueue<>();
  private final List<Thread> senders = new ArrayList<>();
  private volatile boolean stopping;

  Traffic(HookyServer server, String prefix) {
    this.client = TestServers.client(server);
    this.prefix = prefix;
  }

  void start(int threads) {
    for (int i = 0; i < threads; i++) {
      Thread sender = new Thread(this::send, prefix + "-sender-" + i);
      sender.setDaemon(true);
      senders.add(sender);
      sender.start();
    }
  }

  private void send() {
    while (!stopping) {
      String id = toRetry.poll();
      if (id == null) {
        id = prefix + "-" + next.incrementAndGet();
      }
      if (!sendOnce(id)) {
        try {
          Thread.sleep(PAUSE_AFTER_503_MILLIS);
        } catch (InterruptedException e) {
          return;
        }
      }
    }
  }

  /** Sends {@code id} once; false when it is to be sent again. */
  private boolean sendOnce(String id) {
    sent.add(id);
    long started = System.nanoTime();
    HttpResponse<String> response;
    try {
      response = client.send(TestServers.sms(id));
    } catch (Throwable e) {
      unexpected.add(id + ": " + e);
      toRetry.add(id);
      return false;
    }
    Answer answer = new Answer(id, response.statusCode(), started, System.nanoTime(),
        response.headers().firstValue("Retry-After").isPresent(), response.body().strip());
    answers.add(answer);
    if (answer.status() == 200) {
      accepted.add(id);
      return true;
    }
    if (answer.status() != 503) {
      unexpected.add(id + ": " + answer.status() + " " + answer.body());
    }
    toRetry.add(id);
    return false;
  }

  long count(int status) {
    return answers.stream().filter(answer -> answer.status() == status).count();
  }

  /** The first 200 to a request sent at or after {@code nanos}. */
  Optional<Answer> firstAcceptedSentAfter(long nanos) {
    return answers.stream()
        .filter(answer -> answer.status() == 200 && answer.startedNanos() - nanos >= 0)
        .min((a, b) -> Long.compare(a.endedNanos(), b.endedNanos()));
  }

  /** The slowest 503: how long a request was held while the inbox could not write. */
  long slowest503Millis() {
    return answers.stream().filter(answer -> answer.status() == 503).mapToLong(Answer::millis)
        .max().orElse(0);
  }

  /** Stops the senders, then sends every event last answered 503 until it is accepted. */
  void stopAndRetryRest() throws InterruptedException {
    close();
    for (String id : new ArrayList<>(toRetry)) {
      for (int attempt = 0; !accepted.contains(id) && attempt < 100; attempt++) {
        if (!sendOnce(id)) {
          Thread.sleep(100);
        }
      }
    }
  }

  @Override
  public void close() {
    stopping = true;
    try {
      for (Thread sender : senders) {
        sender.join(TimeUnit.SECONDS.toMillis(15));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  String describe() {
    return sent.size() + " sent, " + accepted.size() + " accepted, " + count(503)
        + " answers 503, unexpected " + unexpected;
  }
}
