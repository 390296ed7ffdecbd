package dev.hooky.runtime.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server for the tests, shared by every test class in the JVM and started on
 * first use.
 *
 * <p>If {@value #URL_VARIABLE} is set, it is the JDBC URL of a server to use (its user must be
 * allowed to {@code CREATE DATABASE}); otherwise a throwaway cluster is made with the binaries of
 * the Debian package {@code postgresql} ({@code /usr/lib/postgresql/<version>/bin}): initdb into a
 * fresh temporary directory, trust authentication, fsync on, listening on 127.0.0.1 only, on a
 * free port. As root, initdb and pg_ctl run as the {@code postgres} user (through {@code runuser}),
 * since PostgreSQL refuses to run as root. The cluster is stopped and deleted when the JVM exits.
 *
 * <p>When no server can be had, {@link #shared()} throws, saying how to get one: the tests fail,
 * they are never skipped.
 */
public final class PostgresServer {
  /** The environment variable naming an existing server's JDBC URL. */
  public static final String URL_VARIABLE = "HOOKY_TEST_POSTGRES_URL";
  private static final String HOW_TO_GET_ONE = "The PostgreSQL tests need a PostgreSQL server:"
      + " install the Debian package `postgresql` (apt-get install postgresql; the tests run its"
      + " /usr/lib/postgresql/*/bin/initdb and pg_ctl to start a throwaway cluster), or set "
      + URL_VARIABLE + " to the JDBC URL of a server whose user may CREATE DATABASE, e.g."
      + " jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres&password=secret";
  private static final Path DEBIAN_BINARIES = Path.of("/usr/lib/postgresql");
  private static final long COMMAND_TIMEOUT_SECONDS = 120;
  private static final String CLUSTER_PREFIX = "hooky-postgres-";
  /** In each cluster's directory: the pid of the JVM that made it. */
  private static final String OWNER_FILE = "owner.pid";

  private static PostgresServer shared;
  private static RuntimeException failure;

  /** A JDBC URL of the server's maintenance database, to create databases from. */
  private final String adminUrl;
  private final String description;
  private final AtomicInteger databases = new AtomicInteger();
  private final Queue<String> created = new ConcurrentLinkedQueue<>();

  /** The cluster this JVM runs, or null for a server someone else runs. */
  private final LocalCluster cluster;

  private PostgresServer(String adminUrl, String description) {
    this(adminUrl, description, null);
  }

  private PostgresServer(String adminUrl, String description, LocalCluster cluster) {
    this.adminUrl = adminUrl;
    this.description = description;
    this.cluster = cluster;
  }

  /**
   * A throwaway cluster of this test's own, never shared, for tests that stop and start it (the
   * shared one must stay up for the others). Deleted when the JVM exits.
   *
   * @throws IllegalStateException when the Debian binaries are missing, saying how to get them
   */
  public static PostgresServer dedicated() {
    try {
      return LocalCluster.start();
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException(HOW_TO_GET_ONE.replace("The PostgreSQL tests need",
          "This test stops and starts a throwaway cluster; it needs") + ". Cause: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting PostgreSQL", e);
    }
  }

  /**
   * Stops the server, as an administrator's restart does: every connection is closed, and new
   * ones are refused until {@link #start}. Only for a {@link #dedicated} cluster.
   */
  public void stop() throws IOException, InterruptedException {
    ownCluster().run("pg_ctl", "-D", cluster.data.toString(), "-m", "fast", "-w", "-t", "60",
        "stop");
  }

  /** Starts the stopped server again, on the same port; returns once it accepts connections. */
  public void start() throws IOException, InterruptedException {
    ownCluster().run("pg_ctl", "-D", cluster.data.toString(), "-l",
        cluster.base.resolve("postgres.log").toString(), "-w", "-t", "60", "start");
  }

  /**
   * Closes every connection to {@code database} but the caller's, as a network fault or an
   * administrator's {@code pg_terminate_backend} does; the server stays up.
   *
   * @return how many connections were closed
   */
  public int dropConnections(String database) throws SQLException {
    try (Connection connection = DriverManager.getConnection(adminUrl);
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery("SELECT count(pg_terminate_backend(pid))"
            + " FROM pg_stat_activity WHERE datname = '" + database.replace("'", "''")
            + "' AND pid <> pg_backend_pid()")) {
      return result.next() ? result.getInt(1) : 0;
    }
  }

  private LocalCluster ownCluster() {
    if (cluster == null) {
      throw new IllegalStateException("only a dedicated() cluster can be stopped and started");
    }
    return cluster;
  }

  /**
   * The server, started on the first call.
   *
   * @throws IllegalStateException when there is none, saying how to get one (every later call
   *     throws the same way, without trying again)
   */
  public static synchronized PostgresServer shared() {
    if (shared != null) {
      return shared;
    }
    if (failure == null) {
      try {
        shared = open();
        return shared;
      } catch (IOException | SQLException | RuntimeException e) {
        failure = new IllegalStateException(HOW_TO_GET_ONE + ". Cause: " + e, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while starting PostgreSQL", e);
      }
    }
    throw new IllegalStateException(failure.getMessage(), failure.getCause());
  }

  /** Where the server is, for failure messages. */
  public String describe() {
    return description;
  }

  /** Creates a new, empty database with a unique name and returns its JDBC URL. */
  public String createDatabase() {
    String name = "hooky_test_" + ProcessHandle.current().pid() + "_"
        + databases.incrementAndGet();
    try (Connection connection = DriverManager.getConnection(adminUrl);
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create database " + name + " on " + description
          + ": " + e.getMessage(), e);
    }
    created.add(name);
    return withDatabase(adminUrl, name);
  }

  /** A plain JDBC connection, for a test to look into a database directly. */
  public static Connection connect(String jdbcUrl) throws SQLException {
    return DriverManager.getConnection(jdbcUrl);
  }

  /** {@code jdbcUrl} with its database replaced by {@code database}, query string kept. */
  public static String withDatabase(String jdbcUrl, String database) {
    String prefix = "jdbc:postgresql://";
    if (!jdbcUrl.startsWith(prefix)) {
      throw new IllegalArgumentException("not a jdbc:postgresql://host[:port]/database URL");
    }
    int query = jdbcUrl.indexOf('?');
    String beforeQuery = query < 0 ? jdbcUrl : jdbcUrl.substring(0, query);
    String queryString = query < 0 ? "" : jdbcUrl.substring(query);
    int slash = beforeQuery.indexOf('/', prefix.length());
    String hosts = slash < 0 ? beforeQuery : beforeQuery.substring(0, slash);
    return hosts + "/" + database + queryString;
  }

  private static PostgresServer open() throws IOException, SQLException, InterruptedException {
    String url = System.getenv(URL_VARIABLE);
    if (url != null && !url.isBlank()) {
      return external(url.trim());
    }
    return LocalCluster.start();
  }

  /** A server someone else runs: databases this JVM created are dropped at exit. */
  private static PostgresServer external(String url) throws SQLException {
    String redacted = url.indexOf('?') < 0 ? url : url.substring(0, url.indexOf('?')) + "?…";
    try {
      withDatabase(url, "postgres");
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(URL_VARIABLE + "=" + redacted + " is "
          + e.getMessage(), e);
    }
    try (Connection connection = DriverManager.getConnection(url)) {
      if (!connection.isValid(5)) {
        throw new SQLException("the connection is not valid");
      }
    } catch (SQLException e) {
      throw new SQLException("cannot connect to " + URL_VARIABLE + "=" + redacted + ": "
          + e.getMessage(), e);
    }
    PostgresServer server = new PostgresServer(url, redacted);
    Runtime.getRuntime().addShutdownHook(new Thread(server::dropCreated, "hooky-test-postgres"));
    return server;
  }

  private void dropCreated() {
    try (Connection connection = DriverManager.getConnection(adminUrl);
        Statement statement = connection.createStatement()) {
      for (String name : created) {
        try {
          statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException e) {
          System.err.println("Could not drop test database " + name + ": " + e.getMessage());
        }
      }
    } catch (SQLException e) {
      System.err.println("Could not drop the test databases on " + description + ": "
          + e.getMessage());
    }
  }

  /** A throwaway cluster made with the Debian binaries. */
  private static final class LocalCluster {
    private final Path bin;
    private final Path base;
    private final Path data;
    private final boolean asPostgresUser;

    private LocalCluster(Path bin, Path base, boolean asPostgresUser) {
      this.bin = bin;
      this.base = base;
      this.data = base.resolve("data");
      this.asPostgresUser = asPostgresUser;
    }

    static PostgresServer start() throws IOException, InterruptedException {
      Path initdb = findInitdb();
      Path base = Files.createTempDirectory(CLUSTER_PREFIX);
      boolean root = ((Integer) Files.getAttribute(base, "unix:uid")) == 0;
      Files.writeString(base.resolve(OWNER_FILE), Long.toString(ProcessHandle.current().pid()),
          StandardCharsets.US_ASCII);
      reapOrphans(initdb.getParent(), base.getParent(), root);
      LocalCluster cluster = new LocalCluster(initdb.getParent(), base, root);
      Runtime.getRuntime().addShutdownHook(new Thread(cluster::stop, "hooky-test-postgres"));
      if (root) {
        // PostgreSQL refuses to run as root: the cluster is the postgres user's (Debian creates it).
        UserPrincipal postgres;
        try {
          postgres = base.getFileSystem().getUserPrincipalLookupService()
              .lookupPrincipalByName("postgres");
        } catch (IOException e) {
          throw new IOException("running as root, but there is no `postgres` user to run"
              + " PostgreSQL as (" + e + ")", e);
        }
        Files.setOwner(base, postgres);
      }
      Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwx------"));
      cluster.run("initdb", "-D", cluster.data.toString(), "--auth=trust", "--username=postgres",
          "--encoding=UTF8", "--locale=C", "--no-sync");
      IOException lastFailure = null;
      for (int attempt = 1; attempt <= 3; attempt++) {
        int port = freePort();
        cluster.configure(port);
        try {
          cluster.run("pg_ctl", "-D", cluster.data.toString(), "-l",
              base.resolve("postgres.log").toString(), "-w", "-t", "60", "start");
        } catch (IOException e) {
          lastFailure = e; // Most likely someone took the port meanwhile: try another.
          continue;
        }
        String url = "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres";
        return new PostgresServer(url, "PostgreSQL " + initdb.getParent().getParent()
            .getFileName() + " on 127.0.0.1:" + port + " (throwaway cluster in " + base + ")",
            cluster);
      }
      throw lastFailure;
    }

    /**
     * Stops and deletes the clusters whose JVM died without running its shutdown hook: killed, as
     * PIT kills a test JVM that times out, or as a crashed CI runner is. Each left its server
     * running and a gigabyte of files; hundreds of them fill the disk.
     */
    private static void reapOrphans(Path bin, Path directory, boolean root) {
      try (DirectoryStream<Path> clusters =
          Files.newDirectoryStream(directory, CLUSTER_PREFIX + "*")) {
        for (Path cluster : clusters) {
          Path owner = cluster.resolve(OWNER_FILE);
          // A cluster without an owner file is being made right now (or by an older harness).
          if (Files.isRegularFile(owner) && !isAlive(owner)) {
            new LocalCluster(bin, cluster, root).stop();
          }
        }
      } catch (IOException | RuntimeException e) {
        System.err.println("Could not look for orphaned test clusters: " + e);
      }
    }

    private static boolean isAlive(Path ownerFile) throws IOException {
      try {
        long pid = Long.parseLong(Files.readString(ownerFile, StandardCharsets.US_ASCII).trim());
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
      } catch (NumberFormatException e) {
        return true; // Half written: its JVM is writing it now.
      }
    }

    /** The newest version's initdb under /usr/lib/postgresql. */
    private static Path findInitdb() throws IOException {
      List<Path> found = new ArrayList<>();
      if (Files.isDirectory(DEBIAN_BINARIES)) {
        try (DirectoryStream<Path> versions = Files.newDirectoryStream(DEBIAN_BINARIES)) {
          for (Path version : versions) {
            Path initdb = version.resolve("bin").resolve("initdb");
            if (Files.isExecutable(initdb)
                && Files.isExecutable(version.resolve("bin").resolve("pg_ctl"))) {
              found.add(initdb);
            }
          }
        }
      }
      return found.stream()
          .max(Comparator.comparing(LocalCluster::majorVersion))
          .orElseThrow(() -> new IOException("no " + DEBIAN_BINARIES
              + "/*/bin/initdb and pg_ctl found"));
    }

    private static Integer majorVersion(Path initdb) {
      try {
        return Integer.valueOf(initdb.getParent().getParent().getFileName().toString());
      } catch (NumberFormatException e) {
        return -1;
      }
    }

    private static int freePort() throws IOException {
      try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        return socket.getLocalPort();
      }
    }

    /** The settings of this run, after initdb's (the last setting in the file wins). */
    private void configure(int port) throws IOException {
      String settings = "\n# hooky tests\n"
          + "listen_addresses = '127.0.0.1'\n"
          + "port = " + port + "\n"
          + "unix_socket_directories = '" + base + "'\n"
          + "fsync = on\n"
          + "synchronous_commit = on\n"
          + "max_connections = 200\n";
      Files.writeString(data.resolve("postgresql.conf"), settings, StandardCharsets.UTF_8,
          StandardOpenOption.APPEND);
    }

    /** Runs one of the cluster's binaries, as postgres when we are root; fails on non-zero exit. */
    private void run(String program, String... arguments) throws IOException, InterruptedException {
      List<String> command = new ArrayList<>();
      if (asPostgresUser) {
        command.addAll(List.of("runuser", "-u", "postgres", "--"));
      }
      command.add(bin.resolve(program).toString());
      command.addAll(List.of(arguments));
      Path output = Files.createTempFile("hooky-postgres-" + program + "-", ".out");
      try {
        Process process = new ProcessBuilder(command)
            .directory(base.toFile())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
        boolean exited = process.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (!exited) {
          process.destroyForcibly();
        }
        if (!exited || process.exitValue() != 0) {
          String log = Files.readString(output, StandardCharsets.UTF_8).strip();
          Path serverLog = base.resolve("postgres.log");
          if (program.equals("pg_ctl") && Files.exists(serverLog)) {
            log += "\nServer log:\n" + Files.readString(serverLog, StandardCharsets.UTF_8).strip();
          }
          throw new IOException(String.join(" ", command)
              + (exited ? " exited with " + process.exitValue() : " did not finish in "
                  + COMMAND_TIMEOUT_SECONDS + " s") + ": " + log);
        }
      } finally {
        Files.deleteIfExists(output);
      }
    }

    /** At exit: stops the server without a checkpoint, and deletes the cluster. */
    private void stop() {
      try {
        if (Files.exists(data.resolve("postmaster.pid"))) {
          run("pg_ctl", "-D", data.toString(), "-m", "immediate", "-w", "-t", "30", "stop");
        }
      } catch (IOException | InterruptedException e) {
        System.err.println("Could not stop the test PostgreSQL in " + base + ": " + e.getMessage());
        return; // Leave the files of a server that may still run.
      }
      try (Stream<Path> files = Files.walk(base)) {
        files.sorted(Comparator.reverseOrder()).forEach(path -> {
          try {
            Files.deleteIfExists(path);
          } catch (IOException e) {
            // Best effort: it is a temporary directory.
          }
        });
      } catch (IOException e) {
        System.err.println("Could not delete " + base + ": " + e.getMessage());
      }
    }
  }
}
