package dev.hooky.runtime.inbox.sql;

import dev.hooky.runtime.inbox.AttemptRecord;
import dev.hooky.runtime.inbox.DeliveryQuery;
import dev.hooky.runtime.inbox.DeliveryRecord;
import dev.hooky.runtime.inbox.DeliveryStatus;
import dev.hooky.runtime.inbox.InboundDelivery;
import dev.hooky.runtime.inbox.StoredText;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The read side of {@link SqlInbox}: one delivery with its attempts, filtered pages for Live Logs,
 * and the backlog's depth, each on a read connection of its own.
 */
final class SqlDeliveryReader {
  /** Runs before each read, so that it sees every write queued before it. */
  @FunctionalInterface
  interface WriteBarrier {
    void await() throws SQLException;
  }

  private static final String SUMMARY_COLUMNS = "id, event_id, event_name, customer_id,"
      + " received_at, status, attempts, next_attempt_at, last_error, handled_at, replays, headers,"
      + " (SELECT COALESCE(SUM(a.duration_micros), 0) FROM hooky_attempts a"
      + " WHERE a.delivery_id = hooky_deliveries.id) AS handler_micros";

  /** A quarantined row as a quarantined delivery, and its row id. */
  record Quarantined(long id, InboundDelivery delivery) {}

  private final ReadConnections reads;
  private final WriteBarrier barrier;

  SqlDeliveryReader(ReadConnections reads, WriteBarrier barrier) {
    this.reads = reads;
    this.barrier = barrier;
  }

  Optional<DeliveryRecord> find(String eventId) {
    return read(connection -> {
      DeliveryRecord summary = null;
      byte[] body = null;
      try (PreparedStatement select = connection.prepareStatement(
          "SELECT " + SUMMARY_COLUMNS + ", body FROM hooky_deliveries WHERE event_id = ?")) {
        select.setString(1, StoredText.key(eventId));
        try (ResultSet result = select.executeQuery()) {
          if (result.next()) {
            summary = toRecord(result, null, List.of());
            body = result.getBytes("body");
          }
        }
      }
      if (summary == null) {
        return Optional.empty();
      }
      return Optional.of(new DeliveryRecord(summary.id(), summary.eventId(), summary.eventName(),
          summary.customerId(), summary.receivedAt(), summary.status(), summary.attempts(),
          summary.nextAttemptAt(), summary.lastError(), summary.handledAt(), summary.replays(),
          summary.headers(), body, history(connection, summary.id()), summary.handlerTime()));
    });
  }

  private List<AttemptRecord> history(Connection connection, long id) throws SQLException {
    List<AttemptRecord> history = new ArrayList<>();
    try (PreparedStatement select = connection.prepareStatement("SELECT attempt, handler,"
        + " started_at, duration_micros, error FROM hooky_attempts WHERE delivery_id = ?"
        + " ORDER BY started_at, attempt")) {
      select.setLong(1, id);
      try (ResultSet result = select.executeQuery()) {
        while (result.next()) {
          history.add(new AttemptRecord(result.getInt(1), result.getString(2),
              Instant.ofEpochMilli(result.getLong(3)), Duration.ofNanos(result.getLong(4) * 1000),
              result.getString(5)));
        }
      }
    }
    return history;
  }

  /**
   * Quarantined deliveries with their bodies, by row id, matching {@code where} (its parameters
   * first, then the limit): for replays, which parse them again.
   */
  List<Quarantined> quarantined(String where, int limit, Object... parameters) {
    return read(connection -> {
      try (PreparedStatement select = connection.prepareStatement("SELECT id, event_id,"
          + " event_name, received_at, headers, body, last_error FROM hooky_deliveries"
          + " WHERE status = 'quarantined' AND " + where + " ORDER BY id LIMIT ?")) {
        int index = 1;
        for (Object parameter : parameters) {
          select.setObject(index++, parameter);
        }
        select.setInt(index, limit);
        List<Quarantined> rows = new ArrayList<>();
        try (ResultSet result = select.executeQuery()) {
          while (result.next()) {
            String reason = result.getString("last_error");
            rows.add(new Quarantined(result.getLong("id"), InboundDelivery.quarantined(
                result.getString("event_id"), result.getString("event_name"),
                Instant.ofEpochMilli(result.getLong("received_at")),
                StoredHeaders.fromJson(result.getString("headers")), result.getBytes("body"),
                reason != null ? reason : "quarantined")));
          }
        }
        return rows;
      }
    });
  }

