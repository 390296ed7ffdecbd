package dev.hooky.runtime.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hooky.runtime.kill.KillTestServer;
import dev.hooky.runtime.testing.Signatures;
import dev.hooky.runtime.testing.TestServers;
import dev.hooky.runtime.testing.WebhookClient;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server with a 256 MiB heap, in a JVM of its own, faced with 200 connections that each
 * declare a 5 MiB body and send ten bytes of it: a server that allocated by the declared length
 * would need a gigabyte and fail with OutOfMemoryError; this one answers authentic events.
 */
class LowMemoryServerTest {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

  @TempDir
  Path directory;

  @Test
  void twoHundredDeclaredFiveMebibyteBodiesCauseNoOutOfMemoryError() throws Exception {
    Path stdout = directory.resolve("stdout.log");
    Path stderr = directory.resolve("stderr.log");
    Path handled = directory.resolve("handled.log");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process process = new ProcessBuilder(java, "-Xmx256m", "-XX:+UseSerialGC",
        "-cp", System.getProperty("java.class.path"), KillTestServer.class.getName(),
        directory.resolve("inbox.db").toString(), handled.toString(), "2", "0")
        .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
    List<Socket> liars = new ArrayList<>();
    try {
      int port = awaitPort(process, stdout, stderr);
      for (int i = 0; i < 200; i++) {
        Socket socket = new Socket("127.0.0.1", port);
        String timestamp = Long.toString(System.currentTimeMillis() / 1000);
        String head = "POST /webhooks/customerio HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            + "Content-Type: application/json\r\nContent-Length: " + 5 * 1024 * 1024 + "\r\n"
            + "X-CIO-Timestamp: " + timestamp + "\r\n"
            + "X-CIO-Signature: " + Signatures.sign("not-the-key", timestamp, new byte[0])
            + "\r\n\r\n{\"event_id";
        OutputStream out = socket.getOutputStream();
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        liars.add(socket);
      }
      WebhookClient client =
          new WebhookClient(URI.create("http://127.0.0.1:" + port + "/webhooks/customerio"),
              TestServers.KEY, Clock.systemUTC());

      for (int i = 0; i < 20; i++) {
        HttpResponse<String> answer = client.send(TestServers.sms("low-memory-" + i));
        assertEquals(200, answer.statusCode(), answer.body());
      }

      awaitHandled(handled, "low-memory-19");
      assertTrue(process.isAlive(), "the server died: " + Files.readString(stderr));
      String errors = Files.readString(stderr);
      assertFalse(errors.contains("OutOfMemoryError"), errors);
    } finally {
      for (Socket socket : liars) {
        socket.close();
      }
      process.destroyForcibly().waitFor();
    }
  }

  private static int awaitPort(Process process, Path stdout, Path stderr) throws Exception {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      for (String line : Files.readAllLines(stdout, StandardCharsets.UTF_8)) {
        if (line.startsWith("PORT ")) {
          return Integer.parseInt(line.substring("PORT ".length()).trim());
        }
      }
      if (!process.isAlive()) {
        throw new AssertionError("the server exited: " + Files.readString(stderr));
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the server did not start: " + Files.readString(stderr));
  }

  private static void awaitHandled(Path handled, String eventId)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      if (Files.exists(handled) && Files.readString(handled).contains(eventId)) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError(eventId + " was not handled");
  }
}
