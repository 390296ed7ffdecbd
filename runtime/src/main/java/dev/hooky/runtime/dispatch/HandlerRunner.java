package dev.hooky.runtime.dispatch;

import dev.hooky.Delivery;
import dev.hooky.customerio.CustomerIoHandler;
import dev.hooky.customerio.event.CustomerIoEvent;
import dev.hooky.runtime.inbox.Claim;
import dev.hooky.runtime.inbox.HandlerOutcome;
import dev.hooky.runtime.inbox.InboundDelivery;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the handlers of one claimed delivery, one after the other. Each handler is isolated: its
 * failure (any {@link Throwable}) or time-out is recorded and logged, and the next handler still
 * runs.
 *
 * <p>The time-out covers the whole call: a {@code void} handler still running when it expires is
 * interrupted (which ends blocking I/O, sleeps and waits) and counts as failed even if it then
 * returns; an asynchronous handler's stage must complete within it.
 */
public final class HandlerRunner implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HandlerRunner.class);

  private final RouterRegistry routers;
  private final Duration handlerTimeout;
  private final HandlerListener listener;
  private final HandlerWatchdog watchdog;
  private final LongSupplier nanoTime;

  /**
   * @param handlerTimeout how long one handler may take before it counts as failed
   * @param listener told of every handler call's duration and outcome
   */
  public HandlerRunner(RouterRegistry routers, Duration handlerTimeout, HandlerListener listener) {
    this(routers, handlerTimeout, listener, System::nanoTime);
  }

  /** As the public one, reading the time from {@code nanoTime} (tests pass a paused clock). */
  HandlerRunner(RouterRegistry routers, Duration handlerTimeout, HandlerListener listener,
      LongSupplier nanoTime) {
    this.routers = routers;
    this.handlerTimeout = handlerTimeout;
    this.listener = Objects.requireNonNull(listener, "listener == null");
    this.nanoTime = nanoTime;
    this.watchdog = new HandlerWatchdog(handlerTimeout, nanoTime);
  }

  /**
   * Runs every handler of the delivery that has not succeeded in an earlier attempt.
   *
   * @return one outcome per handler run, in order; empty when no handler matches
   */
  public List<HandlerOutcome> run(Claim claim) {
    InboundDelivery inbound = claim.delivery();
    CustomerIoEvent event = inbound.event();
    List<CustomerIoHandler> handlers = routers.handlersFor(event);
    if (handlers.isEmpty()) {
      log.debug("No handler for {} {}", inbound.eventName(), inbound.eventId());
      return List.of();
    }
    Delivery delivery = toDelivery(claim);
    List<HandlerOutcome> outcomes = new ArrayList<>(handlers.size());
    for (CustomerIoHandler handler : handlers) {
      if (!claim.succeededHandlers().contains(handler.name())) {
        outcomes.add(runOne(handler, event, delivery, inbound));
      }
    }
    return outcomes;
  }

  private HandlerOutcome runOne(
      CustomerIoHandler handler, CustomerIoEvent event, Delivery delivery, InboundDelivery inbound) {
    long start = nanoTime.getAsLong();
    long deadline = start + handlerTimeout.toNanos();
    Throwable failure;
    try (HandlerWatchdog.Watch watch = watchdog.watch(deadline)) {
      // call() returns every failure; only an Error thrown while recording one (out of memory)
      // could leave it, and the watch must end then too.
      failure = call(handler, event, delivery, deadline);
    }
    // The watchdog may have fired just as the handler returned in time; that interrupt was meant
    // for the handler, and must not reach the worker's next blocking call.
    if (Thread.interrupted() && failure == null && nanoTime.getAsLong() - deadline >= 0) {
      failure = timedOut();
    }
    Duration took = Duration.ofNanos(nanoTime.getAsLong() - start);
    try {
      listener.handled(handler.name(), took, failure == null);
    } catch (RuntimeException e) {
      log.warn("The handler listener failed", e);
    }
    if (failure == null) {
      return new HandlerOutcome(handler.name(), took, null);
    }
    log.error("Handler {} failed for {} {} (attempt {})", handler.name(), inbound.eventName(),
        inbound.eventId(), delivery.attempt(), failure);
    return new HandlerOutcome(handler.name(), took, summary(failure));
  }

  /** Calls the handler and waits for its stage, up to {@code deadline}: its failure, or null. */
  private Throwable call(
      CustomerIoHandler handler, CustomerIoEvent event, Delivery delivery, long deadline) {
    try {
      var stage = handler.handle(event, delivery);
      long left = deadline - nanoTime.getAsLong();
      if (left <= 0) {
        return timedOut();
      }
      stage.toCompletableFuture().get(left, TimeUnit.NANOSECONDS);
      return null;
    } catch (ExecutionException | CompletionException e) {
      return e.getCause() != null ? e.getCause() : e;
    } catch (TimeoutException e) {
      return timedOut();
    } catch (InterruptedException e) {
      return nanoTime.getAsLong() - deadline >= 0 ? timedOut() : e;
    } catch (Throwable e) {
      // handle() turns Exceptions into failed stages; this is an Error such as a
      // StackOverflowError or an assertion. It fails this handler, not the worker.
      return e;
    }
  }

  private TimeoutException timedOut() {
    return new TimeoutException("timed out after " + handlerTimeout.toMillis() + " ms");
  }

  @Override
  public void close() {
    watchdog.close();
  }

  private static Delivery toDelivery(Claim claim) {
    InboundDelivery inbound = claim.delivery();
    Delivery.Builder builder = Delivery.builder()
        .eventId(inbound.eventId())
        .attempt(claim.attempt())
        .receivedAt(inbound.receivedAt())
        .body(inbound.body());
    inbound.headers().forEach((name, values) -> values.forEach(v -> builder.header(name, v)));
    return builder.build();
  }

  /** {@code IllegalStateException: stock service down}: enough to recognise in Live Logs. */
  static String summary(Throwable failure) {
    String message = failure.getMessage();
    String type = failure.getClass().getSimpleName();
    return message == null || message.isBlank()
        ? type
        : type + ": " + message.lines().findFirst().orElse("");
  }
}
