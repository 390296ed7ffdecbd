package dev.hooky.runtime.inbox.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * The PostgreSQL inbox's hot-path statements, each one statement for all the rows of a group
 * commit: every column goes as an array ({@code unnest}), so that a group commit costs one round
 * trip per kind of write however many rows it carries (the driver's pipelined {@code
 * executeBatch} costs one round trip too, but one execution per row on the server, and cannot
 * return rows). Each statement also returns the transaction's id ({@code txid_current()}) with
 * its rows, which {@link PostgresTransactions} needs before the commit, so that asking for it
 * costs no round trip of its own.
 */
final class PostgresBatches {
  private PostgresBatches() {}

  /** Inserts new deliveries; returns the row id of each one inserted (not a duplicate). */
  static final String INSERT = "INSERT INTO hooky_deliveries (event_id, event_name, customer_id,"
      + " received_at, headers, body, status, next_attempt_at, delivery_id, customer_email,"
      + " last_error) SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::int8[], ?::text[],"
      + " ?::bytea[], ?::text[], ?::int8[], ?::text[], ?::text[], ?::text[])"
      + " ON CONFLICT (event_id) DO NOTHING RETURNING id, event_id, txid_current()";

  /**
   * Leases rows that this instance stored and holds in memory to its owner, each only while it
   * is due and no one holds it (another instance's claim may have taken it meanwhile); a row
   * another transaction is locking is skipped, never waited for.
   */
  static final String TAKE = "UPDATE hooky_deliveries SET lease_owner = ?, lease_until = ?,"
      + " attempts = attempts + 1 WHERE id IN (SELECT id FROM hooky_deliveries"
      + " WHERE id = ANY(?::int8[]) AND status IN ('pending', 'retrying') AND next_attempt_at <= ?"
      + " AND (lease_until IS NULL OR lease_until < ?) FOR UPDATE SKIP LOCKED)"
      + " RETURNING id, attempts, succeeded_handlers, txid_current()";

  /**
   * Records outcomes, each only while this instance still holds that attempt's lease, with the
   * history rows of those it recorded; returns the rows it changed. A null {@code handled_at} or
   * {@code next_attempt_at} leaves the column as it is.
   */
  static final String OUTCOMES = "WITH o AS (SELECT * FROM unnest(?::int8[], ?::int4[],"
      + " ?::text[], ?::int8[], ?::int8[], ?::text[], ?::text[])"
      + " AS o(id, attempt, status, handled_at, next_attempt_at, last_error, succeeded)),"
      + " u AS (UPDATE hooky_deliveries d SET status = o.status,"
      + " handled_at = COALESCE(o.handled_at, d.handled_at),"
      + " next_attempt_at = COALESCE(o.next_attempt_at, d.next_attempt_at),"
      + " last_error = o.last_error, succeeded_handlers = o.succeeded, lease_owner = NULL,"
      + " lease_until = NULL FROM o WHERE d.id = o.id AND d.lease_owner = ?"
      + " AND d.attempts = o.attempt RETURNING d.id, d.attempts),"
      + " a AS (INSERT INTO hooky_attempts (delivery_id, attempt, handler, started_at,"
      + " duration_micros, error) SELECT h.delivery_id, h.attempt, h.handler, h.started_at,"
      + " h.duration_micros, h.error FROM unnest(?::int8[], ?::int4[], ?::text[], ?::int8[],"
      + " ?::int8[], ?::text[]) WITH ORDINALITY"
      + " AS h(delivery_id, attempt, handler, started_at, duration_micros, error, place)"
      + " JOIN u ON u.id = h.delivery_id AND u.attempts = h.attempt ORDER BY h.place)"
      + " SELECT id, attempts, txid_current() FROM u";

  /** A row returned by {@link #TAKE}. */
  record Taken(long id, int attempts, String succeeded) {}

  /** The columns of new deliveries, one array each, in the order of {@link #INSERT}. */
  static final class NewRows {
    final String[] eventIds;
    final String[] eventNames;
    final String[] customerIds;
    final Long[] receivedAt;
    final String[] headers;
    final byte[][] bodies;
    final String[] statuses;
    final Long[] nextAttemptAt;
    final String[] deliveryIds;
    final String[] customerEmails;
    final String[] errors;

    NewRows(int size) {
      eventIds = new String[size];
      eventNames = new String[size];
      customerIds = new String[size];
      receivedAt = new Long[size];
      headers = new String[size];
      bodies = new byte[size][];
      statuses = new String[size];
      nextAttemptAt = new Long[size];
      deliveryIds = new String[size];
      customerEmails = new String[size];
      errors = new String[size];
    }
  }

