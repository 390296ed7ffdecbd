package dev.hooky.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hooky.runtime.Hooky;
import dev.hooky.runtime.HookyServer;
import dev.hooky.runtime.inbox.DeliveryQuery;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command the sample prints really sends a correctly signed event. */
class SampleApplicationTest {
  @TempDir
  Path directory;

  @Test
  void thePrintedCommandSendsAnEventTheSampleAccepts() throws Exception {
    String key = "sample-test-key";
    try (HookyServer server = SampleApplication.start(Map.of(
        Hooky.PORT_VARIABLE, "0",
        Hooky.HOST_VARIABLE, "127.0.0.1",
        Hooky.SIGNING_KEYS_VARIABLE, key,
        Hooky.INBOX_VARIABLE, "sqlite:" + directory.resolve("sample.db")))) {

      String output = bash(SampleApplication.sendCommand(server.url(), key));

      assertTrue(output.startsWith("ok"), output);
      assertTrue(output.contains("HTTP 200"), output);
      assertEquals(1, server.inbox().query(DeliveryQuery.latest(10)).size(),
          "the event is in the sample's SQLite inbox");
    }
  }

  @Test
  void aCommandSignedWithAnotherKeyIsRejected() throws Exception {
    try (HookyServer server = SampleApplication.start(Map.of(
        Hooky.PORT_VARIABLE, "0",
        Hooky.HOST_VARIABLE, "127.0.0.1",
        Hooky.SIGNING_KEYS_VARIABLE, "the-real-key",
        Hooky.INBOX_VARIABLE, "sqlite:" + directory.resolve("sample.db")))) {

      String output = bash(SampleApplication.sendCommand(server.url(), "a-wrong-key"));

      assertTrue(output.contains("signature mismatch"), output);
      assertTrue(output.contains("HTTP 401"), output);
    }
  }

  private static String bash(String command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder("bash", "-c", command).redirectErrorStream(true).start();
    assertTrue(process.waitFor(20, TimeUnit.SECONDS), "the command did not finish in 20 s");
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, process.exitValue(), output);
    return output;
  }
}
