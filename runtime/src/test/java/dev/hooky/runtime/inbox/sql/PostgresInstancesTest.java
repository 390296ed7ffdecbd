package dev.hooky.runtime.inbox.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hooky.runtime.inbox.AppendResult;
import dev.hooky.runtime.inbox.AttemptRecord;
import dev.hooky.runtime.inbox.Claim;
import dev.hooky.runtime.inbox.DeliveryRecord;
import dev.hooky.runtime.inbox.DeliveryStatus;
import dev.hooky.runtime.inbox.HandlerOutcome;
import dev.hooky.runtime.inbox.InboundDelivery;
import dev.hooky.runtime.inbox.ManualClock;
import dev.hooky.runtime.inbox.RetryPolicy;
import dev.hooky.runtime.parse.EventParser;
import dev.hooky.runtime.testing.Deliveries;
import dev.hooky.runtime.testing.PostgresServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Several Hooky instances sharing one PostgreSQL database, as in a deployment with more than one
 * server: each instance is its own {@link SqlInbox} with its own pool and lease owner.
 */
class PostgresInstancesTest {
  private static final Instant T0 = Instant.parse("2026-11-30T12:00:00Z");
  private static final RetryPolicy POLICY =
      new RetryPolicy(3, Duration.ofSeconds(10), 2.0, Duration.ofMinutes(1), 0.0);
  private static final EventParser PARSER = new EventParser();
  private static final String HANDLER = "Worker.sms(SmsEvent)";

  private final List<SqlInbox> opened = new ArrayList<>();
  private String url;

  @BeforeEach
  void newDatabase() {
    url = PostgresServer.shared().createDatabase();
  }

  @AfterEach
  void closeInstances() {
    for (SqlInbox inbox : opened) {
      inbox.close();
    }
  }

  // --- (a) work spread over two instances ---

