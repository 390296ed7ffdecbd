package dev.hooky.runtime.inbox.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.reflect.Proxy;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.sql.Connection;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** What opening a SQL inbox says when it cannot, and how a local transaction ends. */
class SqlInboxesTest {
  @Test
  void fileErrorsSayWhatWentWrongNotOnlyThePath() {
    assertEquals("permission denied on /srv/hooky.db",
        SqlInboxes.describe(new AccessDeniedException("/srv/hooky.db")));
    assertEquals("no such file or directory: /srv/hooky.db",
        SqlInboxes.describe(new NoSuchFileException("/srv/hooky.db")));
    assertEquals("Read-only file system: /srv/hooky.db", SqlInboxes.describe(
        new FileSystemException("/srv/hooky.db", null, "Read-only file system")));
    assertEquals("/srv/hooky.db", SqlInboxes.describe(new FileSystemException("/srv/hooky.db")),
        "no reason given: the message as it is");
    assertEquals("database is locked",
        SqlInboxes.describe(new SQLException("database is locked")));
  }

  @Test
  void aRollbackThatFailsTooIsKeptWithTheFailure() {
    SQLException own = new SQLException("constraint failed");
    SQLException rollbackFailure = new SQLException("disk I/O error");
    Connection connection = (Connection) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {Connection.class}, (proxy, method, arguments) -> {
          if (method.getName().equals("rollback")) {
            throw rollbackFailure;
          }
          return null;
        });

    SQLException thrown = assertThrows(SQLException.class,
        () -> SqlInboxes.inTransaction(connection, c -> {
          throw own;
        }));

    assertSame(own, thrown);
    assertSame(rollbackFailure, thrown.getSuppressed()[0]);
  }
}
