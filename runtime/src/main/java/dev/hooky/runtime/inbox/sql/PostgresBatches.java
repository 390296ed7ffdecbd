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
 * commit: every column goes as an array ({@code unnest}), however many rows it carries (the
 * driver's pipelined {@code executeBatch} costs one round trip too, but one execution per row on
 * the server, and cannot return rows). The statements of one group commit run together ({@link
 * #run}), in one round trip, followed by a query of the transaction's id, which {@link
 * PostgresTransactions} needs before the commit: so a group commit costs two round trips, this
 * and the commit.
 */
final class PostgresBatches {
  private PostgresBatches() {}

  /** Inserts new deliveries; returns the row id of each one inserted (not a duplicate). */
  static final String INSERT = "INSERT INTO hooky_deliveries (event_id, event_name, customer_id,"
      + " received_at, headers, body, status, next_attempt_at, delivery_id, customer_email,"
      + " last_error, lease_owner, lease_until, attempts) SELECT * FROM unnest(?::text[],"
      + " ?::text[], ?::text[], ?::int8[], ?::text[], ?::bytea[], ?::text[], ?::int8[], ?::text[],"
      + " ?::text[], ?::text[], ?::text[], ?::int8[], ?::int4[])"
      + " ON CONFLICT (event_id) DO NOTHING RETURNING id, event_id";

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
      + " SELECT id, attempts FROM u";

  /**
   * Gives up this instance's leases that end at the given instants, each the lease of a group
   * commit whose commit is in doubt: no worker got its rows, so no one would run them before
   * their lease ran out.
   */
  static final String RELEASE = "UPDATE hooky_deliveries SET lease_owner = NULL,"
      + " lease_until = NULL WHERE status IN ('pending', 'retrying') AND lease_owner = ?"
      + " AND lease_until = ANY(?::int8[]) RETURNING id";

  /** {@link #RELEASE}. */
  static final class Release implements Part {
    private final String owner;
    private final Long[] leaseEnds;

    Release(String owner, Long[] leaseEnds) {
      this.owner = owner;
      this.leaseEnds = leaseEnds;
    }

    @Override
    public String sql() {
      return RELEASE;
    }

    @Override
    public int bind(PreparedStatement release, int at) throws SQLException {
      release.setString(at, owner);
      release.setArray(at + 1, release.getConnection().createArrayOf("int8", leaseEnds));
      return at + 2;
    }

    @Override
    public void read(ResultSet rows) {
      // The rows wait in the table again, for any claim.
    }
  }

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
    /** This instance, for a row handed to its workers from memory (leased at once), else null. */
    final String[] leaseOwners;
    final Long[] leaseUntil;
    /** 1 for a row leased at once, as a claim would have counted it; else 0. */
    final Integer[] attempts;

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
      leaseOwners = new String[size];
      leaseUntil = new Long[size];
      attempts = new Integer[size];
    }
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

  /** One statement of a group commit, run with the others in one round trip ({@link #run}). */
  interface Part {
    String sql();

    /** Binds this part's parameters from {@code at}; returns the index after its last. */
    int bind(PreparedStatement statement, int at) throws SQLException;

    void read(ResultSet rows) throws SQLException;
  }

  /**
   * Runs {@code parts} as one statement: the driver sends them together, with a query of the
   * transaction's id after them, and reads their results in turn, so that they cost one round
   * trip however many kinds of write the group commit holds.
   */
  static void run(WriteBatcher.Statements statements, List<Part> parts,
      LongConsumer transactionIds) throws SQLException {
    StringBuilder sql = new StringBuilder();
    for (Part part : parts) {
      sql.append(part.sql()).append(";\n");
    }
    sql.append("SELECT txid_current_if_assigned()");
    PreparedStatement statement = statements.prepare(sql.toString());
    int at = 1;
    for (Part part : parts) {
      at = part.bind(statement, at);
    }
    statement.execute();
    for (Part part : parts) {
      try (ResultSet rows = statement.getResultSet()) {
        part.read(rows);
      }
      statement.getMoreResults();
    }
    try (ResultSet rows = statement.getResultSet()) {
      if (rows.next()) {
        transactionIds.accept(rows.getLong(1)); // 0 for NULL: none assigned, nothing written
      }
    }
  }

  /** {@link #INSERT}: the row id of each event id inserted, by event id, once read. */
  static final class Insert implements Part {
    private final NewRows rows;
    final Map<String, Long> inserted = new HashMap<>();

    Insert(NewRows rows) {
      this.rows = rows;
    }

    @Override
    public String sql() {
      return INSERT;
    }

    @Override
    public int bind(PreparedStatement insert, int at) throws SQLException {
      Connection connection = insert.getConnection();
      insert.setArray(at, connection.createArrayOf("text", rows.eventIds));
      insert.setArray(at + 1, connection.createArrayOf("text", rows.eventNames));
      insert.setArray(at + 2, connection.createArrayOf("text", rows.customerIds));
      insert.setArray(at + 3, connection.createArrayOf("int8", rows.receivedAt));
      insert.setArray(at + 4, connection.createArrayOf("text", rows.headers));
      insert.setArray(at + 5, connection.createArrayOf("bytea", rows.bodies));
      insert.setArray(at + 6, connection.createArrayOf("text", rows.statuses));
      insert.setArray(at + 7, connection.createArrayOf("int8", rows.nextAttemptAt));
      insert.setArray(at + 8, connection.createArrayOf("text", rows.deliveryIds));
      insert.setArray(at + 9, connection.createArrayOf("text", rows.customerEmails));
      insert.setArray(at + 10, connection.createArrayOf("text", rows.errors));
      insert.setArray(at + 11, connection.createArrayOf("text", rows.leaseOwners));
      insert.setArray(at + 12, connection.createArrayOf("int8", rows.leaseUntil));
      insert.setArray(at + 13, connection.createArrayOf("int4", rows.attempts));
      return at + 14;
    }

    @Override
    public void read(ResultSet result) throws SQLException {
      while (result.next()) {
        inserted.put(result.getString(2), result.getLong(1));
      }
    }
  }

  /** {@link #OUTCOMES}: "id/attempt" of each outcome recorded (the others' leases ran out). */
  static final class Outcomes implements Part {
    private final String owner;
    private final OutcomeRows rows;
    final java.util.Set<String> recorded = new java.util.HashSet<>();

    Outcomes(String owner, OutcomeRows rows) {
      this.owner = owner;
      this.rows = rows;
    }

    @Override
    public String sql() {
      return OUTCOMES;
    }

    @Override
    public int bind(PreparedStatement outcomes, int at) throws SQLException {
      Connection connection = outcomes.getConnection();
      outcomes.setArray(at, connection.createArrayOf("int8", rows.ids));
      outcomes.setArray(at + 1, connection.createArrayOf("int4", rows.attempts));
      outcomes.setArray(at + 2, connection.createArrayOf("text", rows.statuses));
      outcomes.setArray(at + 3, connection.createArrayOf("int8", rows.handledAt));
      outcomes.setArray(at + 4, connection.createArrayOf("int8", rows.nextAttemptAt));
      outcomes.setArray(at + 5, connection.createArrayOf("text", rows.errors));
      outcomes.setArray(at + 6, connection.createArrayOf("text", rows.succeeded));
      outcomes.setString(at + 7, owner);
      outcomes.setArray(at + 8,
          connection.createArrayOf("int8", rows.historyIds.toArray(new Long[0])));
      outcomes.setArray(at + 9,
          connection.createArrayOf("int4", rows.historyAttempts.toArray(new Integer[0])));
      outcomes.setArray(at + 10,
          connection.createArrayOf("text", rows.historyHandlers.toArray(new String[0])));
      outcomes.setArray(at + 11,
          connection.createArrayOf("int8", rows.historyStartedAt.toArray(new Long[0])));
      outcomes.setArray(at + 12,
          connection.createArrayOf("int8", rows.historyMicros.toArray(new Long[0])));
      outcomes.setArray(at + 13,
          connection.createArrayOf("text", rows.historyErrors.toArray(new String[0])));
      return at + 14;
    }

    @Override
    public void read(ResultSet result) throws SQLException {
      while (result.next()) {
        recorded.add(result.getLong(1) + "/" + result.getInt(2));
      }
    }
  }
}
