package dev.hooky.runtime.inbox.sql;

import java.sql.Connection;
import java.sql.SQLException;

/** Lends a connection for reading. */
interface ReadConnections {
  @FunctionalInterface
  interface Read<T> {
    T read(Connection connection) throws SQLException;
  }

  <T> T read(Read<T> read) throws SQLException;
}
