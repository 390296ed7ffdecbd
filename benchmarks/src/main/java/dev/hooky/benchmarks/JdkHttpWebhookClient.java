package dev.hooky.benchmarks;

import dev.hooky.benchmarks.SignedEvents.SignedEvent;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The JDK's {@link HttpClient} over HTTP/1.1, one client shared by every sender (its connection
 * pool keeps one connection per concurrent request). Its own threads are named {@code
 * bench-httpclient-N}, so that their CPU time counts as the load generator's.
 */
final class JdkHttpWebhookClient implements WebhookClient {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final URI url;
  private final ExecutorService executor;
  private final HttpClient client;

  JdkHttpWebhookClient(URI url) {
    this.url = url;
    AtomicInteger threads = new AtomicInteger();
    this.executor = Executors.newCachedThreadPool(task -> {
      Thread thread = new Thread(task, "bench-httpclient-" + threads.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
    this.client = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(TIMEOUT)
        .executor(executor)
        .build();
  }

  @Override
  public Sender open() {
    return new Sender() {
      @Override
      public Reply post(SignedEvent event) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(url)
            .timeout(TIMEOUT)
            .header("Content-Type", "application/json")
            .header("X-CIO-Timestamp", event.timestamp())
            .header("X-CIO-Signature", event.signature())
            .POST(HttpRequest.BodyPublishers.ofByteArray(event.body()))
            .build();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), response.body().trim());
      }

      @Override
      public void close() {
        // The shared client owns the connections.
      }
    };
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
