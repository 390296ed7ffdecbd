package dev.hooky.runtime.faults;

import dev.hooky.runtime.HookyServer;
import dev.hooky.runtime.testing.TestServers;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SQLite inbox under real storage faults, on a real small tmpfs: the disk fills, the file
 * system turns read-only (what ext4 does after an I/O error, with errors=remount-ro), and heals.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SqliteFaultsTest {
  @TempDir
  Path directory;

  @Test
  void aFullDiskAnswers503UntilItHasRoomAgainAndLosesNothing() throws Exception {
    try (Tmpfs disk = Tmpfs.mount(directory, "2m")) {
      RecordingHandlers handlers = new RecordingHandlers();
      try (HookyServer server = start(disk.path().resolve("inbox.db"), handlers)) {
        new FaultDrill("disk-full", server, handlers).run(() -> { }, "full",
            () -> disk.resize("64m"));
      }
    }
  }

  static HookyServer start(Path database, RecordingHandlers handlers) {
    return TestServers.builder().inbox("sqlite:" + database).workerThreads(2)
        .handlers(handlers).start();
  }
}
