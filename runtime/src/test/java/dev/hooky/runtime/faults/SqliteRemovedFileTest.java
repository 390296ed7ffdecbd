package dev.hooky.runtime.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hooky.runtime.HookyServer;
import dev.hooky.runtime.testing.TestServers;
import dev.hooky.runtime.testing.WebhookClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SQLite inbox's file or directory vanishes under a running server. Hooky never creates an
 * empty inbox in its place (the deliveries it held would be lost without a word): it answers 503
 * and says why on {@code /readyz} until the file is back, then carries on with it.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SqliteRemovedFileTest {
  @TempDir
  Path directory;

  @Test
  void aDirectoryMovedAwayAndBackLosesNothing() throws Exception {
    Path inboxDirectory = Files.createDirectories(directory.resolve("data"));
    Path away = directory.resolve("data-unmounted");
    RecordingHandlers handlers = new RecordingHandlers();
    try (HookyServer server = SqliteFaultsTest.start(inboxDirectory.resolve("inbox.db"),
        handlers)) {
      new FaultDrill("directory-away", server, handlers).run(
          () -> Files.move(inboxDirectory, away), "is gone",
          () -> {
            assertFalse(Files.exists(inboxDirectory), "Hooky made the directory again");
            Files.move(away, inboxDirectory);
          });
    }
  }

  @Test
  void aDeletedFileIsNotReplacedByAnEmptyOneAndTheLockStaysWithWhoeverHoldsIt()
      throws Exception {
    Path file = directory.resolve("inbox.db");
    RecordingHandlers handlers = new RecordingHandlers();
    try (HookyServer server = SqliteFaultsTest.start(file, handlers)) {
      WebhookClient client = TestServers.client(server);
      assertEquals(200, client.send(TestServers.sms("before")).statusCode());
      FaultDrill drill = new FaultDrill("deleted", server, handlers);
      for (String suffix : new String[] {"", "-wal", "-shm"}) {
        Files.deleteIfExists(Path.of(file + suffix));
      }

      HttpResponse<String> refused = client.send(TestServers.sms("after-1"));
      assertEquals(503, refused.statusCode());
      assertTrue(refused.headers().firstValue("Retry-After").isPresent());
      FaultDrill.await("/readyz to say unready", () -> drill.readyz().statusCode() == 503,
          Duration.ofSeconds(5), null);
      assertTrue(drill.readyz().body().contains("is gone"), drill.readyz().body());
      // Past a retry or two, nothing has made a new database at the path.
      long retried = System.nanoTime();
      FaultDrill.await("a retry of the writer", () -> System.nanoTime() - retried
          > TimeUnit.MILLISECONDS.toNanos(2_500), Duration.ofSeconds(5), null);
      assertEquals(503, client.send(TestServers.sms("after-2")).statusCode());
      assertFalse(Files.exists(file), "an empty inbox file was made in place of the lost one");

      // The lock file is still there, and still the first server's: a second one is refused.
      IllegalStateException refusedStart = assertThrows(IllegalStateException.class,
          () -> SqliteFaultsTest.start(file, new RecordingHandlers()).close());
      assertTrue(refusedStart.getMessage().contains("another Hooky server uses"),
          refusedStart.getMessage());

      // The lock file goes too: a second server starts on the path, with a new inbox and its
      // lock. The first must not write into that file: it stays unready, saying so.
      Files.delete(Path.of(file + ".lock"));
      RecordingHandlers secondHandlers = new RecordingHandlers();
      try (HookyServer second = SqliteFaultsTest.start(file, secondHandlers)) {
        assertEquals(200, TestServers.client(second).send(TestServers.sms("second-1"))
            .statusCode());
        FaultDrill.await("the first server to see the other's lock",
            () -> drill.readyz().body().contains("another Hooky server"),
            Duration.ofSeconds(5), null);
        assertEquals(503, client.send(TestServers.sms("after-3")).statusCode());
        assertEquals(200, TestServers.client(second).send(TestServers.sms("second-2"))
            .statusCode());
      }
    }
  }
}
