package dev.hooky.runtime.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static dev.hooky.runtime.testing.HostileRequests.head;
import static dev.hooky.runtime.testing.HostileRequests.wellFormedSignatureHeaders;
import static dev.hooky.runtime.testing.HostileRequests.write;

import dev.hooky.runtime.HookyServer;
import dev.hooky.runtime.testing.ChannelHandlers;
import dev.hooky.runtime.testing.TestServers;
import dev.hooky.runtime.testing.WebhookClient;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The standalone server's connector, over real sockets: idle connections are closed, and no more
 * than the configured number are served at once. (In a server of the user's own, its connector
 * decides these.)
 */
class ConnectionLimitsTest {
  @Test
  void anIdleConnectionIsClosedAfterTheIdleTimeout() throws Exception {
    try (HookyServer server = TestServers.builder().idleTimeout(Duration.ofMillis(300))
        .handlers(new ChannelHandlers()).start();
        Socket idle = new Socket("127.0.0.1", server.port())) {
      idle.setSoTimeout(5_000);

      // Nothing sent: the server closes the connection (end of stream), it does not wait forever.
      assertEquals(-1, idle.getInputStream().read());
    }
  }

  @Test
  void connectionsBeyondTheLimitWaitUntilOneCloses() throws Exception {
    ChannelHandlers handlers = new ChannelHandlers();
    List<Socket> held = new ArrayList<>();
    try (HookyServer server = TestServers.builder().maxConnections(4)
        .bodyTimeout(Duration.ofSeconds(30)).handlers(handlers).start()) {
      try {
        for (int i = 0; i < 4; i++) {
          Socket socket = new Socket("127.0.0.1", server.port());
          write(socket, head(server.url(), 1000, wellFormedSignatureHeaders()));
          held.add(socket);
        }
        Thread.sleep(200);
        WebhookClient client = TestServers.client(server);
        CompletableFuture<HttpResponse<String>> waiting =
            TestServers.sendInBackground(client, TestServers.sms("over-the-limit"));

        Thread.sleep(1_000);
        assertFalse(waiting.isDone(), "a fifth connection was served while four were held");
        held.remove(0).close();

        assertEquals(200, waiting.get(10, TimeUnit.SECONDS).statusCode());
        assertEquals("over-the-limit", handlers.next().event().eventId());
      } finally {
        for (Socket socket : held) {
          socket.close();
        }
      }
    }
  }

}
