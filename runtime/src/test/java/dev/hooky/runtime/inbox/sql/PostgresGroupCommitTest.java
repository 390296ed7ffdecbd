package dev.hooky.runtime.inbox.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hooky.runtime.inbox.AppendResult;
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
import dev.hooky.runtime.testing.StandardErrorCapture;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The PostgreSQL inbox's group commit: what one costs in round trips, and the deliveries it
 * hands to the workers from memory, which stay exactly-once among instances and are taken over
 * after their lease like any claim.
 */
class PostgresGroupCommitTest {
  private static final Instant T0 = Instant.parse("2026-12-06T12:00:00Z");
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
    opened.forEach(SqlInbox::close);
  }

  @Test
  void aGroupCommitOfAppendsClaimsAndOutcomesIsOneRoundTripAndItsCommit() throws Exception {
    CountingDataSource counted = new CountingDataSource(url);
    SqlInbox inbox = open(counted.proxy(), Clock.systemUTC(), Duration.ofMinutes(5));
    int events = 600;
    int appenders = 12;
    AtomicInteger handled = new AtomicInteger();
    AtomicBoolean stop = new AtomicBoolean();
    ExecutorService threads = Executors.newFixedThreadPool(appenders + 2);
    try {
      List<Future<?>> work = new ArrayList<>();
      for (int w = 0; w < 2; w++) {
        work.add(threads.submit(() -> {
          while (!stop.get()) {
            for (Claim claim : inbox.claim(16, Duration.ofMillis(50))) {
              inbox.complete(claim, List.of(ok(HANDLER)));
              handled.incrementAndGet();
            }
          }
          return null;
        }));
      }
      List<Future<?>> appends = new ArrayList<>();
      for (int t = 0; t < appenders; t++) {
        int thread = t;
        appends.add(threads.submit(() -> {
          for (int i = thread; i < events; i += appenders) {
            assertEquals(AppendResult.ACCEPTED, appendAsASenderWould(inbox, delivery(id(i))));
          }
          return null;
        }));
      }
      for (Future<?> append : appends) {
        append.get(60, TimeUnit.SECONDS);
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (handled.get() < events && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      stop.set(true);
      for (Future<?> worker : work) {
        worker.get(10, TimeUnit.SECONDS);
      }
    } finally {
      stop.set(true);
      threads.shutdownNow();
    }
    inbox.awaitRecorded();
    inbox.close();
    counted.close();
    assertEquals(events, handled.get(), "handled");

    List<List<String>> carryingInserts = new ArrayList<>();
    for (List<String> transaction : counted.transactions) {
      if (transaction.stream().anyMatch(sql -> sql.contains("INSERT INTO hooky_deliveries"))) {
        carryingInserts.add(transaction);
      }
    }
    assertTrue(carryingInserts.size() < events / 2,
        "appends shared group commits: " + carryingInserts.size() + " for " + events);
    for (List<String> transaction : carryingInserts) {
      assertEquals(1, transaction.size(),
          "one round trip before the commit, whatever the group commit holds: " + transaction);
    }
  }

  @Test
  void aDeliveryWaitingInMemoryIsLeasedByItsInsertSoNoOtherInstanceClaimsIt() throws Exception {
    SqlInbox a = open(Clock.systemUTC(), Duration.ofMinutes(5));
    SqlInbox b = open(Clock.systemUTC(), Duration.ofMinutes(5));
    assertEquals(AppendResult.ACCEPTED, a.append(delivery("both-want-it")));

    assertEquals(List.of(), b.claim(10, Duration.ZERO), "leased to A, which holds it in memory");
    List<Claim> byA = a.claim(10, Duration.ZERO);
    assertEquals(List.of("both-want-it"), ids(byA));
    assertEquals(1, byA.get(0).attempt());
    a.complete(byA.get(0), List.of(ok(HANDLER)));
    a.awaitRecorded();
    assertEquals(List.of(), b.claim(10, Duration.ZERO), "handled by A");
    DeliveryRecord handled = b.find("both-want-it").orElseThrow();
    assertEquals(DeliveryStatus.HANDLED, handled.status());
    assertEquals(1, handled.attempts());
  }

  @Test
  void anOutcomeWarnsOfALostLeaseOnlyWhenItsLeaseWasLost() throws Exception {
    ManualClock clock = new ManualClock(T0);
    SqlInbox a = open(clock, Duration.ofMinutes(1));
    SqlInbox b = open(clock, Duration.ofMinutes(1));
    a.append(delivery("kept"));
    a.append(delivery("lost"));
    List<Claim> byA = a.claim(10, Duration.ZERO);
    assertEquals(List.of("kept", "lost"), ids(byA));

    try (StandardErrorCapture log = new StandardErrorCapture()) {
      a.complete(byA.get(0), List.of(ok(HANDLER)));
      a.awaitRecorded();
      assertEquals(0, log.linesContaining("ran out before its handlers finished"),
          "recorded within its lease");

      clock.advance(Duration.ofMinutes(2));
      assertEquals(List.of("lost"), ids(b.claim(10, Duration.ZERO)), "taken over after its lease");
      a.complete(byA.get(1), List.of(ok(HANDLER)));
      a.awaitRecorded();
      assertEquals(1, log.linesContaining("The lease on sms_delivered lost ran out"));
    }
    assertEquals(DeliveryStatus.HANDLED, a.find("kept").orElseThrow().status());
    DeliveryRecord lost = a.find("lost").orElseThrow();
    assertEquals(2, lost.attempts(), "B's attempt holds it");
    assertEquals(DeliveryStatus.PENDING, lost.status(), "A's late outcome changed nothing");
  }

  @Test
  void aDeliveryLeftInMemoryForHalfItsLeaseIsNotStartedButClaimedFromTheTableAfterTheLease()
      throws Exception {
    ManualClock clock = new ManualClock(T0);
    SqlInbox a = open(clock, Duration.ofSeconds(30));
    a.append(delivery("late"));
    clock.advance(Duration.ofSeconds(16));

    assertEquals(List.of(), a.claim(10, Duration.ZERO),
        "too near its lease's end to start a handler on");
    clock.advance(Duration.ofSeconds(15));
    List<Claim> again = a.claim(10, Duration.ZERO);
    assertEquals(List.of("late"), ids(again));
    assertEquals(2, again.get(0).attempt(), "the lease of its first attempt ran out");
  }

  @Test
  void aDeliveryTakenFromMemoryIsLeasedAndTakenOverAfterTheLeaseWhenItsInstanceDies()
      throws Exception {
    ManualClock clock = new ManualClock(T0);
    SqlInbox a = open(clock, Duration.ofSeconds(30));
    SqlInbox b = open(clock, Duration.ofSeconds(30));
    a.append(delivery("taken"));
    List<Claim> byA = a.claim(10, Duration.ZERO);
    assertEquals(List.of("taken"), ids(byA));
    assertEquals(1, byA.get(0).attempt());
    a.close(); // dies with the delivery in a worker's hands

    assertEquals(List.of(), b.claim(10, Duration.ZERO), "leased to A");
    clock.advance(Duration.ofSeconds(31));
    List<Claim> byB = b.claim(10, Duration.ZERO);
    assertEquals(List.of("taken"), ids(byB));
    assertEquals(2, byB.get(0).attempt());
  }

  @Test
  void anEventIdTwiceInOneGroupCommitIsAcceptedOnceAndHandedOutOnce() throws Exception {
    SqlInbox inbox = open(Clock.systemUTC(), Duration.ofMinutes(5));
    int copies = 16;
    ExecutorService threads = Executors.newFixedThreadPool(copies);
    List<Future<AppendResult>> results = new ArrayList<>();
    try {
      for (int i = 0; i < copies; i++) {
        results.add(threads.submit(() -> inbox.append(delivery("twice"))));
      }
      int accepted = 0;
      for (Future<AppendResult> result : results) {
        accepted += result.get(30, TimeUnit.SECONDS) == AppendResult.ACCEPTED ? 1 : 0;
      }
      assertEquals(1, accepted);
    } finally {
      threads.shutdownNow();
    }
    assertEquals(List.of("twice"), ids(inbox.claim(10, Duration.ZERO)));
    assertEquals(List.of(), inbox.claim(10, Duration.ZERO));
  }

  @Test
  void rowsLeasedByACommitInDoubtGoToTheWorkersWithoutWaitingForTheirLease() throws Exception {
    CommitsInDoubt commits = new CommitsInDoubt(url);
    SqlInbox inbox = open(commits.proxy(), Clock.systemUTC(), Duration.ofMinutes(5));
    // The insert commits, but the connection dies before saying so, and the server cannot be
    // asked for a while: the row is stored and leased to this instance (to go to a worker from
    // memory), and no worker has it.
    commits.loseTheNextCommitsAnswer();
    try {
      inbox.append(delivery("in-doubt"));
    } catch (InboxStorageException e) {
      // The sender is answered 503 and sends again; the event is stored all the same.
    }
    List<Claim> claimed = List.of();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (claimed.isEmpty() && System.nanoTime() < deadline) {
      try {
        claimed = inbox.claim(10, Duration.ofMillis(100));
      } catch (InboxStorageException e) {
        // The fault, until the inbox tries again.
      }
    }
    assertTrue(commits.lost.get(), "a commit's answer was lost");
    assertEquals(List.of("in-doubt"), ids(claimed), "handed out again, not after 5 minutes");
  }

  @Test
  void aCommitInDoubtGivesUpOnlyItsOwnLeasesEvenWithinOneMillisecond() throws Exception {
    ManualClock clock = new ManualClock(T0); // every group commit at the same instant
    CommitsInDoubt commits = new CommitsInDoubt(url);
    SqlInbox a = open(commits.proxy(), clock, Duration.ofMinutes(5));
    SqlInbox b = open(clock, Duration.ofMinutes(5));
    assertEquals(AppendResult.ACCEPTED, a.append(delivery("held-by-a"))); // for A's workers
    commits.loseTheNextCommitsAnswer();
    try {
      a.append(delivery("in-doubt"));
    } catch (InboxStorageException e) {
      // Answered 503; stored all the same.
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (true) { // A's next group commit gives up the leases in doubt
      try {
        a.append(delivery("after"));
        break;
      } catch (InboxStorageException e) {
        assertTrue(System.nanoTime() < deadline, "the fault never healed");
        Thread.sleep(50);
      }
    }

    List<String> byB = ids(b.claim(10, Duration.ZERO));

    assertTrue(commits.lost.get(), "a commit's answer was lost");
    assertTrue(byB.contains("in-doubt"), "its lease given up: " + byB);
    assertFalse(byB.contains("held-by-a"), "still leased to A, whose worker will take it");
  }

  @Test
  void aClaimWhoseCommitFailedAndWasTriedAgainHandsOutEachRowOnce() throws Exception {
    CommitsInDoubt commits = new CommitsInDoubt(url);
    SqlInbox a = open(commits.proxy(), Clock.systemUTC(), Duration.ofMinutes(5));
    SqlInbox b = open(Clock.systemUTC(), Duration.ofMillis(1));
    b.append(delivery("due")); // B's lease ends at once: for A's claim from the table
    Thread.sleep(10);
    commits.abortTheNextCommit();

    List<Claim> claimed = a.claim(10, Duration.ZERO); // its commit fails, then works at once

    assertEquals(List.of("due"), ids(claimed), "once, though the claim's statement ran twice");
  }

  @Test
  void leasesTakenEarlierInATransactionAreKeptWhenAnotherWriteSplitsItsGroupCommits()
      throws Exception {
    HeldConnections held = new HeldConnections(url);
    SqlInbox a = open(held.proxy(), Clock.systemUTC(), Duration.ofMinutes(5));
    SqlInbox b = open(Clock.systemUTC(), Duration.ofMinutes(5));
    ExecutorService threads = Executors.newFixedThreadPool(4);
    try {
      // The writer waits for a connection with one append; three more writes queue behind it
      // and commit together: an append, a read's wait for the writes before it (not part of a
      // group commit, so it splits the batch in two), another append.
      held.holdTheNext();
      Future<AppendResult> blocker = threads.submit(() -> a.append(delivery("blocker")));
      held.awaitHeld();
      Future<AppendResult> first = threads.submit(() -> a.append(delivery("split-1")));
      awaitQueued(a, 2);
      Future<?> barrier = threads.submit(() -> {
        a.awaitRecorded();
        return null;
      });
      awaitQueued(a, 3);
      Future<AppendResult> second = threads.submit(() -> a.append(delivery("split-2")));
      awaitQueued(a, 4);
      held.release();
      for (Future<AppendResult> append : List.of(blocker, first, second)) {
        assertEquals(AppendResult.ACCEPTED, append.get(30, TimeUnit.SECONDS));
      }
      barrier.get(30, TimeUnit.SECONDS);
    } finally {
      held.release();
      threads.shutdownNow();
    }

    assertEquals(List.of(), b.claim(10, Duration.ZERO), "all three leased to A, for its workers");
    List<Claim> byA = a.claim(10, Duration.ZERO);
    assertEquals(List.of("blocker", "split-1", "split-2"), ids(byA));
    byA.forEach(claim -> assertEquals(1, claim.attempt(), claim.delivery().eventId()));
  }

  @Test
  void aTableClaimAndAppendsQueuedTogetherCommitAsOneTransaction() throws Exception {
    HeldConnections held = new HeldConnections(url);
    SqlInbox a = open(held.proxy(), Clock.systemUTC(), Duration.ofMinutes(5));
    assertEquals(List.of(), a.claim(10, Duration.ZERO), "the start-up claim: nothing yet");
    SqlInbox b = open(Clock.systemUTC(), Duration.ofMillis(1));
    b.append(delivery("waiting-in-the-table")); // B's lease ends at once: for any table claim
    Thread.sleep(10);
    ExecutorService threads = Executors.newFixedThreadPool(4);
    try {
      held.holdTheNext();
      Future<AppendResult> blocker = threads.submit(() -> a.append(delivery("blocker")));
      held.awaitHeld();
      Future<List<Claim>> claim = threads.submit(() -> a.claim(10, Duration.ZERO));
      awaitQueued(a, 2);
      Future<AppendResult> first = threads.submit(() -> a.append(delivery("together-1")));
      Future<AppendResult> second = threads.submit(() -> a.append(delivery("together-2")));
      awaitQueued(a, 4);
      int before = held.lent.get();

      held.release();

      assertEquals(AppendResult.ACCEPTED, blocker.get(30, TimeUnit.SECONDS));
      assertEquals(AppendResult.ACCEPTED, first.get(30, TimeUnit.SECONDS));
      assertEquals(AppendResult.ACCEPTED, second.get(30, TimeUnit.SECONDS));
      List<String> claimed = ids(claim.get(30, TimeUnit.SECONDS));
      assertTrue(claimed.contains("waiting-in-the-table"), claimed.toString());
      assertEquals(2, held.lent.get() - before,
          "the held append's transaction, then the claim and both appends in one");
    } finally {
      held.release();
      threads.shutdownNow();
    }
  }

  @Test
  void aGroupCommitOfMoreAppendsThanMemoryHoldsLeavesTheRestToAnyInstance() throws Exception {
    HeldConnections held = new HeldConnections(url);
    SqlInbox a = open(held.proxy(), Clock.systemUTC(), Duration.ofMinutes(5));
    SqlInbox b = open(Clock.systemUTC(), Duration.ofMinutes(5));
    int appends = SqlInbox.READY_LIMIT + 4;
    ExecutorService threads = Executors.newFixedThreadPool(appends + 1);
    try {
      held.holdTheNext();
      Future<AppendResult> blocker = threads.submit(() -> a.append(delivery("blocker")));
      held.awaitHeld();
      List<Future<AppendResult>> together = new ArrayList<>();
      for (int i = 0; i < appends; i++) {
        String id = String.format("many-%02d", i);
        together.add(threads.submit(() -> a.append(delivery(id))));
      }
      awaitQueued(a, appends + 1);
      held.release();
      assertEquals(AppendResult.ACCEPTED, blocker.get(30, TimeUnit.SECONDS));
      for (Future<AppendResult> append : together) {
        assertEquals(AppendResult.ACCEPTED, append.get(30, TimeUnit.SECONDS));
      }
    } finally {
      held.release();
      threads.shutdownNow();
    }

    List<String> byB = ids(b.claim(100, Duration.ZERO));
    // A holds READY_LIMIT in memory for its workers, the blocker among them; B may claim the rest.
    assertEquals(appends + 1 - SqlInbox.READY_LIMIT, byB.size(), byB.toString());
  }

  // --- helpers ---

  private static void awaitQueued(SqlInbox inbox, int writes) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (inbox.outstandingWrites() < writes && System.nanoTime() < deadline) {
      Thread.sleep(1);
    }
    assertEquals(writes, inbox.outstandingWrites(), "writes queued");
  }

  /** A data source whose next connection, once asked to, waits until released. */
  private static final class HeldConnections {
    private final PGSimpleDataSource target = new PGSimpleDataSource();
    private final AtomicBoolean armed = new AtomicBoolean();
    private final java.util.concurrent.CountDownLatch held =
        new java.util.concurrent.CountDownLatch(1);
    private final java.util.concurrent.CountDownLatch released =
        new java.util.concurrent.CountDownLatch(1);
    /** Connections lent: one per transaction of the writer, one per read. */
    final AtomicInteger lent = new AtomicInteger();

    HeldConnections(String url) {
      target.setURL(url);
    }

    void holdTheNext() {
      armed.set(true);
    }

    void awaitHeld() throws InterruptedException {
      assertTrue(held.await(10, TimeUnit.SECONDS), "the writer asked for a connection");
    }

    void release() {
      released.countDown();
    }

    DataSource proxy() {
      return (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(),
          new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
            if (method.getName().equals("getConnection") && armed.compareAndSet(true, false)) {
              held.countDown();
              released.await(30, TimeUnit.SECONDS);
            }
            if (method.getName().equals("getConnection")) {
              lent.incrementAndGet();
            }
            return CountingDataSource.invoke(target, method, args);
          });
    }
  }

  /**
   * Appends, sending again while the inbox is overloaded (a loaded machine's first seconds can
   * put the writer behind its budget): shedding is not what these tests are about.
   */
  private static AppendResult appendAsASenderWould(SqlInbox inbox, InboundDelivery delivery)
      throws InterruptedException {
    while (true) {
      try {
        return inbox.append(delivery);
      } catch (InboxOverloadedException e) {
        Thread.sleep(100);
      }
    }
  }

  private SqlInbox open(DataSource dataSource, Clock clock, Duration lease) {
    SqlInbox inbox = SqlInboxes.postgres(dataSource, settings(clock, lease));
    opened.add(inbox);
    return inbox;
  }

  private SqlInbox open(Clock clock, Duration lease) {
    SqlInbox inbox = SqlInboxes.postgres(url, settings(clock, lease));
    opened.add(inbox);
    return inbox;
  }

  private static SqlInboxes.Settings settings(Clock clock, Duration lease) {
    return new SqlInboxes.Settings(PARSER, POLICY, clock, lease);
  }

  private static String id(int i) {
    return String.format("gc-%05d", i);
  }

  private static List<String> ids(List<Claim> claims) {
    List<String> ids = new ArrayList<>();
    claims.forEach(claim -> ids.add(claim.delivery().eventId()));
    return ids;
  }

  private static InboundDelivery delivery(String eventId) {
    return Deliveries.sms(eventId, T0);
  }

  private static HandlerOutcome ok(String handler) {
    return new HandlerOutcome(handler, Duration.ofMillis(3), null);
  }

  /**
   * A data source whose next commit, once asked, happens but answers as a dropped connection
   * would; for 300 ms after, no connection can be had, so that whether it happened cannot be
   * told.
   */
  private static final class CommitsInDoubt {
    final AtomicBoolean lost = new AtomicBoolean();
    private final AtomicBoolean armed = new AtomicBoolean();
    private final AtomicBoolean abortArmed = new AtomicBoolean();
    private volatile long refusedUntil;
    private final PGSimpleDataSource target = new PGSimpleDataSource();

    CommitsInDoubt(String url) {
      target.setURL(url);
    }

    void loseTheNextCommitsAnswer() {
      armed.set(true);
    }

    /** The next commit fails before it happens, as when the server ends the session. */
    void abortTheNextCommit() {
      abortArmed.set(true);
    }

    DataSource proxy() {
      return (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(),
          new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
            if (method.getName().equals("getConnection")) {
              if (System.nanoTime() - refusedUntil < 0) {
                throw new SQLTransientConnectionException("the server is away", "08001");
              }
              return connection(target.getConnection());
            }
            return CountingDataSource.invoke(target, method, args);
          });
    }

    private Connection connection(Connection connection) {
      return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(),
          new Class<?>[] {Connection.class}, (proxy, method, args) -> {
            if (method.getName().equals("commit") && abortArmed.compareAndSet(true, false)) {
              connection.close(); // the server rolls the transaction back
              throw new SQLException("An I/O error occurred while sending to the backend.",
                  "08006");
            }
            Object result = CountingDataSource.invoke(connection, method, args);
            if (method.getName().equals("commit") && armed.compareAndSet(true, false)) {
              refusedUntil = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300);
              lost.set(true);
              connection.close();
              throw new SQLException("An I/O error occurred while sending to the backend.",
                  "08006");
            }
            return result;
          });
    }
  }

  /**
   * A data source whose connections record, for each transaction they commit, the statements it
   * executed (each execution is a round trip). Closed connections are kept for reuse, as a pool
   * would, so that opening connections does not slow the writer.
   */
  private static final class CountingDataSource {
    final List<List<String>> transactions = Collections.synchronizedList(new ArrayList<>());
    private final PGSimpleDataSource target = new PGSimpleDataSource();
    private final Queue<Connection> idle = new ConcurrentLinkedQueue<>();

    CountingDataSource(String url) {
      target.setURL(url);
    }

    DataSource proxy() {
      return (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(),
          new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
            if (method.getName().equals("getConnection")) {
              Connection reused = idle.poll();
              return connection(reused != null ? reused : target.getConnection());
            }
            return invoke(target, method, args);
          });
    }

    void close() throws SQLException {
      for (Connection connection; (connection = idle.poll()) != null; ) {
        connection.close();
      }
    }

    private Connection connection(Connection connection) {
      List<String> executed = new ArrayList<>();
      return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(),
          new Class<?>[] {Connection.class}, (proxy, method, args) -> {
            String name = method.getName();
            if (name.equals("commit")) {
              if (!connection.getAutoCommit()) {
                transactions.add(new ArrayList<>(executed));
              }
              executed.clear();
            } else if (name.equals("rollback")) {
              executed.clear();
            } else if (name.equals("close")) {
              idle.add(connection);
              return null;
            }
            Object result = invoke(connection, method, args);
            if (name.equals("prepareStatement")) {
              return statement(PreparedStatement.class, result, (String) args[0], executed);
            }
            if (name.equals("createStatement")) {
              return statement(Statement.class, result, null, executed);
            }
            return result;
          });
    }

    private static Object statement(Class<?> type, Object statement, String sql,
        List<String> executed) {
      InvocationHandler handler = (proxy, method, args) -> {
        if (method.getName().startsWith("execute")) {
          executed.add(sql != null ? sql : String.valueOf(args == null ? null : args[0]));
        }
        return invoke(statement, method, args);
      };
      return Proxy.newProxyInstance(PostgresGroupCommitTest.class.getClassLoader(),
          new Class<?>[] {type}, handler);
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
      try {
        return method.invoke(target, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    }
  }
}