  @Test
  void twoInstancesAppendingAndClaimingTogetherHandleEveryEventExactlyOnce() throws Exception {
    SqlInbox a = open(Clock.systemUTC(), Duration.ofMinutes(5));
    SqlInbox b = open(Clock.systemUTC(), Duration.ofMinutes(5));
    List<SqlInbox> instances = List.of(a, b);
    int events = 2_000;
    int appenders = 8;
    int workersPerInstance = 4;
    Map<String, AtomicInteger> claimed = new ConcurrentHashMap<>();
    Map<SqlInbox, AtomicInteger> claimedBy = Map.of(a, new AtomicInteger(), b, new AtomicInteger());
    AtomicInteger completed = new AtomicInteger();
    AtomicBoolean stop = new AtomicBoolean();
    ExecutorService threads = Executors.newFixedThreadPool(appenders + 2 * workersPerInstance);
    long started = System.nanoTime();
    try {
      List<Future<?>> workers = new ArrayList<>();
      for (SqlInbox inbox : instances) {
        for (int w = 0; w < workersPerInstance; w++) {
          workers.add(threads.submit(() -> {
            while (!stop.get() && completed.get() < events) {
              for (Claim claim : inbox.claim(16, Duration.ofMillis(100))) {
                claimed.computeIfAbsent(claim.delivery().eventId(), id -> new AtomicInteger())
                    .incrementAndGet();
                claimedBy.get(inbox).incrementAndGet();
                assertEquals(1, claim.attempt(), claim.delivery().eventId());
                inbox.complete(claim, List.of(ok(HANDLER)));
                completed.incrementAndGet();
              }
            }
            return null;
          }));
        }
      }
      List<Future<List<AppendResult>>> appends = new ArrayList<>();
      for (int t = 0; t < appenders; t++) {
        int thread = t;
        appends.add(threads.submit(() -> {
          List<AppendResult> results = new ArrayList<>();
          for (int i = thread; i < events; i += appenders) {
            // Each thread sends to both instances, alternating, as a load balancer would.
            results.add(instances.get((i / appenders) % 2).append(delivery(id(i))));
          }
          return results;
        }));
      }
      for (Future<List<AppendResult>> append : appends) {
        assertTrue(append.get(30, TimeUnit.SECONDS).stream()
            .allMatch(result -> result == AppendResult.ACCEPTED));
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (completed.get() < events && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
      // A figure for the results (benchmarks/results/inbox-*.md), not a pass mark.
      System.out.printf("two instances: %d events appended (%d threads, synchronous appends)"
          + " and handled (%d workers each) in %d ms: %.0f events/s; %s by a, %s by b%n", events,
          appenders, workersPerInstance, millis, events * 1000.0 / Math.max(1, millis),
          claimedBy.get(a), claimedBy.get(b));
      stop.set(true);
      for (Future<?> worker : workers) {
        worker.get(10, TimeUnit.SECONDS); // rethrows anything a worker threw
      }
    } finally {
      stop.set(true);
      threads.shutdownNow();
      assertTrue(threads.awaitTermination(10, TimeUnit.SECONDS));
    }

    assertEquals(events, completed.get(), "completions");
    assertEquals(events, claimed.size(), "every event was claimed");
    Set<String> twice = claimed.entrySet().stream().filter(e -> e.getValue().get() != 1)
        .map(Map.Entry::getKey).collect(Collectors.toCollection(TreeSet::new));
    assertEquals(Set.of(), twice, "events claimed more than once");
    assertTrue(claimedBy.get(a).get() > 0 && claimedBy.get(b).get() > 0,
        "both instances worked: " + claimedBy.get(a) + " and " + claimedBy.get(b));
    // Outcomes commit in each instance's next group commit; this reads behind their backs.
    a.awaitRecorded();
    b.awaitRecorded();
    try (Connection connection = PostgresServer.connect(url)) {
      assertEquals(List.of("handled " + events), rows(connection,
          "SELECT status || ' ' || COUNT(*) FROM hooky_deliveries GROUP BY status"));
      assertEquals(List.of("1 0"), rows(connection, "SELECT DISTINCT attempts || ' '"
          + " || COUNT(lease_owner) FROM hooky_deliveries GROUP BY attempts"));
      assertEquals(List.of(events + " " + events), rows(connection, "SELECT COUNT(*) || ' '"
          + " || COUNT(DISTINCT delivery_id) FROM hooky_attempts WHERE attempt = 1"));
    }
    assertEquals(0, a.depth());
    assertEquals(List.of(), a.claim(10, Duration.ZERO));
    assertEquals(List.of(), b.claim(10, Duration.ZERO));
  }

  // --- (b) de-duplication across instances ---

  @Test
  void anEventIdSentToBothInstancesIsAcceptedOnce() throws Exception {
    SqlInbox a = open(Clock.systemUTC(), Duration.ofMinutes(5));
    SqlInbox b = open(Clock.systemUTC(), Duration.ofMinutes(5));

    assertEquals(AppendResult.ACCEPTED, a.append(delivery("first-to-a")));
    assertEquals(AppendResult.DUPLICATE, b.append(delivery("first-to-a")));
    assertEquals(List.of(), b.claim(1, Duration.ZERO), "leased to A, which stored it");
    Claim claim = a.claim(1, Duration.ZERO).get(0);
    assertEquals("first-to-a", claim.delivery().eventId());
    assertEquals(AppendResult.DUPLICATE, b.append(delivery("first-to-a")), "while claimed");
    a.complete(claim, List.of(ok(HANDLER)));
    assertEquals(AppendResult.DUPLICATE, a.append(delivery("first-to-a")), "once handled");
    assertEquals(AppendResult.DUPLICATE, b.append(delivery("first-to-a")), "once handled");
    assertEquals(1, count("SELECT COUNT(*) FROM hooky_deliveries"));
  }

  @Test
  void concurrentAppendsOfTheSameEventsThroughBothInstancesAcceptEachOnce() throws Exception {
    SqlInbox a = open(Clock.systemUTC(), Duration.ofMinutes(5));
    SqlInbox b = open(Clock.systemUTC(), Duration.ofMinutes(5));
    int events = 200;
    int copies = 4; // each event twice through each instance
    ExecutorService threads = Executors.newFixedThreadPool(16);
    Map<String, List<Future<AppendResult>>> results = new ConcurrentHashMap<>();
    try {
      CountDownLatch go = new CountDownLatch(1);
      for (int i = 0; i < events; i++) {
        String eventId = id(i);
        for (int copy = 0; copy < copies; copy++) {
          SqlInbox inbox = copy % 2 == 0 ? a : b;
          results.computeIfAbsent(eventId, id -> new ArrayList<>()).add(threads.submit(() -> {
            go.await();
            return inbox.append(delivery(eventId));
          }));
        }
      }
      go.countDown();
      for (Map.Entry<String, List<Future<AppendResult>>> event : results.entrySet()) {
        int accepted = 0;
        for (Future<AppendResult> result : event.getValue()) {
          AppendResult answer = result.get(30, TimeUnit.SECONDS);
          assertTrue(answer == AppendResult.ACCEPTED || answer == AppendResult.DUPLICATE,
              answer::toString);
          accepted += answer == AppendResult.ACCEPTED ? 1 : 0;
        }
        assertEquals(1, accepted, event.getKey() + " accepted");
      }
    } finally {
      threads.shutdownNow();
    }
    assertEquals(events, count("SELECT COUNT(*) FROM hooky_deliveries"));
    assertEquals(events, count("SELECT COUNT(DISTINCT event_id) FROM hooky_deliveries"));
    assertEquals(events, a.depth());
    Set<String> claimedIds = new TreeSet<>();
    for (SqlInbox inbox : List.of(a, b)) {
      List<Claim> claims;
      while (!(claims = inbox.claim(64, Duration.ZERO)).isEmpty()) {
        claims.forEach(claim -> assertTrue(claimedIds.add(claim.delivery().eventId())));
      }
    }
    assertEquals(events, claimedIds.size(), "each event claimed once");
  }

  // --- (c) leases ---

  @Test
  void anotherInstanceTakesOverWhenTheLeaseRunsOutAndALateOutcomeChangesNoState()
      throws Exception {
    ManualClock clock = new ManualClock(T0);
    SqlInbox a = open(clock, Duration.ofSeconds(30));
    SqlInbox b = open(clock, Duration.ofMinutes(5));
    for (String eventId : List.of("lease-1", "lease-2", "lease-3")) {
      assertEquals(AppendResult.ACCEPTED, a.append(delivery(eventId)));
    }
    List<Claim> byA = a.claim(10, Duration.ZERO);
    assertEquals(Set.of("lease-1", "lease-2", "lease-3"), eventIds(byA));
    // A is stuck from here on (a long GC pause, a hung handler): it holds the leases.

    assertEquals(List.of(), b.claim(10, Duration.ZERO), "leased to A");
    clock.advance(Duration.ofSeconds(30));
    assertEquals(List.of(), b.claim(10, Duration.ZERO), "leased to A until the lease's end");
    // Each group commit's lease ends a millisecond after the one before (see SqlInbox).
    clock.advance(Duration.ofMillis(3));
    List<Claim> byB = b.claim(10, Duration.ZERO);
    assertEquals(Set.of("lease-1", "lease-2", "lease-3"), eventIds(byB));
    byB.forEach(claim -> assertEquals(2, claim.attempt(), claim.delivery().eventId()));
    assertEquals(List.of(), a.claim(10, Duration.ZERO), "now leased to B");
    clock.advance(Duration.ofSeconds(1));
    Instant handledByB = clock.instant();
    for (Claim claim : byB) {
      b.complete(claim, List.of(ok("B." + HANDLER)));
    }

    // A wakes up and reports: a success, a failure and a no-handler outcome, all too late.
    clock.advance(Duration.ofSeconds(1));
    Map<String, Claim> late = byA.stream()
        .collect(Collectors.toMap(claim -> claim.delivery().eventId(), claim -> claim));
    a.complete(late.get("lease-1"), List.of(ok("A." + HANDLER)));
    a.fail(late.get("lease-2"), List.of(failed("A." + HANDLER, "too late")));
    a.complete(late.get("lease-3"), List.of());
    a.awaitRecorded(); // A's outcomes have reached the database, where they must change nothing
    b.awaitRecorded();

    for (String eventId : List.of("lease-1", "lease-2", "lease-3")) {
      DeliveryRecord record = b.find(eventId).orElseThrow();
      assertEquals(DeliveryStatus.HANDLED, record.status(), eventId);
      assertEquals(2, record.attempts(), eventId);
      assertEquals(handledByB, record.handledAt(), eventId + " handled by B");
      assertNull(record.lastError(), eventId);
    }
    try (Connection connection = PostgresServer.connect(url)) {
      assertEquals(List.of("B." + HANDLER + " 3"), rows(connection, "SELECT succeeded_handlers"
          + " || ' ' || COUNT(*) FROM hooky_deliveries WHERE lease_owner IS NULL"
          + " AND lease_until IS NULL GROUP BY succeeded_handlers"));
    }
    clock.advance(Duration.ofDays(1));
    assertEquals(List.of(), a.claim(10, Duration.ZERO), "A's late failure scheduled no retry");
    assertEquals(List.of(), b.claim(10, Duration.ZERO), "A's late failure scheduled no retry");
    assertEquals(0, b.depth());
  }

  @Test
  void theLateOutcomeOfAnExpiredLeaseAddsNothingToTheHistory() throws Exception {
    ManualClock clock = new ManualClock(T0);
    SqlInbox a = open(clock, Duration.ofSeconds(30));
    SqlInbox b = open(clock, Duration.ofMinutes(5));
    a.append(delivery("late-history"));
    Claim byA = a.claim(1, Duration.ZERO).get(0);
    clock.advance(Duration.ofSeconds(31));
    Claim byB = b.claim(1, Duration.ZERO).get(0);
    b.complete(byB, List.of(ok("B." + HANDLER)));
    b.awaitRecorded();

    a.complete(byA, List.of(ok("A." + HANDLER)));
    a.awaitRecorded();

    assertEquals(List.of("2 B." + HANDLER), history(b.find("late-history").orElseThrow()));
  }

  @Test
  void theLateFailuresOfExpiredLeasesAddNothingToTheHistory() throws Exception {
    ManualClock clock = new ManualClock(T0);
    SqlInbox a = open(clock, Duration.ofSeconds(30));
    SqlInbox b = open(clock, Duration.ofMinutes(5));
    List<String> eventIds = List.of("late-1", "late-2", "late-3");
    for (String eventId : eventIds) {
      a.append(delivery(eventId));
    }
    List<Claim> byA = a.claim(10, Duration.ZERO);
    clock.advance(Duration.ofSeconds(31));
    for (Claim claim : b.claim(10, Duration.ZERO)) {
      b.complete(claim, List.of(ok("B." + HANDLER)));
    }
    b.awaitRecorded();

    // Back to back, so that they likely share one group commit, as a busy worker's would.
    for (Claim claim : byA) {
      a.fail(claim, List.of(ok("A.first(SmsEvent)"), failed("A." + HANDLER, "too late")));
    }
    a.awaitRecorded();

    for (String eventId : eventIds) {
      DeliveryRecord record = b.find(eventId).orElseThrow();
      assertEquals(List.of("2 B." + HANDLER), history(record), eventId);
      assertEquals(DeliveryStatus.HANDLED, record.status(), eventId);
      assertNull(record.lastError(), eventId);
    }
  }

  @Test
  void aDueRetryIsClaimedAlongsideNewDeliveriesNotStarvedByThem() throws Exception {
    ManualClock clock = new ManualClock(T0);
    SqlInbox inbox = open(clock, Duration.ofMinutes(5));
    inbox.append(delivery("retried"));
    inbox.fail(inbox.claim(1, Duration.ZERO).get(0), List.of(failed(HANDLER, "boom")));
    clock.advance(Duration.ofSeconds(5));
    inbox.append(delivery("earlier"));
    clock.advance(Duration.ofSeconds(5)); // the retry falls due now
    inbox.append(delivery("as-due"));

    // Deliveries stored here go to the workers from memory, in arrival order; a due retry waits
    // in the table, which is claimed from at least every 100 ms: it is not starved by new ones.
    List<String> claimed = new java.util.ArrayList<>();
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (claimed.size() < 3 && System.nanoTime() < deadline) {
      inbox.claim(10, Duration.ofMillis(200)).forEach(claim ->
          claimed.add(claim.delivery().eventId()));
    }
    assertEquals(java.util.Set.of("earlier", "retried", "as-due"), java.util.Set.copyOf(claimed));
    assertEquals(3, claimed.size(), "each once");
    assertTrue(claimed.indexOf("earlier") < claimed.indexOf("as-due"), "new ones in order");
  }

  @Test
  void aStaleOutcomeFromTheSameInstanceDoesNotEndItsNewerAttempt() throws Exception {
    ManualClock clock = new ManualClock(T0);
    SqlInbox a = open(clock, Duration.ofSeconds(30));
    a.append(delivery("slow"));
    Claim first = a.claim(1, Duration.ZERO).get(0);
    clock.advance(Duration.ofSeconds(31));
    Claim second = a.claim(1, Duration.ZERO).get(0); // another worker of the same instance
    assertEquals(2, second.attempt());

    a.fail(first, List.of(failed(HANDLER, "gave up late"))); // the first worker, too late

    DeliveryRecord during = a.find("slow").orElseThrow();
    assertEquals(DeliveryStatus.PENDING, during.status(), "attempt 2 still runs");
    assertNull(during.lastError());
    clock.advance(Duration.ofSeconds(10));
    assertEquals(List.of(), a.claim(1, Duration.ZERO), "no third attempt during the second");
    a.complete(second, List.of(ok(HANDLER)));
    assertEquals(DeliveryStatus.HANDLED, a.find("slow").orElseThrow().status());
  }

  @Test
  void theDeliveriesOfAnInstanceThatDiedAreClaimedByAnotherAfterTheLease() throws Exception {
    ManualClock clock = new ManualClock(T0);
    SqlInbox a = open(clock, Duration.ofSeconds(30));
    SqlInbox b = open(clock, Duration.ofSeconds(30));
    int stored = SqlInbox.READY_LIMIT + 8;
    for (int i = 0; i < stored; i++) {
      a.append(delivery(id(i)));
    }
    assertEquals(5, a.claim(5, Duration.ZERO).size());
    // Dies holding the leases of all it meant to hand out from memory: five in its workers'
    // hands, the rest waiting for them. The eight beyond its memory are anyone's.
    a.close();

    List<Claim> right = b.claim(100, Duration.ZERO);
    assertEquals(8, right.size());
    right.forEach(claim -> assertEquals(1, claim.attempt()));
    right.forEach(claim -> b.complete(claim, List.of(ok(HANDLER))));
    clock.advance(Duration.ofSeconds(29));
    assertEquals(List.of(), b.claim(stored, Duration.ZERO), "A's leases still run");
    clock.advance(Duration.ofSeconds(2));
    List<Claim> takenOver = b.claim(stored, Duration.ZERO);
    assertEquals(SqlInbox.READY_LIMIT, takenOver.size());
    takenOver.forEach(claim -> assertEquals(2, claim.attempt()));
    takenOver.forEach(claim -> b.complete(claim, List.of(ok(HANDLER))));
    b.awaitRecorded();
    assertEquals(stored,
        count("SELECT COUNT(*) FROM hooky_deliveries WHERE status = 'handled'"));
  }

  // --- (d) schema migration ---

  @Test
  void openingTheSameDatabaseAgainKeepsItsSchemaAndDeliveries() throws Exception {
    ManualClock clock = new ManualClock(T0);
    SqlInbox first = open(clock, Duration.ofMinutes(5));
    first.append(delivery("kept"));
    first.close(); // with "kept" leased to it, for its workers
    opened.remove(first);
    clock.advance(Duration.ofMinutes(5).plusSeconds(1));

    SqlInbox second = open(clock, Duration.ofMinutes(5));
    SqlInbox third = open(clock, Duration.ofMinutes(5));

    assertEquals("kept", second.claim(1, Duration.ZERO).get(0).delivery().eventId());
    assertTrue(third.find("kept").isPresent());
    assertEquals(List.of("1 " + Schema.VERSION), schemaRows(url));
  }

  @Test
  void instancesStartingTogetherMigrateTheSchemaOnce() throws Exception {
    int instances = 4;
    for (int round = 0; round < 3; round++) {
      String database = PostgresServer.shared().createDatabase();
      ExecutorService threads = Executors.newFixedThreadPool(instances);
      List<Future<SqlInbox>> starting = new ArrayList<>();
      try {
        CountDownLatch go = new CountDownLatch(1);
        for (int i = 0; i < instances; i++) {
          starting.add(threads.submit(() -> {
            go.await();
            return SqlInboxes.postgres(database, settings(Clock.systemUTC(), Duration.ofMinutes(5)));
          }));
        }
        go.countDown();
        List<Throwable> failures = new ArrayList<>();
        for (Future<SqlInbox> start : starting) {
          try {
            opened.add(start.get(30, TimeUnit.SECONDS));
          } catch (ExecutionException e) {
            failures.add(e.getCause());
          }
        }
        assertEquals(List.of(), failures.stream().map(Throwable::toString)
            .collect(Collectors.toList()), "round " + round);
      } finally {
        threads.shutdownNow();
      }
      assertEquals(List.of("1 " + Schema.VERSION), schemaRows(database), "round " + round);
      SqlInbox any = opened.get(opened.size() - 1);
      assertEquals(AppendResult.ACCEPTED, any.append(delivery("after-migration")));
      assertEquals(AppendResult.DUPLICATE,
          opened.get(opened.size() - instances).append(delivery("after-migration")));
    }
  }

  @Test
  void aSchemaNewerThanThisHookyIsRefusedAtOpen() throws Exception {
    open(Clock.systemUTC(), Duration.ofMinutes(5)).close();
    opened.clear();
    try (Connection connection = PostgresServer.connect(url);
        Statement statement = connection.createStatement()) {
      statement.executeUpdate("UPDATE hooky_schema SET version = " + (Schema.VERSION + 1));
    }

    IllegalStateException refused = assertThrows(IllegalStateException.class,
        () -> open(Clock.systemUTC(), Duration.ofMinutes(5)));

    assertTrue(refused.getMessage().contains(
        "version " + (Schema.VERSION + 1) + ", newer than this Hooky knows"),
        refused.getMessage());
    awaitNoPoolThreads(); // the refused inbox's pool is closed, not left running
  }

  /** Waits until no thread of an inbox's pool ("hooky-inbox:housekeeper" and so on) is left. */
  private static void awaitNoPoolThreads() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    List<String> left;
    do {
      left = Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
          .filter(name -> name.startsWith("hooky-inbox:")).toList();
      if (left.isEmpty()) {
        return;
      }
      Thread.sleep(20);
    } while (System.nanoTime() < deadline);
    throw new AssertionError("pool threads left running: " + left);
  }

  // --- (e) failing fast at open ---

  @Test
  void anUnreachableServerFailsFastAtOpenNamingTheUrlWithoutItsQuery() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    String base = "jdbc:postgresql://127.0.0.1:" + closedPort + "/hooky";

    IllegalStateException failure = openFails(base + "?user=hooky&password=s3cret-pw");

    assertTrue(failure.getMessage().contains(base), failure.getMessage());
  }

