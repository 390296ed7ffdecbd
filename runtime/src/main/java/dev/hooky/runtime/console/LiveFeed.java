package dev.hooky.runtime.console;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Server-sent events to every open {@code /api/stream}: each delivery as it arrives or changes, and
 * each rejection. A subscriber that falls too far behind is dropped (its browser reconnects);
 * nobody ever waits for a slow one.
 */
public final class LiveFeed implements AutoCloseable {
  private static final int MAX_QUEUED = 1_000;
  private static final long HEARTBEAT_SECONDS = 15;

  private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(
      runnable -> {
        Thread thread = new Thread(runnable, "hooky-live-feed");
        thread.setDaemon(true);
        return thread;
      });

  public LiveFeed() {
    // A comment line now and then finds closed connections and keeps proxies from timing out.
    heartbeat.scheduleAtFixedRate(() -> send(": heartbeat\n\n"), HEARTBEAT_SECONDS,
        HEARTBEAT_SECONDS, TimeUnit.SECONDS);
  }

  /** Sends an event named {@code type} with {@code json} as its data to every subscriber. */
  public void publish(String type, String json) {
    send("event: " + type + "\ndata: " + json + "\n\n");
  }

  /** How many clients are listening. */
  public int subscribers() {
    return subscribers.size();
  }

  /** Turns this request into a subscription; the callback completes when it ends. */
  void subscribe(Response response, Callback callback) {
    response.setStatus(200);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream;charset=utf-8");
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
    Subscriber subscriber = new Subscriber(response, callback);
    subscribers.add(subscriber);
    subscriber.offer(": connected\n\n");
  }

  private void send(String text) {
    for (Subscriber subscriber : subscribers) {
      subscriber.offer(text);
    }
  }

  @Override
  public void close() {
    heartbeat.shutdownNow();
    subscribers.forEach(Subscriber::end);
  }

  /** One open stream; writes go out one at a time, in order. */
  private final class Subscriber {
    private final Response response;
    private final Callback done;
    private final ArrayDeque<ByteBuffer> queue = new ArrayDeque<>();
    private boolean writing;
    private boolean ended;

    Subscriber(Response response, Callback done) {
      this.response = response;
      this.done = done;
    }

    synchronized void offer(String text) {
      if (ended) {
        return;
      }
      if (queue.size() >= MAX_QUEUED) {
        end();
        return;
      }
      queue.add(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
      if (!writing) {
        writeNext();
      }
    }

    private void writeNext() {
      ByteBuffer next = queue.poll();
      if (next == null || ended) {
        writing = false;
        return;
      }
      writing = true;
      response.write(false, next, Callback.from(this::written, failure -> end()));
    }

    private synchronized void written() {
      writeNext();
    }

    synchronized void end() {
      if (ended) {
        return;
      }
      ended = true;
      queue.clear();
      subscribers.remove(this);
      done.succeeded();
    }
  }
}
