package dev.hooky.runtime.inbox.sql;

import dev.hooky.runtime.inbox.AppendResult;
import dev.hooky.runtime.inbox.AttemptRecord;
import dev.hooky.runtime.inbox.Claim;
import dev.hooky.runtime.inbox.DeliveryQuery;
import dev.hooky.runtime.inbox.DeliveryRecord;
import dev.hooky.runtime.inbox.DeliveryStatus;
import dev.hooky.runtime.inbox.HandlerOutcome;
import dev.hooky.runtime.inbox.Inbox;
import dev.hooky.runtime.inbox.InboundDelivery;
import dev.hooky.runtime.inbox.InboxHealth;
import dev.hooky.runtime.inbox.InboxQueries;
import dev.hooky.runtime.inbox.Quarantine;
import dev.hooky.runtime.inbox.RetryPolicy;
import dev.hooky.runtime.inbox.StoredText;
import dev.hooky.runtime.parse.EventParser;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A durable inbox in a SQL database: SQLite (one process) or PostgreSQL (several instances
 * sharing one database). A delivery is committed before {@link #append} returns; writes from many
 * threads share transactions (group commit). PostgreSQL: claims lease rows to this instance for a
 * while; a lease that runs out, because its holder died, makes the row due again for any
 * instance. SQLite: one process owns the file, so a stored delivery goes to the workers from
 * memory and only its outcome is written (see {@link #claim}).
 *
 * <p>The raw body is stored as bytes ({@code BLOB}, {@code BYTEA}); the text columns taken from
 * it are {@linkplain StoredText cleaned} of what a database refuses, so that no content of an
 * authentic body can make its insert fail.
 */
public final class SqlInbox implements Inbox {
  private static final Logger log = LoggerFactory.getLogger(SqlInbox.class);
  /** Quarantined rows parsed again per read: their bodies may be as large as the body limit. */
  private static final int REPLAY_PAGE = 8;
  /** How often a waiting claim looks again for retries falling due and other instances' rows. */
  private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  private final SqlDialect dialect;
  private final WriteBatcher writes;
  private final SqlDeliveryReader reader;
  /** PostgreSQL: analyses a new table once it holds enough rows; null for SQLite. */
  private final FirstStatistics firstStatistics;
  private final EventParser parser;
  private final RetryPolicy retryPolicy;
  private final Clock clock;
  private final Duration lease;
  private final String description;
  private final AutoCloseable resources;
  private final String owner = UUID.randomUUID().toString();
  /** Guards {@link #ready}; claimers wait on it. */
  private final Object arrivals = new Object();
  /**
   * SQLite: one process owns the file (a lock enforces it), so claims are handed out from memory
   * and only outcomes are written (see {@link #claim}).
   */
  private final boolean local;
  /** Deliveries handed out from memory, not yet taken by a worker; oldest first. */
  private final ArrayDeque<Ready> ready = new ArrayDeque<>();

  /**
   * A delivery waiting in memory for a worker, with the end of the lease its insert took
   * (PostgreSQL; SQLite leases nothing: {@code Long.MAX_VALUE}).
   */
  private record Ready(Claim claim, long leaseUntil) {}

  /**
   * Local: the rows waiting in {@link #ready} or taken by a worker whose outcome has not yet
   * committed, with their replay count when handed out (a replay meanwhile voids the outcome).
   * Scans of the table skip them. Held on the writer's thread, so that a scan (a write) sees
   * them as of its place in the queue; released once the row's outcome is known.
   */
  private final Map<Long, Integer> held = new ConcurrentHashMap<>();
  /** Local: how far each worker's handling runs ahead of its outcomes' commits. */
  private final OutcomeRunAhead runAhead = new OutcomeRunAhead(RUN_AHEAD);
  /** Local: whether rows may wait in the table that are not handed out (start-up: yes). */
  private volatile boolean scanWanted = true;
  /** When the earliest retry known falls due (clock millis). */
  private final AtomicLong nextRetryAt = new AtomicLong(Long.MAX_VALUE);
  /** PostgreSQL: when the earliest lease known of this instance runs out (clock millis). */
  private final AtomicLong nextLeaseEndAt = new AtomicLong(Long.MAX_VALUE);
  /** When the table was last scanned (SQLite) or claimed from (PostgreSQL). */
  private volatile long lastScanNanos = System.nanoTime();
  /**
   * PostgreSQL: the lease ends of group commits that leased rows (inserts handing out, table
   * claims) and have not been seen to commit: a commit that fails in doubt (the connection died
   * during it, and the server cannot be asked whether it happened) may have leased rows that no
   * worker got, which would wait for their lease (minutes) otherwise. The next transaction gives
   * up this instance's leases with those ends; each end maps to the transaction that leased
   * with it, because one transaction may run several group commits (a write that is not part
   * of one splits them), and must not give up its own. Writer thread only.
   */
  private final Map<Long, Long> leasesInDoubt = new HashMap<>();
  /** PostgreSQL: the running transaction's number (see PostgresTransactions); writer thread. */
  private final LongSupplier transaction;
  /** PostgreSQL: the last group commit's lease end; writer thread only. */
  private long lastLeaseUntil;
  /** PostgreSQL: runs an action once the running group commit has committed. */
  private final Consumer<Runnable> afterCommit;
  /** PostgreSQL: when deliveries waiting in memory last served a claim. */
  private volatile long lastHandOutNanos = System.nanoTime() - 2 * POLL_NANOS;
  /**
   * PostgreSQL: tells the transaction the id its hot statements read, or -1 after any other
   * statement (see PostgresTransactions).
   */
  private final LongConsumer transactionIds;

  SqlInbox(SqlDialect dialect, WriteBatcher.Transactions transactions, ReadConnections reads,
      EventParser parser, RetryPolicy retryPolicy, Clock clock, Duration lease,
      String description, AutoCloseable resources) {
    this.dialect = dialect;
    this.writes = new WriteBatcher(transactions, "hooky-inbox-writer",
        new WriteHealth(description));
    // Outcomes are recorded without waiting (see complete): a read must wait for them.
    this.reader = new SqlDeliveryReader(reads, writes::awaitSubmitted);
    this.firstStatistics = dialect == SqlDialect.POSTGRESQL ? new FirstStatistics(reads) : null;
    this.parser = parser;
    this.retryPolicy = retryPolicy;
    this.clock = clock;
    this.lease = lease;
    this.description = description;
    this.resources = resources;
    this.local = dialect == SqlDialect.SQLITE;
    if (transactions instanceof PostgresTransactions) {
      PostgresTransactions postgres = (PostgresTransactions) transactions;
      this.afterCommit = postgres::afterCommit;
      this.transaction = postgres::transaction;
      this.transactionIds = id -> {
        if (id < 0) {
          postgres.unknown();
        } else {
          postgres.seen(id);
        }
      };
    } else {
      this.transactionIds = id -> { };
      this.afterCommit = Runnable::run;
      this.transaction = () -> 0;
    }
  }

  /**
   * {@inheritDoc}
   *
   * @throws InboxOverloadedException when the writer is further behind than its budget
   */
  @Override
  public AppendResult append(InboundDelivery delivery) {
    try {
      return appendAsync(delivery).join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException) {
        throw (RuntimeException) e.getCause();
      }
      throw e;
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>The insert joins the next group commit (PostgreSQL: one statement with the other inserts
   * of that commit); the future completes on the writer's thread once it has committed, so no
   * request thread waits for the fsync. When the writer is further behind than its budget (2 s),
   * the future fails at once with {@link InboxOverloadedException}.
   */
  @Override
  public CompletableFuture<AppendResult> appendAsync(InboundDelivery delivery) {
    CompletableFuture<AppendResult> result = new CompletableFuture<>();
    Insert insert = local ? new LocalInsert(delivery, clock.millis())
        : new Insert(delivery, clock.millis());
    writes.submitSheddable(insert).whenComplete((inserted, failure) -> {
      insert.committed(failure == null && inserted > 0);
      if (failure == null) {
        try {
          result.complete(appended(delivery, inserted));
        } catch (RuntimeException e) {
          result.completeExceptionally(e);
        }
      } else if (failure instanceof WriteBatcher.Overloaded) {
        result.completeExceptionally(new InboxOverloadedException(failure.getMessage(), failure));
      } else {
        result.completeExceptionally(failure instanceof SQLException
            ? new InboxStorageException("inbox write failed: " + failure.getMessage(), failure)
            : failure);
      }
    });
    return result;
  }

  private static final String INSERT_SQL = "INSERT INTO hooky_deliveries (event_id, event_name,"
      + " customer_id, received_at, headers, body, status, next_attempt_at, delivery_id,"
      + " customer_email, last_error, attempts) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
      + " ON CONFLICT (event_id) DO NOTHING";

  /**
   * PostgreSQL: the inserts, table claims and outcomes of one group commit, together in one
   * round trip (see {@link PostgresBatches}): each kind in one statement, except table claims,
   * one each. Outcomes first and claims after them, as queued writes would (they touch other
   * rows than the inserts, so the order among those does not matter).
   */
  private final WriteBatcher.Group hot = this::runHot;

  private List<Object> runHot(WriteBatcher.Statements statements,
      List<WriteBatcher.Write<?>> writes) throws SQLException {
    List<Outcome> outcomes = new ArrayList<>();
    List<TableClaim> claims = new ArrayList<>();
    List<Insert> inserts = new ArrayList<>();
    for (WriteBatcher.Write<?> write : writes) {
      if (write instanceof Outcome) {
        outcomes.add((Outcome) write);
      } else if (write instanceof TableClaim) {
        claims.add((TableClaim) write);
      } else {
        inserts.add((Insert) write);
      }
    }
    long now = clock.millis();
    List<PostgresBatches.Part> parts = new ArrayList<>();
    long running = transaction.getAsLong();
    // Usually empty: a group commit's own entry goes once its commit is seen.
    Long[] ends = leasesInDoubt.isEmpty() ? new Long[0] : leasesInDoubt.entrySet().stream()
        .filter(leased -> leased.getValue() != running)
        .map(Map.Entry::getKey)
        .toArray(Long[]::new);
    if (ends.length > 0) {
      parts.add(new PostgresBatches.Release(owner, ends));
      afterCommit.accept(() -> {
        Arrays.asList(ends).forEach(leasesInDoubt::remove);
        scanWanted = true;
      });
    }
    // Unique per group commit, so that the rows it leases can be told by their lease's end
    // should its commit fall in doubt (at most a millisecond later than the lease asks).
    long leaseUntil = Math.max(now + lease.toMillis(), lastLeaseUntil + 1);
    // New deliveries that go to the workers from memory are leased by their insert: a worker
    // then takes them without a statement (and without waiting for a commit), and no other
    // instance claims them meanwhile. Few (READY_LIMIT), and waiting milliseconds.
    int room = READY_LIMIT - readySize();
    boolean handsOut = false;
    for (Insert insert : inserts) {
      insert.handOut = !insert.delivery.quarantined() && room-- > 0;
      insert.leaseUntil = leaseUntil;
      handsOut |= insert.handOut;
    }
    if (handsOut || !claims.isEmpty()) {
      lastLeaseUntil = leaseUntil;
      // In doubt until this commit is known to have happened (see leasesInDoubt).
      leasesInDoubt.put(leaseUntil, running);
      afterCommit.accept(() -> leasesInDoubt.remove(leaseUntil));
    }
    PostgresBatches.Outcomes recorded = null;
    if (!outcomes.isEmpty()) {
      PostgresBatches.OutcomeRows rows = new PostgresBatches.OutcomeRows(outcomes.size());
      for (int i = 0; i < outcomes.size(); i++) {
        outcomes.get(i).columns(rows, i);
      }
      recorded = new PostgresBatches.Outcomes(owner, rows);
      parts.add(recorded);
    }
    for (TableClaim claim : claims) {
      claim.claimed.clear();
      parts.add(claim.new Part(now, leaseUntil));
    }
    PostgresBatches.NewRows rows = new PostgresBatches.NewRows(inserts.size());
    PostgresBatches.Insert inserted = null;
    if (!inserts.isEmpty()) {
      for (int i = 0; i < inserts.size(); i++) {
        inserts.get(i).columns(rows, i, owner);
      }
      inserted = new PostgresBatches.Insert(rows);
      parts.add(inserted);
    }
    PostgresBatches.run(statements, parts, transactionIds);
    firstStatistics.inserted(inserts.size());

    if (!claims.isEmpty()) {
      // What made these claims due is answered now; what is still due is in the table.
      scanWanted = claims.stream().anyMatch(claim -> claim.claimed.size() >= claim.max);
      lastScanNanos = System.nanoTime();
      nextRetryAt.accumulateAndGet(now, (next, at) -> next <= at ? Long.MAX_VALUE : next);
      nextLeaseEndAt.accumulateAndGet(now, (next, at) -> next <= at ? Long.MAX_VALUE : next);
    }
    boolean leased = claims.stream().anyMatch(claim -> !claim.claimed.isEmpty());
    for (int i = 0; i < inserts.size(); i++) {
      Insert insert = inserts.get(i);
      // An event id twice in one commit: the first is inserted, the second is a duplicate.
      Long id = inserted.inserted.remove(rows.eventIds[i]);
      insert.id = id == null ? 0 : id;
      insert.handOut &= id != null;
      leased |= insert.handOut;
      if (id != null && !insert.delivery.quarantined() && !insert.handOut) {
        scanWanted = true;
      }
    }
    if (leased) {
      // Should a worker not take a delivery leased in memory in time, the table claim after
      // its lease's end does.
      nextLeaseEndAt.accumulateAndGet(leaseUntil, Math::min);
    }
    List<Object> results = new ArrayList<>(writes.size());
    for (WriteBatcher.Write<?> write : writes) {
      if (write instanceof Outcome) {
        Outcome outcome = (Outcome) write;
        results.add(recorded.recorded.contains(outcome.claim.id() + "/" + outcome.claim.attempt())
            ? 1 : 0);
      } else if (write instanceof TableClaim) {
        results.add(new ArrayList<>(((TableClaim) write).claimed));
      } else {
        results.add(((Insert) write).id != 0 ? 1 : 0);
      }
    }
    return results;
  }

  /** One delivery's insert; runs alone, or with others of its group commit. */
  private class Insert implements WriteBatcher.Grouped<Integer> {
    final InboundDelivery delivery;
    private final long now;
    private final String headers;
    /**
     * The row's id once inserted, whether it goes to the workers from memory, and (PostgreSQL)
     * the end of the lease its insert takes for them; writer.
     */
    long id;
    boolean handOut;
    long leaseUntil;

    Insert(InboundDelivery delivery, long now) {
      this.delivery = delivery;
      this.now = now;
      // Cleaned on the caller's thread: the writer's time is the scarce one.
      this.headers = StoredText.clean(StoredHeaders.toJson(delivery.headers()));
    }

    @Override
    public WriteBatcher.Group group() {
      return hot;
    }

    @Override
    public Integer run(WriteBatcher.Statements statements) throws SQLException {
      return (Integer) runHot(statements, List.of(this)).get(0);
    }

    /**
     * PostgreSQL, on the writer's thread once the commit is known: the stored delivery, leased to
     * this instance by its insert as its first attempt, waits in memory for a worker.
     */
    void committed(boolean stored) {
      if (stored && handOut) {
        synchronized (arrivals) {
          ready.add(new Ready(new Claim(id, asStored(delivery), 1, Set.of()), leaseUntil));
        }
      }
    }

    void columns(PostgresBatches.NewRows rows, int i, String owner) {
      rows.eventIds[i] = StoredText.key(delivery.eventId());
      rows.eventNames[i] = StoredText.clean(delivery.eventName());
      rows.customerIds[i] = InboxQueries.customerId(delivery.event());
      rows.receivedAt[i] = delivery.receivedAt().toEpochMilli();
      rows.headers[i] = headers;
      rows.bodies[i] = delivery.body();
      rows.statuses[i] = (delivery.quarantined()
          ? DeliveryStatus.QUARANTINED : DeliveryStatus.PENDING).key();
      rows.nextAttemptAt[i] = now;
      rows.deliveryIds[i] = InboxQueries.deliveryId(delivery.event());
      rows.customerEmails[i] = InboxQueries.customerEmail(delivery.event());
      rows.errors[i] = StoredText.clean(delivery.quarantineReason());
      rows.leaseOwners[i] = handOut ? owner : null;
      rows.leaseUntil[i] = handOut ? leaseUntil : null;
      rows.attempts[i] = handOut ? 1 : 0;
    }

    /** SQLite: the columns but the last, {@code attempts}, which the local insert decides. */
    void bind(PreparedStatement insert) throws SQLException {
      DeliveryStatus status = delivery.quarantined()
          ? DeliveryStatus.QUARANTINED : DeliveryStatus.PENDING;
      insert.setString(1, StoredText.key(delivery.eventId()));
      insert.setString(2, StoredText.clean(delivery.eventName()));
      insert.setString(3, InboxQueries.customerId(delivery.event()));
      insert.setLong(4, delivery.receivedAt().toEpochMilli());
      insert.setString(5, headers);
      insert.setBytes(6, delivery.body());
      insert.setString(7, status.key());
      insert.setLong(8, now);
      insert.setString(9, InboxQueries.deliveryId(delivery.event()));
      insert.setString(10, InboxQueries.customerEmail(delivery.event()));
      insert.setString(11, StoredText.clean(delivery.quarantineReason()));
    }
  }

  /**
   * How many deliveries may wait in memory for a worker; beyond, they wait in the table only, for
   * a scan (SQLite) or a claim (PostgreSQL). Enough to ride out the moments when acknowledgements
   * outpace the workers: at 32, half the events under a closed loop went through the table, and
   * PostgreSQL spent more time claiming them than storing them (benchmarks/results, 2026-12-07).
   * The cost of more, on a crash (docs/inbox.md): SQLite counts one attempt too many for each of
   * these, PostgreSQL leaves them to another instance only once their lease ends.
   */
  public static final int READY_LIMIT = 256;

  /**
   * SQLite: how many of a worker's outcomes may wait for their commit when it takes more
   * deliveries (three claim batches of 16). A crash repeats at most these and the batch in hand,
   * per worker; see {@link OutcomeRunAhead} for why the workers do not wait for every outcome.
   */
  public static final int RUN_AHEAD = 48;

  /**
   * Local: an insert that hands its delivery to the workers from memory once committed. It is
   * stored with {@code attempts = 1} when handed out, as a claim would have counted it, so that a
   * run after a crash says it is a later attempt.
   */
  private final class LocalInsert extends Insert {
    LocalInsert(InboundDelivery delivery, long now) {
      super(delivery, now);
    }

    @Override
    public WriteBatcher.Group group() {
      return null;
    }

    @Override
    public Integer run(WriteBatcher.Statements statements) throws SQLException {
      if (id != 0) {
        // Run again, alone, after its batch failed: that batch was rolled back.
        held.remove(id);
        id = 0;
      }
      handOut = !delivery.quarantined() && readySize() < READY_LIMIT;
      PreparedStatement insert = statements.prepare(INSERT_SQL);
      bind(insert);
      insert.setInt(12, handOut ? 1 : 0);
      int inserted = insert.executeUpdate();
      if (inserted > 0 && handOut) {
        try (ResultSet rowId = statements.prepare("SELECT last_insert_rowid()").executeQuery()) {
          rowId.next();
          id = rowId.getLong(1);
        }
        held.put(id, 0);
      } else if (inserted > 0 && !delivery.quarantined()) {
        scanWanted = true;
      }
      return inserted;
    }

    /** On the writer's thread, once the commit is known. */
    @Override
    void committed(boolean stored) {
      if (id == 0) {
        return;
      }
      if (stored) {
        synchronized (arrivals) {
          ready.add(new Ready(new Claim(id, asStored(delivery), 1, Set.of()), Long.MAX_VALUE));
        }
      } else {
        held.remove(id);
      }
    }
  }

  /** The delivery under the key it is stored by, as a claim read from the table has it. */
  private static InboundDelivery asStored(InboundDelivery delivery) {
    String key = StoredText.key(delivery.eventId());
    return key.equals(delivery.eventId()) ? delivery : new InboundDelivery(key,
        delivery.eventName(), delivery.receivedAt(), delivery.headers(), delivery.body(),
        delivery.event());
  }

  private int readySize() {
    synchronized (arrivals) {
      return ready.size();
    }
  }

  private AppendResult appended(InboundDelivery delivery, int inserted) {
    if (inserted == 0) {
      return AppendResult.DUPLICATE;
    }
    if (!delivery.quarantined()) {
      wakeClaimers();
    }
    return AppendResult.ACCEPTED;
  }

  /**
   * {@inheritDoc}
   *
   * <p>SQLite: a claim writes nothing. Deliveries are handed out from memory as soon as the
   * group commit that stored them returns; rows no one holds (left by an earlier run, retries
   * falling due, replays, a backlog beyond {@link #READY_LIMIT}) are found by a scan of the
   * table, which counts their attempt. PostgreSQL: deliveries this instance stored wait in memory
   * too, leased to it by their insert (so a take writes nothing either, and no other instance
   * claims them); other rows (other instances', retries, leases run
   * out, a backlog) are leased from the table in batches with {@code SKIP LOCKED}, whenever
   * memory has nothing and the table may have something (see {@link #tableClaimDue}).
   */
  @Override
  public List<Claim> claim(int max, Duration wait) throws InterruptedException {
    long deadline = System.nanoTime() + wait.toNanos();
    while (true) {
      List<Claim> claims = local ? takeLocal(max) : takeShared(max);
      long left = deadline - System.nanoTime();
      if (!claims.isEmpty() || left <= 0) {
        return claims;
      }
      synchronized (arrivals) {
        if (ready.isEmpty()) {
          TimeUnit.NANOSECONDS.timedWait(arrivals, Math.min(left, POLL_NANOS));
        }
      }
    }
  }

  /** How often a local inbox scans its table regardless, in case a row escaped the tracking. */
  private static final long SAFETY_SCAN_NANOS = TimeUnit.SECONDS.toNanos(5);

  private List<Claim> takeLocal(int max) throws InterruptedException {
    runAhead.awaitRoom();
    List<Claim> claims = new ArrayList<>(max);
    if (scanWanted || clock.millis() >= nextRetryAt.get()
        || System.nanoTime() - lastScanNanos > SAFETY_SCAN_NANOS) {
      claims.addAll(scan(max));
    }
    synchronized (arrivals) {
      while (claims.size() < max && !ready.isEmpty()) {
        claims.add(ready.poll().claim());
      }
    }
    return claims;
  }

  /**
   * Local: hands out up to {@code max} due rows that no one holds, oldest first, counting their
   * attempt; in the writer's queue, so that it sees every outcome recorded before it.
   */
  private List<Claim> scan(int max) {
    scanWanted = false;
    lastScanNanos = System.nanoTime();
    long now = clock.millis();
    List<Long> taken = new ArrayList<>();
    List<Row> rows;
    try {
      rows = scanRows(max, now, taken);
    } catch (RuntimeException e) {
      // Rolled back: the rows still wait, unheld, for the next claim's scan.
      taken.forEach(this::release);
      scanWanted = true;
      throw e;
    }
    List<Claim> claims = new ArrayList<>(rows.size());
    for (Row row : rows) {
      Claim claim = toClaim(row);
      if (claim != null) {
        claims.add(claim);
      } else {
        release(row.id());
      }
    }
    return claims;
  }

  private List<Row> scanRows(int max, long now, List<Long> taken) {
    return write(statements -> {
      // Run again (its transaction failed and is tried again at once, or alone): what the
      // earlier run took was rolled back with it, and would be skipped as held for ever.
      taken.forEach(this::release);
      taken.clear();
      int limit = held.size() + max;
      PreparedStatement due = statements.prepare("SELECT id FROM hooky_deliveries"
          + " WHERE status IN ('pending', 'retrying') AND next_attempt_at <= ?"
          + " ORDER BY next_attempt_at, id LIMIT ?");
      due.setLong(1, now);
      due.setInt(2, limit);
      List<Long> ids = new ArrayList<>();
      int seen = 0;
      try (ResultSet result = due.executeQuery()) {
        while (result.next()) {
          seen++;
          long id = result.getLong(1);
          if (ids.size() < max && !held.containsKey(id)) {
            ids.add(id);
          }
        }
      }
      if (seen == limit) {
        scanWanted = true; // More may be due than this scan reached.
      }
      PreparedStatement count = statements.prepare(
          "UPDATE hooky_deliveries SET attempts = attempts + 1 WHERE id = ?");
      PreparedStatement read = statements.prepare("SELECT id, event_id, event_name,"
          + " received_at, headers, body, attempts, succeeded_handlers, next_attempt_at, replays"
          + " FROM hooky_deliveries WHERE id = ?");
      List<Row> found = new ArrayList<>(ids.size());
      for (long id : ids) {
        count.setLong(1, id);
        count.executeUpdate();
        read.setLong(1, id);
        try (ResultSet result = read.executeQuery()) {
          if (result.next()) {
            found.add(row(result));
            held.put(id, result.getInt("replays"));
            taken.add(id);
          }
        }
      }
      PreparedStatement next = statements.prepare("SELECT MIN(next_attempt_at)"
          + " FROM hooky_deliveries WHERE status IN ('pending', 'retrying')"
          + " AND next_attempt_at > ?");
      next.setLong(1, now);
      try (ResultSet result = next.executeQuery()) {
        long earliest = result.next() ? result.getLong(1) : 0;
        nextRetryAt.set(result.wasNull() || earliest == 0 ? Long.MAX_VALUE : earliest);
      }
      return found;
    });
  }

  private static Row row(ResultSet result) throws SQLException {
    return new Row(result.getLong("id"), result.getString("event_id"),
        result.getString("event_name"), result.getLong("received_at"),
        result.getString("headers"), result.getBytes("body"), result.getInt("attempts"),
        result.getString("succeeded_handlers"), result.getLong("next_attempt_at"));
  }

  /**
   * Local: the row is no longer held. At once, not through the writer's queue: during a storage
   * fault the writer refuses every queued write, and a row left held would be skipped by every
   * scan until a restart.
   */
  private void release(long id) {
    held.remove(id);
  }

  /**
   * PostgreSQL: the deliveries waiting in memory, leased now; else, when due, rows from the
   * table.
   */
  private List<Claim> takeShared(int max) {
    long now = clock.millis();
    long startBy = lease.toMillis() / 2;
    List<Claim> taken = new ArrayList<>(Math.min(max, READY_LIMIT));
    synchronized (arrivals) {
      while (taken.size() < max && !ready.isEmpty()) {
        Ready next = ready.poll();
        // Leased by its insert. One that waited here for half its lease is left to the table
        // claim after the lease's end, so that a handler never starts on a lease about to end.
        if (next.leaseUntil() - now >= startBy) {
          taken.add(next.claim());
        }
      }
    }
    if (!taken.isEmpty()) {
      lastHandOutNanos = System.nanoTime();
      return taken;
    }
    return tableClaimDue() ? claimDue(max) : List.of();
  }

  /**
   * PostgreSQL: whether a claim should look in the table, which costs a statement in the group
   * commit, rather than wait for deliveries in memory. It should when rows may wait there that
   * memory does not hold: at start-up, beyond {@link #READY_LIMIT}, after replays, when a retry or
   * a lease of this instance falls due, when the last claim filled up, when memory has not served
   * a claim lately; and at least every {@link #POLL_NANOS} for the other instances' rows.
   */
  private boolean tableClaimDue() {
    long nanos = System.nanoTime();
    long now = clock.millis();
    return scanWanted || nanos - lastScanNanos >= POLL_NANOS
        || nanos - lastHandOutNanos >= POLL_NANOS
        || now >= nextRetryAt.get() || now >= nextLeaseEndAt.get();
  }

  private List<Claim> claimDue(int max) {
    List<Row> rows = write(new TableClaim(max));
    List<Claim> claims = new ArrayList<>(rows.size());
    for (Row row : rows) {
      Claim claim = toClaim(row);
      if (claim != null) {
        claims.add(claim);
      }
    }
    return claims;
  }

  /** PostgreSQL: one claim of due rows from the table, oldest first. */
  private final class TableClaim implements WriteBatcher.Grouped<List<Row>> {
    final int max;
    final List<Row> claimed = new ArrayList<>();

    TableClaim(int max) {
      this.max = max;
    }

    @Override
    public WriteBatcher.Group group() {
      return hot;
    }

    @Override
    @SuppressWarnings("unchecked") // The group's result for this write is its own list.
    public List<Row> run(WriteBatcher.Statements statements) throws SQLException {
      return (List<Row>) runHot(statements, List.of(this)).get(0);
    }

    /** The claim's statement, leasing until {@code now} plus the lease. */
    final class Part implements PostgresBatches.Part {
      private final long now;

      private final long leaseUntil;

      Part(long now, long leaseUntil) {
        this.now = now;
        this.leaseUntil = leaseUntil;
      }

      @Override
      public String sql() {
        return dialect.claimSql();
      }

      @Override
      public int bind(PreparedStatement claim, int at) throws SQLException {
        claim.setString(at, owner);
        claim.setLong(at + 1, leaseUntil);
        claim.setLong(at + 2, now);
        claim.setLong(at + 3, now);
        claim.setInt(at + 4, max);
        return at + 5;
      }

      @Override
      public void read(ResultSet result) throws SQLException {
        while (result.next()) {
          claimed.add(new Row(result.getLong("id"), result.getString("event_id"),
              result.getString("event_name"), result.getLong("received_at"),
              result.getString("headers"), result.getBytes("body"), result.getInt("attempts"),
              result.getString("succeeded_handlers"), result.getLong("next_attempt_at")));
        }
        claimed.sort(Comparator.comparingLong(Row::nextAttemptAt).thenComparingLong(Row::id));
      }
    }
  }

  /**
   * A claimed row as a claim; a row whose body this version cannot parse (it parsed when it was
   * stored, perhaps by another version) is quarantined instead, to wait for a replay.
   */
  private Claim toClaim(Row row) {
    long id = row.id();
    String eventId = row.eventId();
    String eventName = row.eventName();
    InboundDelivery delivery = Quarantine.parse(parser, eventId, eventName,
        Instant.ofEpochMilli(row.receivedAt()), StoredHeaders.fromJson(row.headers()), row.body());
    if (!delivery.quarantined()) {
      return new Claim(id, delivery, row.attempts(), splitHandlers(row.succeeded()));
    }
    log.warn("Stored delivery {} {} no longer parses; quarantining it: {}", eventName,
        eventId, delivery.quarantineReason());
    write(statements -> update(statements, "UPDATE hooky_deliveries SET status = 'quarantined',"
        + " last_error = ?, lease_owner = NULL, lease_until = NULL WHERE id = ?",
        StoredText.clean(delivery.quarantineReason()), id));
    return null;
  }

  /**
   * {@inheritDoc}
   *
   * <p>Recorded in the next group commit, without waiting for it: the worker moves on to its next
   * claim meanwhile. Should the process die before the commit, the lease runs out and the delivery
   * runs again (at least once, as ever). Reads on this inbox wait for recorded outcomes first.
   */
  @Override
  public void complete(Claim claim, List<HandlerOutcome> outcomes) {
    DeliveryStatus status = outcomes.isEmpty() && claim.succeededHandlers().isEmpty()
        ? DeliveryStatus.UNHANDLED : DeliveryStatus.HANDLED;
    long now = clock.millis();
    writeLater(claim, new Outcome(claim, outcomes, status, now, null, null, now),
        updated -> warnIfNotRecorded(claim, updated));
  }

  /** {@inheritDoc} Recorded without waiting for the commit, like {@link #complete}. */
  @Override
  public void fail(Claim claim, List<HandlerOutcome> outcomes) {
    long now = clock.millis();
    // Handlers' messages may quote the event, NUL and all.
    String error = StoredText.clean(outcomes.stream().filter(outcome -> !outcome.succeeded())
        .reduce((first, second) -> second)
        .map(last -> last.handler() + ": " + last.error()).orElse("failed"));
    boolean retry = retryPolicy.retries(claim.attempt());
    long next = retry ? now + retryPolicy.delay(claim.attempt()).toMillis() : now;
    if (retry) {
      // Before the commit: a claim asking after this falls due is queued after the outcome.
      nextRetryAt.accumulateAndGet(next, Math::min);
    }
    writeLater(claim, new Outcome(claim, outcomes,
        retry ? DeliveryStatus.RETRYING : DeliveryStatus.DEAD, null, next, error, now),
        updated -> {
          warnIfNotRecorded(claim, updated);
          if (!retry && updated > 0) {
            log.error("{} {} is dead after {} attempts: {}", claim.delivery().eventName(),
                claim.delivery().eventId(), claim.attempt(), error);
          }
        });
  }

  /**
   * SQLite: records an outcome while the row is still this attempt's and was not replayed
   * meanwhile (a replay makes it due afresh); no leases, one process. A null {@code handled_at} or
   * {@code next_attempt_at} leaves the column as it is. (PostgreSQL's, which checks the lease, is
   * {@link PostgresBatches#OUTCOMES}.)
   */
  private static final String LOCAL_OUTCOME_SQL = "UPDATE hooky_deliveries SET status = ?,"
      + " handled_at = COALESCE(?, handled_at), next_attempt_at = COALESCE(?, next_attempt_at),"
      + " last_error = ?, succeeded_handlers = ?, lease_owner = NULL, lease_until = NULL"
      + " WHERE id = ? AND attempts = ? AND replays = ? AND status IN ('pending', 'retrying')";

  private static final String ATTEMPT_SQL = "INSERT INTO hooky_attempts"
      + " (delivery_id, attempt, handler, started_at, duration_micros, error)"
      + " VALUES (?, ?, ?, ?, ?, ?)";

  /**
   * SQLite: the outcomes of one group commit together: one {@code executeBatch} of updates, one of
   * the history rows of those still held.
   */
  private final WriteBatcher.Group outcomeGroup = (statements, writes) -> {
    PreparedStatement update = statements.prepare(LOCAL_OUTCOME_SQL);
    update.clearBatch();
    for (WriteBatcher.Write<?> write : writes) {
      ((Outcome) write).bind(update);
      update.addBatch();
    }
    int[] counts = update.executeBatch();
    for (WriteBatcher.Write<?> write : writes) {
      ((Outcome) write).released();
    }
    PreparedStatement attempts = statements.prepare(ATTEMPT_SQL);
    attempts.clearBatch();
    boolean any = false;
    List<Object> changed = new ArrayList<>(counts.length);
    for (int i = 0; i < counts.length; i++) {
      if (counts[i] < 0) {
        throw new SQLException("the batch of outcomes did not report each row's count");
      }
      changed.add(counts[i]);
      if (counts[i] > 0) {
        any |= ((Outcome) writes.get(i)).addAttempts(attempts);
      }
    }
    if (any) {
      attempts.executeBatch();
    }
    return changed;
  };

  /** One attempt's outcome; runs alone, or with the others of its group commit. */
  private final class Outcome implements WriteBatcher.Grouped<Integer> {
    private final Claim claim;
    private final List<HandlerOutcome> outcomes;
    private final DeliveryStatus status;
    private final Long handledAt;
    private final Long nextAttemptAt;
    private final String error;
    private final long now;
    private final String succeeded;
    /** Local: the row's replay count when handed out; writer thread. */
    private Integer generation;

    Outcome(Claim claim, List<HandlerOutcome> outcomes, DeliveryStatus status, Long handledAt,
        Long nextAttemptAt, String error, long now) {
      this.claim = claim;
      this.outcomes = outcomes;
      this.status = status;
      this.handledAt = handledAt;
      this.nextAttemptAt = nextAttemptAt;
      this.error = error;
      this.now = now;
      this.succeeded = joinHandlers(claim, outcomes);
    }

    @Override
    public WriteBatcher.Group group() {
      return local ? outcomeGroup : hot;
    }

    @Override
    public Integer run(WriteBatcher.Statements statements) throws SQLException {
      if (!local) {
        return (Integer) runHot(statements, List.of(this)).get(0);
      }
      PreparedStatement update = statements.prepare(LOCAL_OUTCOME_SQL);
      bind(update);
      int changed = update.executeUpdate();
      released();
      if (changed > 0) {
        PreparedStatement attempts = statements.prepare(ATTEMPT_SQL);
        attempts.clearBatch();
        if (addAttempts(attempts)) {
          attempts.executeBatch();
        }
      }
      return changed;
    }

    /** SQLite: the parameters of {@link #LOCAL_OUTCOME_SQL}. */
    void bind(PreparedStatement update) throws SQLException {
      update.setString(1, status.key());
      setLong(update, 2, handledAt);
      setLong(update, 3, nextAttemptAt);
      update.setString(4, error);
      update.setString(5, succeeded);
      update.setLong(6, claim.id());
      update.setInt(7, claim.attempt());
      if (generation == null) {
        // Kept: a batch run again alone binds again, after this released the row.
        generation = held.getOrDefault(claim.id(), -1);
      }
      update.setInt(8, generation);
    }

    /**
     * Local: in the outcome's own transaction, so that a scan after it (even in the same batch)
     * sees the row as the outcome left it; should the transaction fail, the row still waits and
     * a scan runs it again (at least once).
     */
    void released() {
      if (local) {
        held.remove(claim.id());
      }
    }

    void columns(PostgresBatches.OutcomeRows rows, int i) {
      rows.ids[i] = claim.id();
      rows.attempts[i] = claim.attempt();
      rows.statuses[i] = status.key();
      rows.handledAt[i] = handledAt;
      rows.nextAttemptAt[i] = nextAttemptAt;
      rows.errors[i] = error;
      rows.succeeded[i] = succeeded;
      for (HandlerOutcome outcome : outcomes) {
        rows.history(claim.id(), claim.attempt(), outcome.handler(),
            now - outcome.duration().toMillis(),
            TimeUnit.NANOSECONDS.toMicros(outcome.duration().toNanos()),
            StoredText.clean(outcome.error()));
      }
    }

    /** Adds this attempt's handler calls to {@code insert}'s batch; false when it had none. */
    boolean addAttempts(PreparedStatement insert) throws SQLException {
      for (HandlerOutcome outcome : outcomes) {
        insert.setLong(1, claim.id());
        insert.setInt(2, claim.attempt());
        insert.setString(3, outcome.handler());
        insert.setLong(4, now - outcome.duration().toMillis());
        insert.setLong(5, TimeUnit.NANOSECONDS.toMicros(outcome.duration().toNanos()));
        insert.setString(6, StoredText.clean(outcome.error()));
        insert.addBatch();
      }
      return !outcomes.isEmpty();
    }
  }

  private static void setLong(PreparedStatement statement, int index, Long value)
      throws SQLException {
    if (value == null) {
      statement.setNull(index, Types.BIGINT);
    } else {
      statement.setLong(index, value);
    }
  }

  /** How many writes wait for the writer or are running (for tests). */
  int outstandingWrites() {
    return writes.outstanding();
  }

  /**
   * Waits until every outcome recorded so far has committed, for a reader that does not go
   * through this inbox (this inbox's own reads wait by themselves).
   */
  void awaitRecorded() {
    try {
      writes.awaitSubmitted();
    } catch (SQLException e) {
      throw new InboxStorageException("inbox write failed: " + e.getMessage(), e);
    }
  }

  /** Queues an outcome; once committed, {@code then} gets the number of rows it changed. */
  private void writeLater(Claim claim, WriteBatcher.Write<Integer> write,
      IntConsumer then) {
    CompletableFuture<Integer> committed = writes.submit(write);
    if (local) {
      runAhead.recorded(committed);
    }
    committed.whenComplete((updated, failure) -> {
      if (local && failure != null) {
        // Not recorded: the row still waits, for a scan to run it again (at least once).
        release(claim.id());
        scanWanted = true;
      }
      if (failure != null && StorageFaults.isFault(failure)) {
        // The fault is logged once, with its cause, by the writer's health.
        log.warn("Could not record the outcome of {} {}: the inbox cannot write; it runs again"
            + " {}", claim.delivery().eventName(), claim.delivery().eventId(), runsAgain());
      } else if (failure != null) {
        log.error("Could not record the outcome of {} {}; it runs again {}",
            claim.delivery().eventName(), claim.delivery().eventId(), runsAgain(), failure);
      } else {
        if (local && updated == 0) {
          // Voided by a replay meanwhile: the row waits afresh, and a scan must look for it
          // (an earlier one skipped it while it was held), not only the safety scan seconds later.
          scanWanted = true;
          wakeClaimers();
        }
        then.accept(updated);
      }
    });
  }

  /** When a delivery whose outcome was not recorded runs again. */
  private String runsAgain() {
    return local ? "at a worker's next claim" : "when its lease runs out";
  }

  private void warnIfNotRecorded(Claim claim, int updated) {
    if (updated != 0) {
      return;
    }
    if (local) {
      // One process, no leases: only a replay (which counts) makes a held row change hands.
      log.warn("{} {} was replayed while its handlers ran: this attempt's outcome is dropped and"
          + " the replay runs it again", claim.delivery().eventName(),
          claim.delivery().eventId());
    } else {
      log.warn("The lease on {} {} ran out before its handlers finished; another attempt may"
          + " run or have run (raise the handler time-out or the lease)",
          claim.delivery().eventName(), claim.delivery().eventId());
    }
  }

  @Override
  public boolean replay(String eventId) {
    String key = StoredText.key(eventId);
    List<SqlDeliveryReader.Quarantined> quarantined = reader.quarantined("event_id = ?", 1, key);
    if (!quarantined.isEmpty()) {
      parseAgain(quarantined);
      return true;
    }
    int replayed = write(statements -> requeue(statements, "event_id = ?", key));
    if (replayed > 0) {
      requeued();
    }
    return replayed > 0;
  }

  @Override
  public int replayQuarantined(Instant since) {
    int parsed = 0;
    long after = 0;
    while (true) {
      List<SqlDeliveryReader.Quarantined> page = reader.quarantined(
          "received_at >= ? AND id > ?", REPLAY_PAGE, millis(since), after);
      if (page.isEmpty()) {
        return parsed;
      }
      parsed += parseAgain(page);
      after = page.get(page.size() - 1).id();
    }
  }

  /**
   * Parses quarantined rows again: those that parse now become pending with their columns filled
   * in, the others keep waiting with the new reason. Each replay is recorded. Returns how many
   * parsed. A row no longer quarantined by the time of the write (replayed meanwhile) is left as
   * it is.
   */
  private int parseAgain(List<SqlDeliveryReader.Quarantined> rows) {
    List<InboundDelivery> results = new ArrayList<>(rows.size());
    for (SqlDeliveryReader.Quarantined row : rows) {
      results.add(Quarantine.parseAgain(parser, row.delivery()));
    }
    long now = clock.millis();
    int parsed = write(statements -> {
      int requeued = 0;
      for (int i = 0; i < rows.size(); i++) {
        long id = rows.get(i).id();
        InboundDelivery delivery = results.get(i);
        String where = "id = ? AND status = 'quarantined'";
        String reason = StoredText.clean(delivery.quarantineReason());
        update(statements, "INSERT INTO hooky_attempts (delivery_id, attempt, handler,"
            + " started_at, duration_micros, error) SELECT id, attempts, ?, ?, 0, ?"
            + " FROM hooky_deliveries WHERE " + where, AttemptRecord.REPLAY, now, reason, id);
        if (delivery.quarantined()) {
          update(statements, "UPDATE hooky_deliveries SET last_error = ?,"
              + " replays = replays + 1 WHERE " + where, reason, id);
        } else {
          requeued += update(statements, "UPDATE hooky_deliveries SET status = 'pending',"
              + " next_attempt_at = ?, succeeded_handlers = '', last_error = NULL,"
              + " handled_at = NULL, replays = replays + 1, lease_owner = NULL,"
              + " lease_until = NULL, event_name = ?, customer_id = ?, delivery_id = ?,"
              + " customer_email = ? WHERE " + where, now,
              StoredText.clean(delivery.eventName()),
              InboxQueries.customerId(delivery.event()), InboxQueries.deliveryId(delivery.event()),
              InboxQueries.customerEmail(delivery.event()), id);
        }
      }
      return requeued;
    });
    if (parsed > 0) {
      requeued();
    }
    return parsed;
  }

  @Override
  public int replayDeadLetters(Instant since) {
    int replayed = write(statements -> requeue(statements, "status = 'dead' AND received_at >= ?",
        millis(since)));
    if (replayed > 0) {
      requeued();
    }
    return replayed;
  }

  /** Makes the rows matching {@code where} due now, recording a replay in each one's history. */
  private int requeue(WriteBatcher.Statements statements, String where, Object parameter)
      throws SQLException {
    long now = clock.millis();
    update(statements, "INSERT INTO hooky_attempts (delivery_id, attempt, handler, started_at,"
        + " duration_micros) SELECT id, attempts, ?, ?, 0 FROM hooky_deliveries WHERE " + where,
        AttemptRecord.REPLAY, now, parameter);
    return update(statements, "UPDATE hooky_deliveries SET status = 'pending',"
        + " next_attempt_at = ?, succeeded_handlers = '', last_error = NULL, handled_at = NULL,"
        + " replays = replays + 1, lease_owner = NULL, lease_until = NULL WHERE " + where,
        now, parameter);
  }

  @Override
  public Optional<DeliveryRecord> find(String eventId) {
    return reader.find(eventId);
  }

  @Override
  public List<DeliveryRecord> query(DeliveryQuery query) {
    return reader.query(query);
  }

  @Override
  public int purge(Instant cutoff) {
    long cutoffMillis = cutoff.toEpochMilli();
    String finished = "status IN ('handled', 'unhandled') AND handled_at < ?";
    return write(statements -> {
      update(statements, "DELETE FROM hooky_attempts WHERE delivery_id IN"
          + " (SELECT id FROM hooky_deliveries WHERE " + finished + ")", cutoffMillis);
      return update(statements, "DELETE FROM hooky_deliveries WHERE " + finished, cutoffMillis);
    });
  }

  /**
   * {@inheritDoc}
   *
   * <p>Here {@link Instant#MIN}: ids are forgotten only by {@link #purge}, of deliveries finished
   * before its cutoff (now minus the retention period), so every id appended within the retention
   * period is still here. Instances sharing a database purge each other's rows, and a restart
   * forgets when the last purge ran, so this inbox cannot tell a later instant; the builder keeps
   * the timestamp tolerance within the retention period instead.
   */
  @Override
  public Instant rememberedSince() {
    return Instant.MIN;
  }

  @Override
  public int depth() {
    return reader.depth();
  }

  /** {@inheritDoc} Unwritable from a storage fault until a write or probe commits again. */
  @Override
  public InboxHealth health() {
    return writes.health().current();
  }

  @Override
  public String describe() {
    return description;
  }

  @Override
  public void close() {
    writes.close();
    try {
      resources.close();
    } catch (Exception e) {
      log.warn("Could not close the inbox's database connections", e);
    }
  }

  // --- helpers ---

  private record Row(long id, String eventId, String eventName, long receivedAt, String headers,
      byte[] body, int attempts, String succeeded, long nextAttemptAt) {}

  private int update(WriteBatcher.Statements statements, String sql, Object... parameters)
      throws SQLException {
    transactionIds.accept(-1);
    PreparedStatement statement = statements.prepare(sql);
    for (int i = 0; i < parameters.length; i++) {
      if (parameters[i] == null) {
        // Typed: PostgreSQL cannot infer the type of a null in a SELECT list.
        statement.setNull(i + 1, Types.VARCHAR);
      } else {
        statement.setObject(i + 1, parameters[i]);
      }
    }
    return statement.executeUpdate();
  }

  private static String joinHandlers(Claim claim, List<HandlerOutcome> outcomes) {
    Set<String> succeeded = new LinkedHashSet<>(claim.succeededHandlers());
    outcomes.stream().filter(HandlerOutcome::succeeded).forEach(o -> succeeded.add(o.handler()));
    return String.join("\n", succeeded);
  }

  private static Set<String> splitHandlers(String joined) {
    return joined == null || joined.isEmpty()
        ? Set.of() : new LinkedHashSet<>(Arrays.asList(joined.split("\n")));
  }


  /** {@code instant} in epoch milliseconds, {@link Instant#MIN} and MAX included. */
  private static long millis(Instant instant) {
    if (instant.isBefore(Instant.ofEpochMilli(Long.MIN_VALUE))) {
      return Long.MIN_VALUE;
    }
    return instant.isAfter(Instant.ofEpochMilli(Long.MAX_VALUE))
        ? Long.MAX_VALUE : instant.toEpochMilli();
  }

  /** Rows were made due again (replays): they wait in the table only, for a scan. */
  private void requeued() {
    scanWanted = true;
    wakeClaimers();
  }

  private void wakeClaimers() {
    synchronized (arrivals) {
      arrivals.notifyAll();
    }
  }

  private <T> T write(WriteBatcher.Write<T> write) {
    try {
      return writes.execute(write);
    } catch (SQLException e) {
      throw new InboxStorageException("inbox write failed: " + e.getMessage(), e);
    }
  }
}
