package dev.hooky.runtime.metrics;

import dev.hooky.customerio.CustomerIoEventType;
import dev.hooky.customerio.event.CustomerIoEvent;
import dev.hooky.runtime.dispatch.Dispatcher;
import dev.hooky.runtime.dispatch.HandlerListener;
import dev.hooky.runtime.http.Answer;
import dev.hooky.runtime.http.Rejection;
import dev.hooky.runtime.inbox.Claim;
import dev.hooky.runtime.inbox.InboundDelivery;
import dev.hooky.runtime.inbox.Inbox;
import dev.hooky.runtime.inbox.RetryPolicy;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Hooky's meters: in a Prometheus registry of Hooky's own, served as {@code GET /metrics} on the
 * admin port, or in the application's registry ({@code HookyBuilder.meterRegistry(...)}).
 * Label values are bounded: events by their catalog name ({@code unknown} for the rest), rejections
 * by a fixed set of reasons, handlers by their (registered, hence finite) names. Meters are created
 * once per label combination and cached, so recording costs a map lookup and an atomic update.
 *
 * <ul>
 *   <li>{@code hooky_deliveries_received_total{event,outcome}}: authentic events, by outcome
 *       {@code accepted}, {@code duplicate}, {@code quarantined} (kept raw: the body is not a
 *       typed event) or {@code refused} (503, the inbox could not take it). A quarantined event
 *       is labelled by its name only if the catalog knows it: never by text from its body
 *   <li>{@code hooky_rejections_total{reason}}: requests answered 4xx
 *   <li>{@code hooky_ack_seconds}: from the request's arrival to its answer (histogram)
 *   <li>{@code hooky_handler_seconds{handler,outcome}}: each handler call, {@code succeeded} or
 *       {@code failed}
 *   <li>{@code hooky_retries_total}: failed attempts scheduled to be tried again
 *   <li>{@code hooky_dead_letters_total}: deliveries given up on
 *   <li>{@code hooky_inbox_waiting}: deliveries waiting to be claimed (sampled every few seconds)
 *   <li>{@code hooky_end_to_end_lag_seconds}: from the event's timestamp to its handlers'
 *       success
 * </ul>
 */
public final class HookyMetrics implements HandlerListener, Dispatcher.AttemptListener {
  /** The event label for events the catalog does not know. */
  static final String UNKNOWN_EVENT = "unknown";
  /** The inbox depth may be a SQL count: sample it at most this often. */
  private static final long DEPTH_REFRESH_NANOS = TimeUnit.SECONDS.toNanos(5);

  private static final int ACCEPTED = 0;
  private static final int DUPLICATE = 1;
  private static final int REFUSED = 2;
  private static final int QUARANTINED = 3;
  private static final String[] OUTCOMES = {"accepted", "duplicate", "refused", "quarantined"};

  private final MeterRegistry registry;
  private final Clock clock;
  private final RetryPolicy retryPolicy;
  private final Inbox inbox;

  private final Map<CustomerIoEventType, Counter[]> received = new ConcurrentHashMap<>();
  private volatile Counter[] receivedUnknown;
  private final Map<RejectionReason, Counter> rejections = new EnumMap<>(RejectionReason.class);
  private final Map<String, Timer[]> handlers = new ConcurrentHashMap<>();
  private final Timer ack;
  private final Counter retries;
  private final Counter deadLetters;
  private final Timer lag;

  private final Object depthLock = new Object();
  private long depthSampledAt;
  private boolean depthSampled;
  private double depth = Double.NaN;

