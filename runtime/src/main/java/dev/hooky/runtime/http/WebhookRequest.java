package dev.hooky.runtime.http;

import java.util.List;

/**
 * What the webhook pipeline needs to know of a request's head, whatever server received it: Jetty's
 * own handler and the Servlet mount each adapt their request to this.
 */
public interface WebhookRequest {
  /** The values of header {@code name} (case-insensitive), in order; empty when absent. */
  List<String> headers(String name);

  /** The declared Content-Length, or -1 when none was declared (a chunked body). */
  long declaredLength();

  /** The client's address, for the log and Live Logs. */
  String remoteAddress();

  /** The first value of header {@code name}, or {@code null}. */
  default String header(String name) {
    List<String> values = headers(name);
    return values.isEmpty() ? null : values.get(0);
  }
}
