package dev.hooky.runtime.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Live Logs stream: a subscriber gets an event stream, writes go out one at a time, and a
 * client that stops reading is dropped once 1,000 events wait for it; nobody waits for it.
 */
class LiveFeedTest {
  private static final int MAX_QUEUED = 1_000;

  private final LiveFeed feed = new LiveFeed();
  /** A client that reads nothing: every write stays pending until the test completes it. */
  private final SlowClient client = new SlowClient();
  private final AtomicReference<String> ended = new AtomicReference<>();

  @AfterEach
  void close() {
    feed.close();
  }

  @Test
  void aSubscriberIsAnsweredWithAnEventStreamThatSaysItIsConnected() {
    subscribe();

    assertEquals(200, client.status.get());
    assertEquals("text/event-stream;charset=utf-8", client.headers.get("Content-Type"));
    assertEquals("no-cache", client.headers.get("Cache-Control"));
    assertEquals(List.of(": connected\n\n"), client.written());
    assertEquals(1, feed.subscribers());
  }

  @Test
  void eventsWaitForThePreviousWriteAndGoOutInOrder() {
    subscribe();
    feed.publish("delivery", "{\"n\":1}");
    feed.publish("delivery", "{\"n\":2}");
    assertEquals(1, client.written().size(), "one write at a time");

    client.complete();
    client.complete();

    assertEquals(List.of(": connected\n\n", "event: delivery\ndata: {\"n\":1}\n\n",
        "event: delivery\ndata: {\"n\":2}\n\n"), client.written());
  }

  @Test
  void aClientThatStopsReadingIsDroppedOnceAThousandEventsWaitForIt() {
    subscribe();
    for (int i = 0; i < MAX_QUEUED; i++) {
      feed.publish("delivery", "{}");
    }
    assertEquals(1, feed.subscribers(), "a thousand waiting events are still kept");
    assertEquals(null, ended.get());

    feed.publish("delivery", "{}");

    assertEquals(0, feed.subscribers());
    assertEquals("succeeded", ended.get(), "the request ends, so the browser reconnects");
  }

  @Test
  void aWriteThatFailsEndsTheSubscription() {
    subscribe();

    client.fail();

    assertEquals(0, feed.subscribers());
    assertEquals("succeeded", ended.get());
    feed.publish("delivery", "{}");
    assertEquals(1, client.written().size(), "nothing more is written to it");
  }

  @Test
  void theHeartbeatRunsOnADaemonThread() {
    Thread heartbeat = Thread.getAllStackTraces().keySet().stream()
        .filter(thread -> thread.getName().equals("hooky-live-feed"))
        .findAny().orElseThrow(() -> new AssertionError("no heartbeat thread"));

    assertTrue(heartbeat.isDaemon(), "the heartbeat would keep the JVM alive");
  }

  @Test
  void closingTheFeedEndsEverySubscription() {
    subscribe();

    feed.close();

    assertEquals(0, feed.subscribers());
    assertEquals("succeeded", ended.get());
    assertFalse(client.written().isEmpty());
  }

  private void subscribe() {
    feed.subscribe(client.response, Callback.from(() -> ended.set("succeeded"),
        failure -> ended.set("failed: " + failure)));
  }

  /** A {@link Response} that records what is written and holds each write's callback. */
  private static final class SlowClient {
    final AtomicInteger status = new AtomicInteger();
    final HttpFields.Mutable headers = HttpFields.build();
    private final List<String> writes = new ArrayList<>();
    private final List<Callback> pending = new ArrayList<>();
    final Response response = (Response) Proxy.newProxyInstance(
        Response.class.getClassLoader(), new Class<?>[] {Response.class},
        (proxy, method, args) -> {
          switch (method.getName()) {
            case "setStatus":
              status.set((Integer) args[0]);
              return null;
            case "getHeaders":
              return headers;
            case "write":
              writes.add(StandardCharsets.UTF_8.decode((ByteBuffer) args[1]).toString());
              pending.add((Callback) args[2]);
              return null;
            default:
              throw new UnsupportedOperationException(method.getName());
          }
        });

    synchronized List<String> written() {
      return List.copyOf(writes);
    }

    /** The client reads the oldest pending write. */
    void complete() {
      pending.remove(0).succeeded();
    }

    /** The connection breaks under the oldest pending write. */
    void fail() {
      pending.remove(0).failed(new IOException("connection reset"));
    }
  }
}
