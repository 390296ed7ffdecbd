package dev.hooky.runtime.forward;

/**
 * Where forwarded events go: an HTTP endpoint today ({@link HttpDestination}), a message broker
 * perhaps tomorrow. Each destination is one handler in the pipeline (see {@link
 * ForwardingHandler}), so retries, dead letters and replay are the inbox's, not the destination's:
 * a destination makes one attempt per call and says how it went.
 *
 * <p>Implementations are thread-safe (several workers send at once) and never put a secret in
 * {@link #name()}, {@link #describe()} or an {@link Outcome}: those reach logs and Live Logs.
 */
public interface Destination {

  /**
   * The handler name: unique among the destinations, stable across restarts (the inbox remembers
   * which handlers already succeeded by name), e.g. {@code forward app.internal/hooks/cio}.
   */
  String name();

  /** What the start-up log says about it, without secrets. */
  default String describe() {
    return name();
  }

  /**
   * Makes one attempt to deliver {@code event}.
   *
   * @return whether the destination took it, with a one-line detail (status, latency)
   * @throws InterruptedException when the worker is interrupted (the handler time-out); the
   *     attempt counts as failed
   */
  Outcome send(ForwardedEvent event) throws InterruptedException;
}
