package dev.hooky.runtime.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Sends webhook requests over real HTTP, signed or deliberately not. */
public final class WebhookClient {
  private final URI url;
  private final String key;
  private final Clock clock;
  private final HttpClient http = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(5))
      .build();

  public WebhookClient(URI url, String key, Clock clock) {
    this.url = url;
    this.key = key;
    this.clock = clock;
  }

  /** Posts {@code body} signed with the client's key and the clock's current time. */
  public HttpResponse<String> send(String body) {
    String timestamp = Long.toString(clock.instant().getEpochSecond());
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    return post(bytes, "X-CIO-Timestamp", timestamp,
        "X-CIO-Signature", Signatures.sign(key, timestamp, bytes));
  }

  /** Posts {@code body} with exactly these headers (name, value, name, value, ...). */
  public HttpResponse<String> post(byte[] body, String... headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(url)
        .timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return exchange(request.build());
  }

  public HttpResponse<String> exchange(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new AssertionError("request failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /**
   * As {@link #exchange}, but empty when the connection failed before an answer could be read: a
   * server that answers and closes while the request is still being sent resets the connection,
   * and the reset may discard the answer before it is read. A time-out is no such failure: it
   * fails the test.
   */
  public Optional<HttpResponse<String>> exchangeUnlessReset(HttpRequest request) {
    try {
      return Optional.of(http.send(request, HttpResponse.BodyHandlers.ofString()));
    } catch (HttpTimeoutException e) {
      throw new AssertionError("no answer in time: " + e, e);
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /**
   * Writes {@code head} (request line and headers, without the blank line), then {@code body}
   * exactly, on a raw socket; returns the status line and headers of the answer. For requests
   * HttpClient refuses to make.
   */
  public static String raw(URI url, String head, byte[] body) {
    try (Socket socket = new Socket(url.getHost(), url.getPort())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write((head + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      try {
        out.write(body);
        out.flush();
      } catch (IOException closedEarly) {
        // The server may answer and close before reading everything (413); read its answer.
      }
      InputStream in = socket.getInputStream();
      List<String> lines = new ArrayList<>();
      StringBuilder line = new StringBuilder();
      int c;
      while ((c = in.read()) >= 0) {
        if (c == '\n') {
          if (line.length() == 0 || line.toString().equals("\r")) {
            break;
          }
          lines.add(line.toString().trim());
          line.setLength(0);
        } else {
          line.append((char) c);
        }
      }
      return String.join("\n", lines);
    } catch (IOException e) {
      throw new AssertionError("raw request failed: " + e, e);
    }
  }
}
