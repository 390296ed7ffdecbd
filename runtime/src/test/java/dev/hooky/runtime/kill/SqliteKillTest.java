package dev.hooky.runtime.kill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.hooky.runtime.dispatch.Dispatcher;
import dev.hooky.runtime.inbox.DeliveryRecord;
import dev.hooky.runtime.inbox.DeliveryStatus;
import dev.hooky.runtime.inbox.RetryPolicy;
import dev.hooky.runtime.inbox.sql.SqlInbox;
import dev.hooky.runtime.inbox.sql.SqlInboxes;
import dev.hooky.runtime.parse.EventParser;
import dev.hooky.runtime.testing.Signatures;
import dev.hooky.runtime.testing.TestServers;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kill test: a Hooky server with the SQLite inbox runs in a JVM of its own ({@link
 * KillTestServer}), receives a stream of signed events, and is killed with SIGKILL mid-stream.
 * Restarted on the same file, it must handle every event it had answered 200. Only the events
 * whose attempt was under way at the kill, or whose outcome was not yet committed (outcomes join
 * the next group commit without waiting; a worker's next claim waits until at most {@link
 * SqlInbox#RUN_AHEAD} of its own are uncommitted, so at most that and one claim batch per
 * worker), may run twice, and their second run says so in {@code
 * Delivery.attempt()}. Deliveries handed out but not started (in a worker's claim batch, or among
 * the {@link SqlInbox#READY_LIMIT} waiting in memory) run once, with an attempt number one higher.
 *
 * <p>Each child's standard output and error, and the handled log, are kept in a directory per
 * run under {@code target/kill-test/} for diagnosis.
 */
@Timeout(value = 50, unit = TimeUnit.SECONDS)
class SqliteKillTest {
  private static final int WORKERS = 2;
  /** Long enough that a kill usually finds both workers inside a handler. */
  private static final long HANDLER_MILLIS = 10;
  private static final int SENDERS = 4;
  private static final Duration START_TIMEOUT = Duration.ofSeconds(15);
  private static final Duration PHASE_TIMEOUT = Duration.ofSeconds(15);
  private static final long POLL_MILLIS = 20;
  private static final Path OUTPUT =
      Path.of(System.getProperty("basedir", "."), "target", "kill-test");

  @TempDir
  Path dir;
  /** Where this run keeps the children's output and the handled log. */
  private Path output;

  @BeforeEach
  void outputDirectory(TestInfo test) throws IOException {
    String method = test.getTestMethod().map(java.lang.reflect.Method::getName).orElse("test");
    output = Files.createDirectories(OUTPUT.resolve(method + "-"
        + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS").format(LocalDateTime.now())));
  }

  @Test
  void everyEventAnsweredOkIsHandledAfterAKillAndOnlyInterruptedOnesTwice() throws Exception {
    Path database = dir.resolve("inbox.db");
    Path handledLog = dir.resolve("handled.log");
    int killAfter = ThreadLocalRandom.current().nextInt(250, 451);
    long started = System.nanoTime();
    Senders senders = null;
    Map<String, List<Integer>> atKill;
    int exitCode;
    try {
      try (Child first = Child.start(output.resolve("first"), database, handledLog)) {
        senders = new Senders(first.url(), "kill", SENDERS, Integer.MAX_VALUE);
        senders.start();
        Senders stream = senders;
        await("the first server to accept " + killAfter + " events",
            () -> stream.accepted.size() >= killAfter || stream.isDone(), first);
        stream.assertNoErrors();
        assertTrue(stream.accepted.size() >= killAfter, "the senders stopped early: "
            + stream.describe());
        exitCode = first.kill();
        int failedBefore = stream.failures.get();
        // Sending goes on, and fails, for a moment after the kill.
        await("sending to fail " + SENDERS + " times against the killed server",
            () -> stream.failures.get() >= failedBefore + SENDERS, null);
        senders.stopAndJoin();
      }
      atKill = readLog(handledLog);

      try (Child second = Child.start(output.resolve("second"), database, handledLog)) {
        Set<String> accepted = senders.accepted;
        await("every event answered 200 to appear in the handled log",
            () -> readLog(handledLog).keySet().containsAll(accepted), second);
        second.closeGracefully();
      }
    } finally {
      if (senders != null) {
        senders.stopQuietly();
      }
      copyForDiagnosis(handledLog, output);
    }

    Map<String, List<Integer>> handled = readLog(handledLog);
    Map<String, List<Integer>> twice = handled.entrySet().stream()
        .filter(entry -> entry.getValue().size() > 1)
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a,
            TreeMap::new));
    Map<String, List<Integer>> retried = handled.entrySet().stream()
        .filter(entry -> entry.getValue().stream().anyMatch(attempt -> attempt >= 2))
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a,
            TreeMap::new));
    long handledAtKill = senders.accepted.stream().filter(atKill::containsKey).count();
    System.out.printf("kill test: killed after %d accepted (target %d), exit code %d;"
            + " %d sent, %d failed sends; %d of the accepted handled before the kill, %d after;"
            + " handled twice %s; retried (attempt >= 2) %s; %d ms%n",
        senders.accepted.size(), killAfter, exitCode, senders.sent.size(),
        senders.failures.get(), handledAtKill, senders.accepted.size() - handledAtKill, twice,
        retried, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));

    assertEquals(137, exitCode, "the first server was not killed by SIGKILL");
    assertTrue(senders.unexpected.isEmpty(), "answers other than 200 ok: "
        + senders.unexpected);
    // (c) Nothing is handled that was never sent.
    Set<String> neverSent = difference(handled.keySet(), senders.sent);
    assertTrue(neverSent.isEmpty(), "handled but never sent: " + neverSent);
    // (a) Every event answered 200 is handled, at least once.
    Set<String> lost = difference(senders.accepted, handled.keySet());
    assertTrue(lost.isEmpty(), lost.size() + " events answered 200 were never handled: " + lost
        + "; see " + output);
    assertTrue(handledAtKill < senders.accepted.size(), "nothing was waiting at the kill, so"
        + " the test proves little: make the handlers slower");
    // Before the kill, every attempt was a first one.
    atKill.forEach((id, attempts) -> assertEquals(List.of(1), attempts,
        id + " before the kill"));
    // (b) Only attempts under way or not yet recorded at the kill run again, and say so.
    assertTrue(twice.size() <= WORKERS * (Dispatcher.CLAIM_BATCH + SqlInbox.RUN_AHEAD),
        "more events handled twice than the workers' claim batches and run-ahead: " + twice);
    // Besides those, deliveries handed out but not yet started at the kill (claimed, or waiting
    // in memory for a worker) count an attempt more.
    assertTrue(retried.size()
            <= WORKERS * (Dispatcher.CLAIM_BATCH + SqlInbox.RUN_AHEAD) + SqlInbox.READY_LIMIT,
        "more events retried than workers could have claimed: " + retried);
    twice.forEach((id, attempts) -> {
      assertEquals(2, attempts.size(), id + " handled more than twice: " + attempts);
      assertEquals(1, attempts.get(0), id + "'s first attempt: " + attempts);
      assertTrue(attempts.get(1) >= 2, id + "'s second run is not a later attempt: " + attempts);
    });
    assertInboxAgrees(database, handled);
  }

  @Test
  void restartAfterACleanCloseLosesNothingAndHandlesNothingAgain() throws Exception {
    Path database = dir.resolve("inbox.db");
    Path handledLog = dir.resolve("handled.log");
    int events = 150;
    Senders senders = null;
    Map<String, List<Integer>> afterFirst;
    try {
      try (Child first = Child.start(output.resolve("first"), database, handledLog)) {
        senders = new Senders(first.url(), "clean", SENDERS, events);
        senders.start();
        Senders stream = senders;
        await("the senders to send " + events + " events", stream::isDone, first);
        senders.stopAndJoin();
        // Close at once, with events still waiting: close() must handle them first.
        int handledAtClose = readLog(handledLog).size();
        first.closeGracefully();
        System.out.printf("clean close: %d accepted, %d handled when close() was asked%n",
            senders.accepted.size(), handledAtClose);
      }
      afterFirst = readLog(handledLog);
      assertEquals(events, senders.accepted.size(), "accepted: " + senders.describe());
      assertEquals(new TreeSet<>(senders.accepted), new TreeSet<>(afterFirst.keySet()),
          "handled before the close; see " + output);
      afterFirst.forEach((id, attempts) -> assertEquals(List.of(1), attempts, id));

      try (Child second = Child.start(output.resolve("second"), database, handledLog)) {
        HttpClient http = Senders.client();
        String old = senders.accepted.iterator().next();
        HttpResponse<String> again = Senders.send(http, second.url(), old);
        assertEquals(200, again.statusCode(), again.body());
        assertEquals("duplicate", again.body().strip(), "a resent event after the restart");
        HttpResponse<String> fresh = Senders.send(http, second.url(), "clean-after-restart");
        assertEquals(200, fresh.statusCode(), fresh.body());
        assertEquals("ok", fresh.body().strip());
        second.closeGracefully();
      }
    } finally {
      if (senders != null) {
        senders.stopQuietly();
      }
      copyForDiagnosis(handledLog, output);
    }

    Map<String, List<Integer>> expected = new LinkedHashMap<>(afterFirst);
    expected.put("clean-after-restart", List.of(1));
    assertEquals(new TreeMap<>(expected), new TreeMap<>(readLog(handledLog)));
    assertInboxAgrees(database, expected);
  }

  /**
   * The inbox itself, opened once the servers are gone: every handled event is {@code handled},
   * with as many attempts as the last one its handler saw, and nothing waits.
   */
  private static void assertInboxAgrees(Path database, Map<String, List<Integer>> handled) {
    SqlInboxes.Settings settings = new SqlInboxes.Settings(new EventParser(),
        RetryPolicy.DEFAULT, Clock.systemUTC(), Duration.ofMinutes(5));
    try (SqlInbox inbox = SqlInboxes.sqlite(database, settings)) {
      assertEquals(0, inbox.depth(), "deliveries still waiting");
      handled.forEach((id, attempts) -> {
        Optional<DeliveryRecord> record = inbox.find(id);
        assertTrue(record.isPresent(), id + " is not in the inbox");
        assertEquals(DeliveryStatus.HANDLED, record.get().status(), id);
        assertEquals(attempts.get(attempts.size() - 1), record.get().attempts(),
            id + "'s attempts; the handler saw " + attempts);
      });
    }
  }

  /** The handled log: each event id with the attempt numbers of its lines, in order. */
  private static Map<String, List<Integer>> readLog(Path log) throws IOException {
    Map<String, List<Integer>> handled = new LinkedHashMap<>();
    if (!Files.exists(log)) {
      return handled;
    }
    for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
      String[] parts = line.split(" ");
      if (parts.length != 2 || !parts[1].matches("[0-9]+")) {
        throw new AssertionError("malformed line in the handled log: \"" + line + "\"");
      }
      handled.computeIfAbsent(parts[0], id -> new ArrayList<>()).add(Integer.valueOf(parts[1]));
    }
    return handled;
  }

  private static Set<String> difference(Set<String> all, Set<String> minus) {
    return all.stream().filter(id -> !minus.contains(id))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /**
   * Polls {@code condition} until it holds, failing after {@link #PHASE_TIMEOUT} or as soon as
   * {@code child} (if given) has died.
   */
  private static void await(String what, IoCondition condition, Child child) throws Exception {
    long deadline = System.nanoTime() + PHASE_TIMEOUT.toNanos();
    while (!condition.holds()) {
      if (child != null && !child.process.isAlive()) {
        fail("the server died while waiting for " + what + ": " + child.diagnosis());
      }
      if (System.nanoTime() - deadline > 0) {
        fail("timed out after " + PHASE_TIMEOUT.toSeconds() + " s waiting for " + what
            + (child != null ? ": " + child.diagnosis() : ""));
      }
      Thread.sleep(POLL_MILLIS);
    }
  }

  @FunctionalInterface
  private interface IoCondition {
    boolean holds() throws IOException;
  }

  private static void copyForDiagnosis(Path file, Path output) throws IOException {
    if (Files.exists(file)) {
      Files.copy(file, output.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** A {@link KillTestServer} JVM; closing it kills it if it still runs. */
  private static final class Child implements AutoCloseable {
    final Process process;
    final Path stdout;
    final Path stderr;
    private int port;

    private Child(Process process, Path stdout, Path stderr) {
      this.process = process;
      this.stdout = stdout;
      this.stderr = stderr;
    }

    /** Starts a server whose standard output and error go to {@code output}-stdout.log, .... */
    static Child start(Path output, Path database, Path handledLog) throws Exception {
      Path stdout = Path.of(output + "-stdout.log");
      Path stderr = Path.of(output + "-stderr.log");
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      Process process = new ProcessBuilder(java, "-Xmx256m", "-XX:+UseSerialGC",
          "-Dorg.slf4j.simpleLogger.defaultLogLevel=info",
          "-cp", System.getProperty("java.class.path"),
          KillTestServer.class.getName(), database.toString(), handledLog.toString(),
          Integer.toString(WORKERS), Long.toString(HANDLER_MILLIS))
          .redirectOutput(stdout.toFile())
          .redirectError(stderr.toFile())
          .start();
      Child child = new Child(process, stdout, stderr);
      try {
        child.port = child.awaitPort();
        return child;
      } catch (Exception | Error e) {
        child.close();
        throw e;
      }
    }

    private int awaitPort() throws Exception {
      long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
      while (true) {
        Optional<String> line = Files.readAllLines(stdout, StandardCharsets.UTF_8).stream()
            .filter(text -> text.startsWith(KillTestServer.PORT_PREFIX)).findFirst();
        if (line.isPresent()) {
          return Integer.parseInt(line.get().substring(KillTestServer.PORT_PREFIX.length()));
        }
        if (!process.isAlive()) {
          fail("the server exited with " + process.exitValue() + " before listening: "
              + diagnosis());
        }
        if (System.nanoTime() - deadline > 0) {
          fail("the server did not listen within " + START_TIMEOUT.toSeconds() + " s: "
              + diagnosis());
        }
        Thread.sleep(POLL_MILLIS);
      }
    }

    URI url() {
      return URI.create("http://127.0.0.1:" + port + "/webhooks/customerio");
    }

    /** Sends SIGKILL and returns the exit code once the process is gone. */
    int kill() throws InterruptedException {
      process.destroyForcibly();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        fail("the server outlived SIGKILL by 10 s");
      }
      return process.exitValue();
    }

    /** Asks the server to close() and waits for it to exit 0. */
    void closeGracefully() throws Exception {
      try (OutputStream stdin = process.getOutputStream()) {
        stdin.write((KillTestServer.CLOSE_COMMAND + "\n").getBytes(StandardCharsets.UTF_8));
      }
      if (!process.waitFor(PHASE_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        fail("the server did not close within " + PHASE_TIMEOUT.toSeconds() + " s: "
            + diagnosis());
      }
      assertEquals(0, process.exitValue(), diagnosis());
      assertTrue(Files.readAllLines(stdout, StandardCharsets.UTF_8)
          .contains(KillTestServer.CLOSED), diagnosis());
    }

    String diagnosis() {
      String errors;
      try {
        List<String> lines = Files.readAllLines(stderr, StandardCharsets.UTF_8);
        errors = String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
      } catch (IOException e) {
        errors = "(unreadable: " + e + ")";
      }
      return "see " + stdout + " and " + stderr + "; last lines of standard error:\n" + errors;
    }

    /** Kills the process if it still runs; never throws, so that it is safe in any finally. */
    @Override
    public void close() {
      if (process.isAlive()) {
        process.destroyForcibly();
        try {
          process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  /**
   * Threads that send distinct signed {@code sms_delivered} events, {@code prefix-000001} and on,
   * until stopped or until {@code limit} have been sent, recording what was sent and answered.
   */
  private static final class Senders {
    final Set<String> sent = ConcurrentHashMap.newKeySet();
    /** Answered 200 {@code ok}. */
    final Set<String> accepted = ConcurrentHashMap.newKeySet();
    /** Any other answer: "id status body". */
    final Set<String> unexpected = ConcurrentHashMap.newKeySet();
    /** What ended a sender other than being stopped: the test's own failures. */
    final List<Throwable> errors = new CopyOnWriteArrayList<>();
    final AtomicInteger failures = new AtomicInteger();
    private final AtomicInteger sequence = new AtomicInteger();
    private final AtomicInteger finished = new AtomicInteger();
    private final List<Thread> threads = new ArrayList<>();
    private final URI url;
    private final String prefix;
    private final int limit;
    private volatile boolean stopped;

    Senders(URI url, String prefix, int count, int limit) {
      this.url = url;
      this.prefix = prefix;
      this.limit = limit;
      for (int i = 0; i < count; i++) {
        Thread thread = new Thread(this::run, "kill-test-sender-" + (i + 1));
        thread.setDaemon(true);
        threads.add(thread);
      }
    }

    void start() {
      threads.forEach(Thread::start);
    }

    /** Whether every thread has finished (the limit reached, or stopped). */
    boolean isDone() {
      return finished.get() == threads.size();
    }

    /** Stops the threads, without failing: for a finally block. */
    void stopQuietly() throws InterruptedException {
      stopped = true;
      for (Thread thread : threads) {
        thread.join(TimeUnit.SECONDS.toMillis(10));
      }
    }

    /** Stops the threads; fails if one does not stop or ended on an error of its own. */
    void stopAndJoin() throws InterruptedException {
      stopped = true;
      for (Thread thread : threads) {
        thread.join(TimeUnit.SECONDS.toMillis(10));
        if (thread.isAlive()) {
          fail(thread.getName() + " did not stop within 10 s");
        }
      }
      assertNoErrors();
    }

    String describe() {
      return sent.size() + " sent, " + accepted.size() + " accepted, " + failures.get()
          + " failed, unexpected answers " + unexpected + ", sender errors " + errors;
    }

    /** Fails, with the first as cause, if a sender ended on an error of its own. */
    void assertNoErrors() {
      if (!errors.isEmpty()) {
        throw new AssertionError("a sender failed: " + describe(), errors.get(0));
      }
    }

    private void run() {
      HttpClient http = client();
      try {
        while (!stopped) {
          int next = sequence.incrementAndGet();
          if (next > limit) {
            return;
          }
          String id = String.format("%s-%06d", prefix, next);
          sent.add(id);
          try {
            HttpResponse<String> response = send(http, url, id);
            if (response.statusCode() == 200 && response.body().strip().equals("ok")) {
              accepted.add(id);
            } else {
              unexpected.add(id + " " + response.statusCode() + " " + response.body().strip());
            }
          } catch (IOException e) {
            failures.incrementAndGet();
            Thread.sleep(5);
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (RuntimeException | Error e) {
        errors.add(e);
      } finally {
        finished.incrementAndGet();
      }
    }

    static HttpClient client() {
      return HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();
    }

    static HttpResponse<String> send(HttpClient http, URI url, String id)
        throws IOException, InterruptedException {
      byte[] body = TestServers.sms(id).getBytes(StandardCharsets.UTF_8);
      String timestamp = Long.toString(Instant.now().getEpochSecond());
      HttpRequest request = HttpRequest.newBuilder(url)
          .timeout(Duration.ofSeconds(5))
          .header("Content-Type", "application/json")
          .header("X-CIO-Timestamp", timestamp)
          .header("X-CIO-Signature", Signatures.sign(TestServers.KEY, timestamp, body))
          .POST(HttpRequest.BodyPublishers.ofByteArray(body))
          .build();
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
  }
}