  @Test
  void aMissingDatabaseFailsAtOpenNamingTheUrlWithoutItsQuery() {
    String missing = PostgresServer.withDatabase(url, "hooky_no_such_database");
    String base = missing.substring(0, missing.indexOf('?'));

    IllegalStateException failure = openFails(missing + "&password=s3cret-pw");

    assertTrue(failure.getMessage().contains(base), failure.getMessage());
    assertTrue(failure.getMessage().contains("hooky_no_such_database"), failure.getMessage());
  }

  @Test
  void aMalformedUrlFailsAtOpenNamingItWithoutItsQuery() {
    IllegalStateException failure =
        openFails("jdbc:postgresql://127.0.0.1:notaport/hooky?password=s3cret-pw");

    assertTrue(failure.getMessage().contains("jdbc:postgresql://127.0.0.1:notaport/hooky"),
        failure.getMessage());
  }

  /** Opens {@code jdbcUrl}, which must fail within seconds without showing its password. */
  private IllegalStateException openFails(String jdbcUrl) {
    long started = System.nanoTime();
    IllegalStateException failure = assertThrows(IllegalStateException.class,
        () -> opened.add(SqlInboxes.postgres(jdbcUrl,
            settings(Clock.systemUTC(), Duration.ofMinutes(5)))));
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    assertTrue(took.compareTo(Duration.ofSeconds(10)) < 0, "took " + took);
    assertFalse(failure.getMessage().contains("s3cret-pw"), failure.getMessage());
    return failure;
  }

