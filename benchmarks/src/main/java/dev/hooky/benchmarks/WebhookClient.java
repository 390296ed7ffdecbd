package dev.hooky.benchmarks;

import dev.hooky.benchmarks.SignedEvents.SignedEvent;
import java.io.IOException;
import java.net.URI;
import java.util.Locale;

/** Posts signed events to one webhook URL; each sender thread opens its own {@link Sender}. */
public interface WebhookClient extends AutoCloseable {

  /** A sender for one thread: one keep-alive connection, or a handle on a shared client. */
  Sender open();

  @Override
  void close();

  /** Posts events one at a time and waits for each answer. */
  interface Sender extends AutoCloseable {
    /** Posts {@code event} and returns the server's answer; an I/O failure is thrown. */
    Reply post(SignedEvent event) throws IOException, InterruptedException;

    @Override
    void close();
  }

  /** The status and (trimmed) body of an answer. */
  record Reply(int status, String body) {}

  /** The implementations, by their command-line name. */
  enum Kind {
    /** Raw HTTP/1.1 over one blocking keep-alive socket per sender. */
    SOCKET("raw HTTP/1.1 keep-alive sockets, one per sender"),
    /** The JDK's java.net.http.HttpClient (HTTP/1.1), shared by the senders. */
    HTTPCLIENT("java.net.http.HttpClient (HTTP/1.1), shared by the senders");

    private final String description;

    Kind(String description) {
      this.description = description;
    }

    public String description() {
      return description;
    }

    public String option() {
      return name().toLowerCase(Locale.ROOT);
    }

    public WebhookClient connect(URI url) {
      return this == SOCKET ? new SocketWebhookClient(url) : new JdkHttpWebhookClient(url);
    }
  }
}
