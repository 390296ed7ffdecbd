package dev.hooky.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The PostgreSQL database the benchmark runs the PostgreSQL inbox on: the one named by {@code
 * HOOKY_BENCH_POSTGRES_URL}, or else a throwaway cluster started from the Debian binaries ({@code
 * /usr/lib/postgresql/VERSION/bin}: initdb, pg_ctl; run as the {@code postgres} user when this
 * process is root) listening on 127.0.0.1 on a free port with trust authentication, stopped and
 * deleted by {@link #close}. Each round gets a fresh schema of its own, dropped afterwards, so
 * that rounds start from empty tables and nothing else in the database is touched.
 */
public final class PostgresTarget implements AutoCloseable {
  static final String URL_VARIABLE = "HOOKY_BENCH_POSTGRES_URL";
  private static final Path DEBIAN_BINARIES = Path.of("/usr/lib/postgresql");
  private static final long COMMAND_TIMEOUT_SECONDS = 60;

  private final String jdbcUrl;
  private final Path clusterDirectory;
  private final List<String> runAs;
  private final Path binaries;
  private String description;
  private String unavailable;
  private Thread shutdownHook;

  /** A database the benchmark does not manage, or a cluster it starts. */
  private PostgresTarget(String jdbcUrl, Path clusterDirectory, List<String> runAs,
      Path binaries) {
    this.jdbcUrl = jdbcUrl;
    this.clusterDirectory = clusterDirectory;
    this.runAs = runAs;
    this.binaries = binaries;
  }

  /** A target that says why PostgreSQL is not run. */
  public static PostgresTarget unavailable(String why) {
    PostgresTarget target = new PostgresTarget(null, null, List.of(), null);
    target.unavailable = why;
    return target;
  }

  /** The database of {@code HOOKY_BENCH_POSTGRES_URL}, or a throwaway cluster, or why neither. */
  public static PostgresTarget open() {
    String url = System.getenv(URL_VARIABLE);
    if (url != null && !url.isBlank()) {
      url = url.trim();
      String shown = url.contains("?") ? url.substring(0, url.indexOf('?')) + "?…" : url;
      try (Connection connection = DriverManager.getConnection(url)) {
        PostgresTarget target = new PostgresTarget(url, null, List.of(), null);
        target.description = URL_VARIABLE + " (" + shown + ", " + version(connection) + ")";
        return target;
      } catch (SQLException e) {
        return unavailable(URL_VARIABLE + " is set, but connecting to " + shown + " failed: "
            + e.getMessage());
      }
    }
    return startCluster();
  }

  public boolean available() {
    return unavailable == null;
  }

  /** Why PostgreSQL is not run, when it is not. */
  public String unavailableReason() {
    return unavailable;
  }

  /** Which database, for the results. */
  public String description() {
    return description;
  }

  /**
   * Creates a fresh, empty schema for one round and returns the {@code inbox(...)} setting that
   * keeps the inbox in it: {@code postgres:} and the URL with {@code currentSchema}.
   */
  public String createSchema(String schema) throws SQLException {
    try (Connection connection = DriverManager.getConnection(jdbcUrl);
        Statement statement = connection.createStatement()) {
      statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
      statement.execute("CREATE SCHEMA " + schema);
    }
    return "postgres:" + jdbcUrl + (jdbcUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema;
  }

  /** Drops a round's schema; says so on the console if it cannot. */
  public void dropSchema(String schema) {
    try (Connection connection = DriverManager.getConnection(jdbcUrl);
        Statement statement = connection.createStatement()) {
      statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    } catch (SQLException e) {
      System.err.println("Could not drop the benchmark's schema " + schema + ": "
          + e.getMessage());
    }
  }

  /**
   * The next transaction id PostgreSQL will assign. Only transactions that write get one, so the
   * difference between two readings counts the write transactions (commits) in between, of every
   * session of the database: while the benchmark runs alone, the inbox's group-commit batches.
   *
   * @return the id, or -1 if it cannot be read
   */
  static long nextTransactionId(Connection connection) {
    try (Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(
            "SELECT txid_snapshot_xmax(txid_current_snapshot())")) {
      result.next();
      return result.getLong(1);
    } catch (SQLException e) {
      return -1;
    }
  }

  private static PostgresTarget startCluster() {
    Path binaries = debianBinaries();
    if (binaries == null) {
      return unavailable(URL_VARIABLE + " is not set and no PostgreSQL server binaries were"
          + " found in " + DEBIAN_BINARIES + "/*/bin (apt-get install postgresql)");
    }
    Path directory = null;
    List<String> runAs = new ArrayList<>();
    int port;
    try {
      directory = Files.createTempDirectory("hooky-bench-pg");
      if ("0".equals(output("id", "-u"))) {
        // initdb and postgres refuse to run as root.
        try {
          UserPrincipalLookupService users =
              directory.getFileSystem().getUserPrincipalLookupService();
          PosixFileAttributeView view =
              Files.getFileAttributeView(directory, PosixFileAttributeView.class);
          view.setOwner(users.lookupPrincipalByName("postgres"));
          view.setGroup(users.lookupPrincipalByGroupName("postgres"));
        } catch (IOException e) {
          deleteQuietly(directory);
          return unavailable("running as root, and there is no user \"postgres\" to run the"
              + " PostgreSQL server as (" + e.getMessage() + ")");
        }
        runAs.addAll(List.of("runuser", "-u", "postgres", "--"));
      }
      try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        port = free.getLocalPort();
      }
    } catch (IOException e) {
      deleteQuietly(directory);
      return unavailable("could not prepare a throwaway PostgreSQL cluster: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      deleteQuietly(directory);
      return unavailable("interrupted while preparing PostgreSQL");
    }

    PostgresTarget target = new PostgresTarget(
        "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres", directory, runAs,
        binaries);
    Path data = directory.resolve("data");
    try {
      target.run("initdb", List.of("initdb", "-D", data.toString(), "-A", "trust",
          "-U", "postgres", "-E", "UTF8", "--no-sync"));
      target.shutdownHook = new Thread(target::stopCluster, "bench-postgres-stop");
      Runtime.getRuntime().addShutdownHook(target.shutdownHook);
      target.run("pg_ctl start", List.of("pg_ctl", "-D", data.toString(),
          "-l", directory.resolve("server.log").toString(), "-w", "-t", "30",
          "-o", "-c listen_addresses=127.0.0.1 -p " + port + " -k " + directory, "start"));
      try (Connection connection = DriverManager.getConnection(target.jdbcUrl)) {
        target.description = "throwaway cluster, " + version(connection) + " from " + binaries
            + ", 127.0.0.1:" + port + ", trust authentication, default settings (fsync on,"
            + " synchronous_commit on)";
      }
      return target;
    } catch (IOException | SQLException | RuntimeException e) {
      target.close();
      return unavailable("could not start a throwaway PostgreSQL cluster from " + binaries
          + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      target.close();
      return unavailable("interrupted while starting PostgreSQL");
    }
  }

  @Override
  public void close() {
    if (shutdownHook != null) {
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException alreadyShuttingDown) {
        return;
      }
      shutdownHook = null;
    }
    stopCluster();
  }

  private void stopCluster() {
    if (clusterDirectory == null) {
      return;
    }
    Path data = clusterDirectory.resolve("data");
    if (Files.exists(data.resolve("postmaster.pid"))) {
      try {
        run("pg_ctl stop", List.of("pg_ctl", "-D", data.toString(), "-m", "fast", "-w", "stop"));
      } catch (IOException | RuntimeException e) {
        System.err.println("Could not stop the throwaway PostgreSQL cluster in " + data + ": "
            + e.getMessage());
        return;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    try {
      deleteRecursively(clusterDirectory);
    } catch (IOException | UncheckedIOException e) {
      System.err.println("Could not delete " + clusterDirectory + ": " + e.getMessage());
    }
  }

  /** Runs a PostgreSQL program (as postgres when root); its output goes to a file. */
  private void run(String what, List<String> command) throws IOException, InterruptedException {
    List<String> full = new ArrayList<>(runAs);
    full.add(binaries.resolve(command.get(0)).toString());
    full.addAll(command.subList(1, command.size()));
    Path output = Files.createTempFile("hooky-bench-pg-" + command.get(0), ".log");
    try {
      // To a file, not a pipe: pg_ctl start leaves the server running with its descriptors.
      Process process = new ProcessBuilder(full).redirectErrorStream(true)
          .redirectOutput(output.toFile()).start();
      if (!process.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IOException(what + " did not finish within " + COMMAND_TIMEOUT_SECONDS + " s");
      }
      if (process.exitValue() != 0) {
        String text = Files.readString(output).strip();
        throw new IOException(what + " failed (exit " + process.exitValue() + "): "
            + text.substring(Math.max(0, text.length() - 600)));
      }
    } finally {
      Files.deleteIfExists(output);
    }
  }

  private static Path debianBinaries() {
    if (!Files.isDirectory(DEBIAN_BINARIES)) {
      return null;
    }
    try (Stream<Path> versions = Files.list(DEBIAN_BINARIES)) {
      return versions.map(version -> version.resolve("bin"))
          .filter(bin -> Files.isExecutable(bin.resolve("initdb"))
              && Files.isExecutable(bin.resolve("pg_ctl")))
          .max(Comparator.comparing(PostgresTarget::majorVersion))
          .orElse(null);
    } catch (IOException e) {
      return null;
    }
  }

  private static int majorVersion(Path bin) {
    try {
      return Integer.parseInt(bin.getParent().getFileName().toString());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static String version(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery("SHOW server_version")) {
      result.next();
      return "PostgreSQL " + result.getString(1);
    }
  }

  private static String output(String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String text = new String(process.getInputStream().readAllBytes()).trim();
    process.waitFor();
    return text;
  }

  private static void deleteQuietly(Path directory) {
    if (directory != null) {
      try {
        deleteRecursively(directory);
      } catch (IOException | UncheckedIOException ignored) {
        // A temp directory left behind; the reason PostgreSQL did not run matters more.
      }
    }
  }

  private static void deleteRecursively(Path directory) throws IOException {
    if (!Files.exists(directory)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(directory)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> {
        try {
          Files.deleteIfExists(path);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
  }
}