  // --- helpers ---

  private SqlInbox open(Clock clock, Duration lease) {
    SqlInbox inbox = SqlInboxes.postgres(url, settings(clock, lease));
    opened.add(inbox);
    return inbox;
  }

  private static SqlInboxes.Settings settings(Clock clock, Duration lease) {
    return new SqlInboxes.Settings(PARSER, POLICY, clock, lease);
  }

  private static String id(int i) {
    return String.format("evt-%05d", i);
  }

  private static InboundDelivery delivery(String eventId) {
    return Deliveries.sms(eventId, T0);
  }

  private static HandlerOutcome ok(String handler) {
    return new HandlerOutcome(handler, Duration.ofMillis(3), null);
  }

  private static HandlerOutcome failed(String handler, String error) {
    return new HandlerOutcome(handler, Duration.ofMillis(3), error);
  }

  private static Set<String> eventIds(List<Claim> claims) {
    return claims.stream().map(claim -> claim.delivery().eventId()).collect(Collectors.toSet());
  }

  /** "attempt handler" for each entry of the record's history. */
  private static List<String> history(DeliveryRecord record) {
    return record.history().stream().map(entry -> entry.attempt() + " " + entry.handler())
        .collect(Collectors.toList());
  }

  private long count(String sql) throws SQLException {
    try (Connection connection = PostgresServer.connect(url)) {
      return Long.parseLong(rows(connection, sql).get(0));
    }
  }

  /** "rows version" of hooky_schema. */
  private static List<String> schemaRows(String jdbcUrl) throws SQLException {
    try (Connection connection = PostgresServer.connect(jdbcUrl)) {
      return rows(connection, "SELECT COUNT(*) || ' ' || MAX(version) FROM hooky_schema");
    }
  }

  /** The first column of each row, as text. */
  private static List<String> rows(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      List<String> rows = new ArrayList<>();
      while (result.next()) {
        rows.add(result.getString(1));
      }
      return rows;
    }
  }
}