  /**
   * Runs {@link #INSERT}: the row id of each event id inserted, by event id (an event id twice in
   * {@code rows} is inserted once, for its first place).
   */
  static Map<String, Long> insert(PreparedStatement insert, NewRows rows,
      LongConsumer transactionIds) throws SQLException {
    Connection connection = insert.getConnection();
    insert.setArray(1, connection.createArrayOf("text", rows.eventIds));
    insert.setArray(2, connection.createArrayOf("text", rows.eventNames));
    insert.setArray(3, connection.createArrayOf("text", rows.customerIds));
    insert.setArray(4, connection.createArrayOf("int8", rows.receivedAt));
    insert.setArray(5, connection.createArrayOf("text", rows.headers));
    insert.setArray(6, connection.createArrayOf("bytea", rows.bodies));
    insert.setArray(7, connection.createArrayOf("text", rows.statuses));
    insert.setArray(8, connection.createArrayOf("int8", rows.nextAttemptAt));
    insert.setArray(9, connection.createArrayOf("text", rows.deliveryIds));
    insert.setArray(10, connection.createArrayOf("text", rows.customerEmails));
    insert.setArray(11, connection.createArrayOf("text", rows.errors));
    Map<String, Long> inserted = new HashMap<>();
    try (ResultSet result = insert.executeQuery()) {
      while (result.next()) {
        inserted.put(result.getString(2), result.getLong(1));
        transactionIds.accept(result.getLong(3));
      }
    }
    return inserted;
  }

  /** Runs {@link #TAKE} for {@code ids}; returns the rows leased. */
  static List<Taken> take(PreparedStatement take, String owner, long leaseUntil, long now,
      Long[] ids, LongConsumer transactionIds) throws SQLException {
    take.setString(1, owner);
    take.setLong(2, leaseUntil);
    take.setArray(3, take.getConnection().createArrayOf("int8", ids));
    take.setLong(4, now);
    take.setLong(5, now);
    List<Taken> taken = new ArrayList<>(ids.length);
    try (ResultSet result = take.executeQuery()) {
      while (result.next()) {
        taken.add(new Taken(result.getLong(1), result.getInt(2), result.getString(3)));
        transactionIds.accept(result.getLong(4));
      }
    }
    return taken;
  }

  /** The outcomes of one group commit and their history rows, one array per column. */
  static final class OutcomeRows {
    final Long[] ids;
    final Integer[] attempts;
    final String[] statuses;
    final Long[] handledAt;
    final Long[] nextAttemptAt;
    final String[] errors;
    final String[] succeeded;
    final List<Long> historyIds = new ArrayList<>();
    final List<Integer> historyAttempts = new ArrayList<>();
    final List<String> historyHandlers = new ArrayList<>();
    final List<Long> historyStartedAt = new ArrayList<>();
    final List<Long> historyMicros = new ArrayList<>();
    final List<String> historyErrors = new ArrayList<>();

    OutcomeRows(int size) {
      ids = new Long[size];
      attempts = new Integer[size];
      statuses = new String[size];
      handledAt = new Long[size];
      nextAttemptAt = new Long[size];
      errors = new String[size];
      succeeded = new String[size];
    }

    void history(long id, int attempt, String handler, long startedAt, long micros,
        String error) {
      historyIds.add(id);
      historyAttempts.add(attempt);
      historyHandlers.add(handler);
      historyStartedAt.add(startedAt);
      historyMicros.add(micros);
      historyErrors.add(error);
    }
  }

  /**
   * Runs {@link #OUTCOMES}; returns "id/attempt" of each outcome recorded (the others' leases
   * had run out).
   */
  static List<String> outcomes(PreparedStatement outcomes, String owner, OutcomeRows rows,
      LongConsumer transactionIds) throws SQLException {
    Connection connection = outcomes.getConnection();
    outcomes.setArray(1, connection.createArrayOf("int8", rows.ids));
    outcomes.setArray(2, connection.createArrayOf("int4", rows.attempts));
    outcomes.setArray(3, connection.createArrayOf("text", rows.statuses));
    outcomes.setArray(4, connection.createArrayOf("int8", rows.handledAt));
    outcomes.setArray(5, connection.createArrayOf("int8", rows.nextAttemptAt));
    outcomes.setArray(6, connection.createArrayOf("text", rows.errors));
    outcomes.setArray(7, connection.createArrayOf("text", rows.succeeded));
    outcomes.setString(8, owner);
    outcomes.setArray(9, connection.createArrayOf("int8", rows.historyIds.toArray(new Long[0])));
    outcomes.setArray(10,
        connection.createArrayOf("int4", rows.historyAttempts.toArray(new Integer[0])));
    outcomes.setArray(11,
        connection.createArrayOf("text", rows.historyHandlers.toArray(new String[0])));
    outcomes.setArray(12,
        connection.createArrayOf("int8", rows.historyStartedAt.toArray(new Long[0])));
    outcomes.setArray(13,
        connection.createArrayOf("int8", rows.historyMicros.toArray(new Long[0])));
    outcomes.setArray(14,
        connection.createArrayOf("text", rows.historyErrors.toArray(new String[0])));
    List<String> recorded = new ArrayList<>();
    try (ResultSet result = outcomes.executeQuery()) {
      while (result.next()) {
        recorded.add(result.getLong(1) + "/" + result.getInt(2));
        transactionIds.accept(result.getLong(3));
      }
    }
    return recorded;
  }
}
