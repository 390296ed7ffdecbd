package dev.hooky.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
        Hooky.SIGNING_KEYS_VARIABLE, key + ",an-older-key",
        Hooky.INBOX_VARIABLE, "sqlite:" + directory.resolve("sample.db")))) {

      // The command reads the configured key from the shell, as a user's would.
      String output = bash(SampleApplication.sendCommand(server.url(), null),
          Map.of(Hooky.SIGNING_KEYS_VARIABLE, key + ",an-older-key"));

      assertTrue(output.startsWith("ok"), output);
      assertTrue(output.contains("HTTP 200"), output);
      assertEquals(1, server.inbox().query(DeliveryQuery.latest(10)).size(),
          "the event is in the sample's SQLite inbox");
    }
  }

  @Test
  void withoutAConfiguredKeyTheDemonstrationKeyIsPrintedAndWorks() throws Exception {
    try (HookyServer server = SampleApplication.start(Map.of(
        Hooky.PORT_VARIABLE, "0",
        Hooky.HOST_VARIABLE, "127.0.0.1",
        Hooky.SIGNING_KEYS_VARIABLE, SampleApplication.DEMO_KEY,
        Hooky.INBOX_VARIABLE, "sqlite:" + directory.resolve("sample.db")))) {
      String banner = SampleApplication.banner(server, true);
      assertTrue(banner.contains("-hmac '" + SampleApplication.DEMO_KEY + "'"), banner);

      String output = bash(SampleApplication.sendCommand(server.url(), SampleApplication.DEMO_KEY),
          Map.of());

      assertTrue(output.contains("HTTP 200"), output);
    }
  }

  @Test
  void neitherAConfiguredKeyNorAConfiguredAdminTokenIsPrinted() {
    String key = "configured-signing-key-not-for-stdout";
    String token = "configured-admin-token-0123456789abcdef";
    try (HookyServer server = SampleApplication.start(Map.of(
        Hooky.PORT_VARIABLE, "0",
        Hooky.HOST_VARIABLE, "127.0.0.1",
        Hooky.SIGNING_KEYS_VARIABLE, key,
        Hooky.ADMIN_TOKEN_VARIABLE, token,
        Hooky.INBOX_VARIABLE, "sqlite:" + directory.resolve("sample.db")))) {

      String banner = SampleApplication.banner(server, false);

      assertFalse(banner.contains(key), banner);
      assertFalse(banner.contains(token), banner);
      assertFalse(banner.contains("token="), banner);
      assertTrue(banner.contains("Live Logs: " + server.adminUrl().orElseThrow().resolve("/")),
          banner);
      assertTrue(banner.contains("$" + "{" + Hooky.SIGNING_KEYS_VARIABLE), banner);
    }
  }

  @Test
  void aCommandSignedWithAnotherKeyIsRejected() throws Exception {
    try (HookyServer server = SampleApplication.start(Map.of(
        Hooky.PORT_VARIABLE, "0",
        Hooky.HOST_VARIABLE, "127.0.0.1",
        Hooky.SIGNING_KEYS_VARIABLE, "the-real-key",
        Hooky.INBOX_VARIABLE, "sqlite:" + directory.resolve("sample.db")))) {

      String output = bash(SampleApplication.sendCommand(server.url(), "a-wrong-key"), Map.of());

      assertTrue(output.contains("signature mismatch"), output);
      assertTrue(output.contains("HTTP 401"), output);
    }
  }

  private static String bash(String command, Map<String, String> environment)
      throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder("bash", "-c", command).redirectErrorStream(true);
    builder.environment().remove(Hooky.SIGNING_KEYS_VARIABLE);
    builder.environment().putAll(environment);
    Process process = builder.start();
    assertTrue(process.waitFor(20, TimeUnit.SECONDS), "the command did not finish in 20 s");
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, process.exitValue(), output);
    return output;
  }
}