  List<DeliveryRecord> query(DeliveryQuery query) {
    StringBuilder sql = new StringBuilder("SELECT " + SUMMARY_COLUMNS
        + " FROM hooky_deliveries WHERE 1 = 1");
    List<Object> parameters = new ArrayList<>();
    if (query.status() != null) {
      sql.append(" AND status = ?");
      parameters.add(query.status().key());
    }
    // Compared with the columns as stored (cleaned): a NUL in a parameter would fail the query.
    String eventName = StoredText.clean(query.eventName());
    if (eventName != null) {
      if (eventName.endsWith("*")) {
        sql.append(" AND substr(event_name, 1, ?) = ?");
        String prefix = eventName.substring(0, eventName.length() - 1);
        parameters.add(prefix.codePointCount(0, prefix.length()));
        parameters.add(prefix);
      } else {
        sql.append(" AND event_name = ?");
        parameters.add(eventName);
      }
    }
    String customer = StoredText.clean(query.customerId());
    if (customer != null) {
      sql.append(" AND (customer_id = ? OR customer_email = ?)");
      parameters.add(customer);
      parameters.add(customer);
    }
    String text = StoredText.clean(query.text());
    if (text != null) {
      sql.append(" AND (substr(event_id, 1, ?) = ? OR substr(delivery_id, 1, ?) = ?)");
      for (int i = 0; i < 2; i++) {
        parameters.add(text.codePointCount(0, text.length())); // SQL counts characters
        parameters.add(text);
      }
    }
    if (query.since() != null) {
      sql.append(" AND received_at >= ?");
      parameters.add(query.since().toEpochMilli());
    }
    if (query.until() != null) {
      sql.append(" AND received_at < ?");
      parameters.add(query.until().toEpochMilli());
    }
    if (query.beforeId() != null) {
      sql.append(" AND id < ?");
      parameters.add(query.beforeId());
    }
    sql.append(" ORDER BY id DESC LIMIT ?");
    parameters.add(query.limit());
    return read(connection -> {
      try (PreparedStatement select = connection.prepareStatement(sql.toString())) {
        for (int i = 0; i < parameters.size(); i++) {
          select.setObject(i + 1, parameters.get(i));
        }
        List<DeliveryRecord> records = new ArrayList<>();
        try (ResultSet result = select.executeQuery()) {
          while (result.next()) {
            records.add(toRecord(result, null, List.of()));
          }
        }
        return records;
      }
    });
  }

  int depth() {
    return read(connection -> {
      try (PreparedStatement count = connection.prepareStatement(
          "SELECT COUNT(*) FROM hooky_deliveries WHERE status IN ('pending', 'retrying')");
          ResultSet result = count.executeQuery()) {
        result.next();
        return result.getInt(1);
      }
    });
  }

  private static DeliveryRecord toRecord(ResultSet result, byte[] body,
      List<AttemptRecord> history) throws SQLException {
    long handledAt = result.getLong("handled_at");
    boolean handled = !result.wasNull();
    return new DeliveryRecord(result.getLong("id"), result.getString("event_id"),
        result.getString("event_name"), result.getString("customer_id"),
        Instant.ofEpochMilli(result.getLong("received_at")),
        DeliveryStatus.fromKey(result.getString("status")), result.getInt("attempts"),
        Instant.ofEpochMilli(result.getLong("next_attempt_at")), result.getString("last_error"),
        handled ? Instant.ofEpochMilli(handledAt) : null, result.getInt("replays"),
        StoredHeaders.fromJson(result.getString("headers")), body, history,
        Duration.ofNanos(result.getLong("handler_micros") * 1000));
  }

  private <T> T read(ReadConnections.Read<T> read) {
    try {
      barrier.await();
      return reads.read(read);
    } catch (SQLException e) {
      throw new InboxStorageException("inbox read failed: " + e.getMessage(), e);
    }
  }
}
