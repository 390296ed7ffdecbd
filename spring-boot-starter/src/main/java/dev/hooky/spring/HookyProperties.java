package dev.hooky.spring;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** Hooky's settings in a Spring Boot application: the {@code hooky.*} properties. */
@ConfigurationProperties("hooky")
public class HookyProperties {
  /**
   * Customer.io signing keys (Data &amp; Integrations &gt; Integrations &gt; Reporting webhooks);
   * a request signed with any of them verifies. Required.
   */
  private List<String> signingKeys = new ArrayList<>();

  /** The webhook path on the application's own server. */
  private String path = "/webhooks/customerio";

  /**
   * Where accepted events wait for their handlers: "sqlite:PATH", "postgres" (the application's
   * DataSource), "postgres:JDBC-URL", or "memory" (events not yet handled are lost on a crash).
   */
  private String inbox = "sqlite:hooky.db";

  /**
   * How old a signed timestamp may be; 0 turns the check off. Default 8 days, as far back as
   * de-duplication remembers event ids.
   */
  private Duration timestampTolerance = Duration.ofDays(8);

  /** How many threads run handlers; default the number of cores, at least 2. */
  private Integer workerThreads;

  /** The admin port: Live Logs, the console API, health and readiness. */
  private final Admin admin = new Admin();

  public List<String> getSigningKeys() {
    return signingKeys;
  }

  public void setSigningKeys(List<String> signingKeys) {
    this.signingKeys = signingKeys;
  }

  public String getPath() {
    return path;
  }

  public void setPath(String path) {
    this.path = path;
  }

  public String getInbox() {
    return inbox;
  }

  public void setInbox(String inbox) {
    this.inbox = inbox;
  }

  public Duration getTimestampTolerance() {
    return timestampTolerance;
  }

  public void setTimestampTolerance(Duration timestampTolerance) {
    this.timestampTolerance = timestampTolerance;
  }

  public Integer getWorkerThreads() {
    return workerThreads;
  }

  public void setWorkerThreads(Integer workerThreads) {
    this.workerThreads = workerThreads;
  }

  public Admin getAdmin() {
    return admin;
  }

  /** The {@code hooky.admin.*} properties. */
  public static class Admin {
    /** Whether to open the admin port (Live Logs). */
    private boolean enabled = true;

    /** The admin port; 0 picks a free one. */
    private int port = 8081;

    /**
     * The address the admin port binds; beyond loopback it needs a strong hooky.admin.token.
     */
    private String host = "127.0.0.1";

    /** The admin token (Authorization: Bearer); generated and logged once at start-up if unset. */
    private String token;

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public int getPort() {
      return port;
    }

    public void setPort(int port) {
      this.port = port;
    }

    public String getHost() {
      return host;
    }

    public void setHost(String host) {
      this.host = host;
    }

    public String getToken() {
      return token;
    }

    public void setToken(String token) {
      this.token = token;
    }
  }
}
