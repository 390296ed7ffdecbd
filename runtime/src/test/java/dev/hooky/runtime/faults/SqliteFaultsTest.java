package dev.hooky.runtime.faults;

import dev.hooky.runtime.HookyServer;
import dev.hooky.runtime.testing.TestServers;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SQLite inbox under real storage faults: a small tmpfs fills up, and a block device fails
 * writes (an I/O error); each then heals, the first by growing, the second by getting room again.
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

  @Test
  void aDiskFailingWritesAnswers503UntilItWorksAgainAndLosesNothing() throws Exception {
    try (LoopDisk disk = LoopDisk.create(directory, "3m")) {
      RecordingHandlers handlers = new RecordingHandlers();
      try (HookyServer server = start(disk.path().resolve("inbox.db"), handlers)) {
        new FaultDrill("io-error", server, handlers).run(() -> { }, "i/o error", disk::mend);
      }
    }
  }

  static HookyServer start(Path database, RecordingHandlers handlers) {
    return TestServers.builder().inbox("sqlite:" + database).workerThreads(2)
        .handlers(handlers).start();
  }
}
