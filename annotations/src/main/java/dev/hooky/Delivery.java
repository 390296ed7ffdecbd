package dev.hooky;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One delivery of a webhook event to a handler: what a handler method may ask for besides the event
 * by declaring a {@code Delivery} parameter.
 *
 * <p>An event is delivered again when a handler failed before (see {@link #attempt()}), or when
 * someone replays it; handlers should therefore be idempotent, keyed on {@link #eventId()}.
 */
public final class Delivery {
  private final String eventId;
  private final int attempt;
  private final Instant receivedAt;
  private final Map<String, List<String>> headers;
  private final byte[] body;

  private Delivery(Builder builder) {
    this.eventId = Objects.requireNonNull(builder.eventId, "eventId == null");
    this.receivedAt = Objects.requireNonNull(builder.receivedAt, "receivedAt == null");
    if (builder.attempt < 1) {
      throw new IllegalArgumentException("attempt must be 1 or more, was " + builder.attempt);
    }
    this.attempt = builder.attempt;
    this.headers = Collections.unmodifiableMap(builder.shareHeaders());
    this.body = builder.body.clone();
  }

  /** A builder for a delivery; {@code eventId} and {@code receivedAt} are required. */
  public static Builder builder() {
    return new Builder();
  }

  /** The event's unique id ({@code event_id}); the same on every attempt and replay. */
  public String eventId() {
    return eventId;
  }

  /** Which attempt this is: 1 the first time the handlers run, 2 on the first retry, and so on. */
  public int attempt() {
    return attempt;
  }

  /** When Hooky received the request that carried the event. */
  public Instant receivedAt() {
    return receivedAt;
  }

  /** The request headers, with case-insensitive names. */
  public Map<String, List<String>> headers() {
    return headers;
  }

  /** The first value of the header {@code name} (case-insensitive), if present. */
  public Optional<String> header(String name) {
    List<String> values = headers.get(Objects.requireNonNull(name, "name == null"));
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  /** The raw request body, exactly as received and verified (a copy). */
  public byte[] body() {
    return body.clone();
  }

  /** The raw request body decoded as UTF-8. */
  public String bodyAsString() {
    return new String(body, StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "Delivery{eventId=" + eventId + ", attempt=" + attempt + ", receivedAt=" + receivedAt
        + ", bodyBytes=" + body.length + "}";
  }

  /** Builds a {@link Delivery}. */
  public static final class Builder {
    private String eventId;
    private int attempt = 1;
    private Instant receivedAt;
    /**
     * Immutable lists, so that {@link #build} can hand the map itself to the delivery; once it
     * has, the next {@link #header} copies the map before changing it.
     */
    private Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private boolean headersShared;
    private byte[] body = new byte[0];

    private Builder() {}

    public Builder eventId(String eventId) {
      this.eventId = eventId;
      return this;
    }

    /** The attempt number, 1 for the first; defaults to 1. */
    public Builder attempt(int attempt) {
      this.attempt = attempt;
      return this;
    }

    public Builder receivedAt(Instant receivedAt) {
      this.receivedAt = receivedAt;
      return this;
    }

    /** Adds one value of a header; names are case-insensitive. */
    public Builder header(String name, String value) {
      Objects.requireNonNull(name, "name == null");
      Objects.requireNonNull(value, "value == null");
      if (headersShared) {
        Map<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        copy.putAll(headers);
        headers = copy;
        headersShared = false;
      }
      List<String> values = headers.get(name);
      if (values == null) {
        headers.put(name, List.of(value));
      } else {
        List<String> more = new ArrayList<>(values.size() + 1);
        more.addAll(values);
        more.add(value);
        headers.put(name, List.copyOf(more));
      }
      return this;
    }

    /** The headers for a delivery being built: this builder no longer changes them in place. */
    private Map<String, List<String>> shareHeaders() {
      headersShared = true;
      return headers;
    }

    /** The raw request body; copied when the delivery is built. */
    public Builder body(byte[] body) {
      this.body = Objects.requireNonNull(body, "body == null");
      return this;
    }

    public Delivery build() {
      return new Delivery(this);
    }
  }
}
