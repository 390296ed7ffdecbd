package dev.hooky.spring;

import dev.hooky.runtime.Hooky;
import dev.hooky.runtime.HookyBuilder;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;

/** A builder set from the {@code hooky.*} properties. */
final class HookyFromProperties {
  private HookyFromProperties() {}

  /**
   * @throws IllegalArgumentException naming the property whose value is unusable
   * @throws IllegalStateException when {@code hooky.inbox=postgres} and there is no DataSource
   */
  static HookyBuilder builder(HookyProperties properties, ObjectProvider<DataSource> dataSource) {
    HookyBuilder builder = Hooky.server();
    set("hooky.signing-keys",
        () -> builder.signingKeys(properties.getSigningKeys().toArray(String[]::new)));
    set("hooky.path", () -> builder.path(properties.getPath()));
    set("hooky.timestamp-tolerance",
        () -> builder.timestampTolerance(properties.getTimestampTolerance()));
    if (properties.getWorkerThreads() != null) {
      set("hooky.worker-threads", () -> builder.workerThreads(properties.getWorkerThreads()));
    }
    String inbox = properties.getInbox();
    if ("postgres".equals(inbox)) {
      DataSource source = dataSource.getIfAvailable();
      if (source == null) {
        throw new IllegalStateException("hooky.inbox=postgres uses the application's DataSource,"
            + " and there is none: configure spring.datasource.*, or set hooky.inbox to"
            + " postgres:JDBC-URL, sqlite:PATH or memory");
      }
      builder.postgresInbox(source);
    } else {
      set("hooky.inbox", () -> builder.inbox(inbox));
    }
    HookyProperties.Admin admin = properties.getAdmin();
    if (!admin.isEnabled()) {
      builder.adminPort(-1);
    } else {
      set("hooky.admin.port", () -> builder.adminPort(admin.getPort()));
      set("hooky.admin.host", () -> builder.adminHost(admin.getHost()));
      if (admin.getToken() != null) {
        set("hooky.admin.token", () -> builder.adminToken(admin.getToken()));
      }
    }
    return builder;
  }

  /** Applies a setting, naming its property in any error about its value. */
  private static void set(String property, Runnable setter) {
    try {
      setter.run();
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new IllegalArgumentException(property + ": " + e.getMessage(), e);
    }
  }
}