  /**
   * @param registry from {@link #newRegistry()}, perhaps made on another thread (the first one
   *     loads much of Micrometer, which start-up does alongside other work), or the application's
   * @param inbox the inbox whose depth {@code hooky_inbox_waiting} shows; {@code null} for none
   *     (synchronous delivery)
   * @param retryPolicy tells a retried failure from a dead letter, as the inbox does
   * @param clock the clock the webhook endpoint stamps requests with
   */
  public HookyMetrics(MeterRegistry registry, Inbox inbox, RetryPolicy retryPolicy,
      Clock clock) {
    this.registry = registry;
    this.inbox = inbox;
    this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy == null");
    this.clock = Objects.requireNonNull(clock, "clock == null");
    for (RejectionReason reason : RejectionReason.values()) {
      rejections.put(reason, Counter.builder("hooky.rejections")
          .description("Webhook requests answered 4xx, by reason")
          .tag("reason", reason.label)
          .register(registry));
    }
    ack = Timer.builder("hooky.ack")
        .description("Time from a webhook request's arrival to its answer")
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofSeconds(30))
        .register(registry);
    retries = Counter.builder("hooky.retries")
        .description("Failed delivery attempts scheduled to be tried again")
        .register(registry);
    deadLetters = Counter.builder("hooky.dead.letters")
        .description("Deliveries dead-lettered after their last failed attempt")
        .register(registry);
    lag = Timer.builder("hooky.end.to.end.lag")
        .description("Time from an event's timestamp to the success of its handlers")
        .serviceLevelObjectives(Duration.ofSeconds(1), Duration.ofSeconds(5),
            Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(5),
            Duration.ofMinutes(30), Duration.ofHours(1), Duration.ofHours(6), Duration.ofDays(1))
        .register(registry);
    if (inbox != null) {
      Gauge.builder("hooky.inbox.waiting", this, HookyMetrics::sampleDepth)
          .description("Deliveries waiting to be claimed (sampled every few seconds)")
          .register(registry);
    }
  }

  /** The observer that feeds the webhook endpoint's meters. */
  public MetricsObserver observer() {
    return new MetricsObserver(this);
  }

  /** The registry, e.g. to bind JVM meters or to publish elsewhere too. */
  public MeterRegistry registry() {
    return registry;
  }

  /**
   * Every meter in the Prometheus text format.
   *
   * @throws IllegalStateException when the registry is not a Prometheus one
   */
  public String scrape() {
    if (!(registry instanceof PrometheusMeterRegistry prometheus)) {
      throw new IllegalStateException("not a Prometheus registry: " + registry.getClass());
    }
    return prometheus.scrape();
  }

  /**
   * Removes Hooky's meters from the registry, when Hooky stops: an application's registry outlives
   * it, and must not keep a gauge that asks a closed inbox.
   */
  public void removeMeters() {
    for (Meter meter : registry.getMeters()) {
      if (meter.getId().getName().startsWith("hooky.")) {
        registry.remove(meter);
      }
    }
  }

  void rejected(Rejection rejection) {
    rejections.get(RejectionReason.of(rejection)).increment();
    recordAck(rejection.at());
  }

  void accepted(InboundDelivery delivery, Answer answer) {
    int outcome = answer.status() != 200 ? REFUSED
        : answer.equals(Answer.DUPLICATE) ? DUPLICATE
        : answer.equals(Answer.QUARANTINED) || delivery.quarantined() ? QUARANTINED
        : ACCEPTED;
    receivedCounters(delivery)[outcome].increment();
    recordAck(delivery.receivedAt());
  }

  private void recordAck(Instant receivedAt) {
    Instant now = clock.instant();
    long nanos = (now.getEpochSecond() - receivedAt.getEpochSecond()) * 1_000_000_000L
        + (now.getNano() - receivedAt.getNano());
    ack.record(Math.max(0, nanos), TimeUnit.NANOSECONDS);
  }

  private Counter[] receivedCounters(InboundDelivery delivery) {
    CustomerIoEvent event = delivery.event();
    // A quarantined body has no event; its name is from the body: only a catalog name is a label.
    CustomerIoEventType type = event != null ? event.type()
        : CustomerIoEventType.fromName(delivery.eventName()).orElse(null);
    if (type == null) {
      Counter[] counters = receivedUnknown;
      if (counters == null) {
        counters = receivedCounters(UNKNOWN_EVENT);
        receivedUnknown = counters;
      }
      return counters;
    }
    Counter[] counters = received.get(type);
    return counters != null ? counters
        : received.computeIfAbsent(type, t -> receivedCounters(t.eventName()));
  }

  private Counter[] receivedCounters(String event) {
    Counter[] counters = new Counter[OUTCOMES.length];
    for (int i = 0; i < OUTCOMES.length; i++) {
      // The registry returns the existing meter for the same name and tags.
      counters[i] = Counter.builder("hooky.deliveries.received")
          .description("Authentic webhook events received, by event and outcome")
          .tag("event", event)
          .tag("outcome", OUTCOMES[i])
          .register(registry);
    }
    return counters;
  }

  @Override
  public void handled(String handler, Duration took, boolean succeeded) {
    Timer[] timers = handlers.get(handler);
    if (timers == null) {
      timers = handlers.computeIfAbsent(handler, this::handlerTimers);
    }
    timers[succeeded ? 0 : 1].record(took);
  }

  private Timer[] handlerTimers(String handler) {
    Timer[] timers = new Timer[2];
    String[] outcomes = {"succeeded", "failed"};
    for (int i = 0; i < timers.length; i++) {
      timers[i] = Timer.builder("hooky.handler")
          .description("Handler calls, by handler and outcome")
          .tag("handler", handler)
          .tag("outcome", outcomes[i])
          .register(registry);
    }
    return timers;
  }

  @Override
  public void attempted(Claim claim, boolean succeeded) {
    if (succeeded) {
      Instant happened = claim.delivery().event().timestamp().orElse(null);
      if (happened != null) {
        Duration took = Duration.between(happened, clock.instant());
        lag.record(took.isNegative() ? Duration.ZERO : took);
      }
    } else if (retryPolicy.retries(claim.attempt())) {
      retries.increment();
    } else {
      deadLetters.increment();
    }
  }

  /** The inbox depth, asking the inbox at most every few seconds; NaN when it cannot tell. */
  private double sampleDepth() {
    synchronized (depthLock) {
      long now = System.nanoTime();
      if (!depthSampled || now - depthSampledAt >= DEPTH_REFRESH_NANOS) {
        depthSampled = true;
        depthSampledAt = now;
        try {
          depth = inbox.depth();
        } catch (RuntimeException e) {
          depth = Double.NaN;
        }
      }
      return depth;
    }
  }

  /** A registry for the constructor. */
  public static PrometheusMeterRegistry newRegistry() {
    return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  }
}
