package dev.hooky.runtime.inbox;

import java.time.Duration;
import java.util.List;

/**
 * Where verified deliveries wait for the handlers: the boundary between answering Customer.io and
 * handling its events. The request path {@linkplain #append appends} and answers at once; workers
 * {@linkplain #claim claim}, run the handlers and report back with {@link #complete} or {@link
 * #fail}. Implementations are thread-safe.
 */
public interface Inbox extends AutoCloseable {

  /**
   * Stores {@code delivery} (durably, where the implementation is durable) before returning. A
   * delivery whose {@code event_id} was already accepted is a {@link AppendResult#DUPLICATE} and
   * changes nothing.
   */
  AppendResult append(InboundDelivery delivery);

  /**
   * Takes up to {@code max} deliveries that are due, waiting up to {@code wait} for the first.
   *
   * @return the claimed deliveries; empty when none became due in time
   */
  List<Claim> claim(int max, Duration wait) throws InterruptedException;

  /** Records that every handler of a claimed delivery succeeded. */
  void complete(Claim claim, List<HandlerOutcome> outcomes);

  /**
   * Records that at least one handler failed; the inbox decides whether and when to try again.
   * {@code outcomes} holds this attempt's handlers, successful ones included.
   */
  void fail(Claim claim, List<HandlerOutcome> outcomes);

  /** How many deliveries wait to be claimed. */
  int depth();

  /** A short description for the start-up log, e.g. {@code memory (capacity 10000)}. */
  String describe();

  @Override
  void close();
}
