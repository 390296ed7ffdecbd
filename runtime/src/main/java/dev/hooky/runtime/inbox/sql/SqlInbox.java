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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A durable inbox in a SQL database: SQLite (one process) or PostgreSQL (several instances
 * sharing one database). A delivery is committed before {@link #append} returns; writes from many
 * threads share transactions (group commit). Claims lease rows to this instance for a while; a
 * lease that runs out, because its holder died, makes the row due again for any instance.
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
  /**
   * An outcome counts only while this instance still holds this attempt's lease: after the lease
   * ran out, another attempt (here or elsewhere) owns the row.
   */
  private static final String STILL_OURS = "id = ? AND lease_owner = ? AND attempts = ?";

  private final SqlDialect dialect;
  private final WriteBatcher writes;
  private final SqlDeliveryReader reader;
  private final EventParser parser;
  private final RetryPolicy retryPolicy;
  private final Clock clock;
  private final Duration lease;
  private final String description;
  private final AutoCloseable resources;
  private final String owner = UUID.randomUUID().toString();
  private final Object arrivals = new Object();

  SqlInbox(SqlDialect dialect, WriteBatcher.Transactions transactions, ReadConnections reads,
      EventParser parser, RetryPolicy retryPolicy, Clock clock, Duration lease,
      String description, AutoCloseable resources) {
    this.dialect = dialect;
    this.writes = new WriteBatcher(transactions, "hooky-inbox-writer",
        new WriteHealth(description));
    // Outcomes are recorded without waiting (see complete): a read must wait for them.
    this.reader = new SqlDeliveryReader(reads, writes::awaitSubmitted);
    this.parser = parser;
    this.retryPolicy = retryPolicy;
    this.clock = clock;
    this.lease = lease;
    this.description = description;
    this.resources = resources;
  }

  @Override
  public AppendResult append(InboundDelivery delivery) {
    return appended(delivery, write(insert(delivery)));
  }

  /**
   * {@inheritDoc}
   *
   * <p>The insert joins the next group commit; the future completes on the writer's thread once
   * it has committed, so no request thread waits for the fsync.
   */
  @Override
  public CompletableFuture<AppendResult> appendAsync(InboundDelivery delivery) {
    CompletableFuture<AppendResult> result = new CompletableFuture<>();
    writes.submit(insert(delivery)).whenComplete((inserted, failure) -> {
      if (failure == null) {
        try {
          result.complete(appended(delivery, inserted));
        } catch (RuntimeException e) {
          result.completeExceptionally(e);
        }
      } else {
        result.completeExceptionally(failure instanceof SQLException
            ? new InboxStorageException("inbox write failed: " + failure.getMessage(), failure)
            : failure);
      }
    });
    return result;
  }

  private WriteBatcher.Write<Integer> insert(InboundDelivery delivery) {
    long now = clock.millis();
    String headers = StoredText.clean(StoredHeaders.toJson(delivery.headers()));
    DeliveryStatus status = delivery.quarantined()
        ? DeliveryStatus.QUARANTINED : DeliveryStatus.PENDING;
    return statements -> {
      PreparedStatement insert = statements.prepare(
          "INSERT INTO hooky_deliveries (event_id, event_name, customer_id, received_at, headers,"
              + " body, status, next_attempt_at, delivery_id, customer_email, last_error)"
              + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
              + " ON CONFLICT (event_id) DO NOTHING");
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
      return insert.executeUpdate();
    };
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

  @Override
  public List<Claim> claim(int max, Duration wait) throws InterruptedException {
    long deadline = System.nanoTime() + wait.toNanos();
    while (true) {
      List<Claim> claims = claimDue(max);
      long left = deadline - System.nanoTime();
      if (!claims.isEmpty() || left <= 0) {
        return claims;
      }
      synchronized (arrivals) {
        TimeUnit.NANOSECONDS.timedWait(arrivals, Math.min(left, POLL_NANOS));
      }
    }
  }

  private List<Claim> claimDue(int max) {
    long now = clock.millis();
    List<Row> rows = write(statements -> {
      PreparedStatement claim = statements.prepare(dialect.claimSql());
      claim.setString(1, owner);
      claim.setLong(2, now + lease.toMillis());
      claim.setLong(3, now);
      claim.setLong(4, now);
      claim.setInt(5, max);
      List<Row> claimed = new ArrayList<>();
      try (ResultSet result = claim.executeQuery()) {
        while (result.next()) {
          claimed.add(new Row(result.getLong("id"), result.getString("event_id"),
              result.getString("event_name"), result.getLong("received_at"), result.getString("headers"),
              result.getBytes("body"), result.getInt("attempts"),
              result.getString("succeeded_handlers"), result.getLong("next_attempt_at")));
        }
      }
      claimed.sort(Comparator.comparingLong(Row::nextAttemptAt).thenComparingLong(Row::id));
      return claimed;
    });
    List<Claim> claims = new ArrayList<>(rows.size());
    for (Row row : rows) {
      Claim claim = toClaim(row);
      if (claim != null) {
        claims.add(claim);
      }
    }
    return claims;
  }

  /**
   * A claimed row as a claim; a row whose body this version cannot parse (it parsed when it was
   * stored, perhaps by another version) is quarantined instead, to wait for a replay.
   */
  private Claim toClaim(Row row) {
    InboundDelivery delivery = Quarantine.parse(parser, row.eventId(), row.eventName(),
        Instant.ofEpochMilli(row.receivedAt()), StoredHeaders.fromJson(row.headers()),
        row.body());
    if (!delivery.quarantined()) {
      return new Claim(row.id(), delivery, row.attempts(), splitHandlers(row.succeeded()));
    }
    log.warn("Stored delivery {} {} no longer parses; quarantining it: {}", row.eventName(),
        row.eventId(), delivery.quarantineReason());
    write(statements -> update(statements, "UPDATE hooky_deliveries SET status = 'quarantined',"
        + " last_error = ?, lease_owner = NULL, lease_until = NULL WHERE id = ?",
        StoredText.clean(delivery.quarantineReason()), row.id()));
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
    writeLater(claim, statements -> {
      int changed = update(statements, "UPDATE hooky_deliveries SET status = ?, handled_at = ?,"
          + " last_error = NULL, succeeded_handlers = ?, lease_owner = NULL, lease_until = NULL"
          + " WHERE " + STILL_OURS, status.key(), now, joinHandlers(claim, outcomes), claim.id(),
          owner, claim.attempt());
      if (changed > 0) {
        insertAttempts(statements, claim, outcomes, now);
      }
      return changed;
    }, updated -> warnIfLeaseLost(claim, updated));
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
    writeLater(claim, statements -> {
      int changed = update(statements, "UPDATE hooky_deliveries SET status = ?,"
          + " next_attempt_at = ?, last_error = ?, succeeded_handlers = ?, lease_owner = NULL,"
          + " lease_until = NULL WHERE " + STILL_OURS,
          (retry ? DeliveryStatus.RETRYING : DeliveryStatus.DEAD).key(), next, error,
          joinHandlers(claim, outcomes), claim.id(), owner, claim.attempt());
      if (changed > 0) {
        insertAttempts(statements, claim, outcomes, now);
      }
      return changed;
    }, updated -> {
      warnIfLeaseLost(claim, updated);
      if (!retry && updated > 0) {
        log.error("{} {} is dead after {} attempts: {}", claim.delivery().eventName(),
            claim.delivery().eventId(), claim.attempt(), error);
      }
    });
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
    writes.submit(write).whenComplete((updated, failure) -> {
      if (failure != null && StorageFaults.isFault(failure)) {
        // The fault is logged once, with its cause, by the writer's health.
        log.warn("Could not record the outcome of {} {}: the inbox cannot write; it runs again"
            + " when its lease runs out", claim.delivery().eventName(),
            claim.delivery().eventId());
      } else if (failure != null) {
        log.error("Could not record the outcome of {} {}; it runs again when its lease runs out",
            claim.delivery().eventName(), claim.delivery().eventId(), failure);
      } else {
        then.accept(updated);
      }
    });
  }

  private void warnIfLeaseLost(Claim claim, int updated) {
    if (updated == 0) {
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
      wakeClaimers();
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
      wakeClaimers();
    }
    return parsed;
  }

  @Override
  public int replayDeadLetters(Instant since) {
    int replayed = write(statements -> requeue(statements, "status = 'dead' AND received_at >= ?",
        millis(since)));
    if (replayed > 0) {
      wakeClaimers();
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

  private void insertAttempts(WriteBatcher.Statements statements, Claim claim,
      List<HandlerOutcome> outcomes, long now) throws SQLException {
    if (outcomes.isEmpty()) {
      return;
    }
    PreparedStatement insert = statements.prepare("INSERT INTO hooky_attempts"
        + " (delivery_id, attempt, handler, started_at, duration_micros, error)"
        + " VALUES (?, ?, ?, ?, ?, ?)");
    for (HandlerOutcome outcome : outcomes) {
      insert.setLong(1, claim.id());
      insert.setInt(2, claim.attempt());
      insert.setString(3, outcome.handler());
      insert.setLong(4, now - outcome.duration().toMillis());
      insert.setLong(5, TimeUnit.NANOSECONDS.toMicros(outcome.duration().toNanos()));
      insert.setString(6, StoredText.clean(outcome.error()));
      insert.addBatch();
    }
    insert.executeBatch();
  }

  private static int update(WriteBatcher.Statements statements, String sql, Object... parameters)
      throws SQLException {
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
