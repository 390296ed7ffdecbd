package dev.hooky.runtime.faults;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A real block device that fails writes: an ext4 file system on a loop device whose backing file
 * is sparse, on a tmpfs far smaller than the file system. Writes land in the page cache at once;
 * when the kernel writes them back and the tmpfs is full, the block device fails them, and
 * {@code fsync} reports the error (SQLite: {@code SQLITE_IOERR_FSYNC}), as with a failing disk.
 * Enlarging the tmpfs mends the device. Needs root and a free loop device, else the test is
 * skipped, saying why.
 */
final class LoopDisk implements AutoCloseable {
  private final Tmpfs backing;
  private final String device;
  private final Path mountPoint;

  private LoopDisk(Tmpfs backing, String device, Path mountPoint) {
    this.backing = backing;
    this.device = device;
    this.mountPoint = mountPoint;
  }

  /** A 64 MiB file system whose device can store about {@code backingSize} (e.g. {@code 3m}). */
  static LoopDisk create(Path directory, String backingSize) throws Exception {
    Tmpfs backing = Tmpfs.mount(directory, backingSize);
    String device = null;
    try {
      Path image = backing.path().resolve("disk.img");
      String failure = Tmpfs.run("truncate", "-s", "64M", image.toString());
      if (failure == null) {
        failure = Tmpfs.run("mkfs.ext4", "-q", "-F", "-O", "^has_journal", "-E",
            "lazy_itable_init=1,nodiscard", image.toString());
      }
      assumeTrue(failure == null, "cannot make the ext4 image for the I/O error test: "
          + failure);
      Tmpfs.Result attached = Tmpfs.runForOutput("losetup", "-f", "--show", image.toString());
      assumeTrue(attached.failure() == null, "no loop device for the I/O error test (a"
          + " container without /dev/loop*?), so it is skipped: " + attached.failure());
      device = attached.output().strip();
      Path mountPoint = Files.createDirectories(directory.resolve("disk"));
      // errors=continue: a failed write is an I/O error for the writer; the file system stays
      // mounted read-write, as a disk with a bad moment would leave it.
      failure = Tmpfs.run("mount", "-o", "errors=continue", device, mountPoint.toString());
      assumeTrue(failure == null, "cannot mount the loop device: " + failure);
      return new LoopDisk(backing, device, mountPoint);
    } catch (Exception | Error e) {
      if (device != null) {
        Tmpfs.run("losetup", "-d", device);
      }
      backing.close();
      throw e;
    }
  }

  Path path() {
    return mountPoint;
  }

  /** Gives the device room to store what it is asked to write. */
  void mend() throws IOException, InterruptedException {
    backing.resize("256m");
  }

  @Override
  public void close() throws IOException {
    String unmounted = Tmpfs.runUninterrupted("umount", "-l", mountPoint.toString());
    String detached = Tmpfs.runUninterrupted("losetup", "-d", device);
    backing.close();
    if (unmounted != null || detached != null) {
      throw new IllegalStateException(unmounted + "; " + detached);
    }
  }
}
