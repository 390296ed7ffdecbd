package dev.hooky.runtime.inbox;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Where verified deliveries wait for the handlers: the boundary between answering Customer.io and
 * handling its events. The request path {@linkplain #append appends} and answers; workers
 * {@linkplain #claim claim}, run the handlers and report back with {@link #complete} or {@link
 * #fail}, which schedules a retry or dead-letters the delivery. Implementations are thread-safe.
 */
public interface Inbox extends AutoCloseable {

  /**
   * Stores {@code delivery} (durably, where the implementation is durable) before returning. A
   * delivery whose {@code event_id} the inbox already holds is a {@link AppendResult#DUPLICATE}
   * and changes nothing. A {@linkplain InboundDelivery#quarantined() quarantined} delivery is
   * stored with status {@link DeliveryStatus#QUARANTINED} and its reason as {@link
   * DeliveryRecord#lastError()}, and is never claimed.
   *
   * <p>An {@code event_id} holding characters a database cannot store (NUL, lone surrogates) is
   * stored under {@link StoredText#key}, in every inbox alike; {@link #find} and {@link #replay}
   * accept either form.
   */
  AppendResult append(InboundDelivery delivery);

  /**
   * As {@link #append}, without making the caller wait: the future completes once the delivery is
   * stored (committed, where the inbox is durable), or fails as {@code append} would throw. A
   * request thread can thus hand the event over and move on, and the commit completes the answer.
   * By default it appends on the calling thread.
   */
  default CompletableFuture<AppendResult> appendAsync(InboundDelivery delivery) {
    try {
      return CompletableFuture.completedFuture(append(delivery));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /**
   * Takes up to {@code max} deliveries that are due, leasing them to this instance, waiting up to
   * {@code wait} for the first. A lease that runs out (its holder died) makes the delivery due
   * again.
   */
  List<Claim> claim(int max, Duration wait) throws InterruptedException;

  /** Records the outcome of a claim whose handlers all succeeded (or that had none). */
  void complete(Claim claim, List<HandlerOutcome> outcomes);

  /**
   * Records that at least one handler failed: the delivery is retried later, by the retry
   * policy, or dead-lettered. {@code outcomes} holds this attempt's handlers, successful ones
   * included: those are not called again.
   */
  void fail(Claim claim, List<HandlerOutcome> outcomes);

  /**
   * Makes the delivery with {@code eventId} due again now, whatever its status, recording the
   * replay; its handlers all run again. A quarantined delivery's body is parsed again with the
   * running version's parser: if it parses now, it becomes due with its typed event; if not, it
   * stays quarantined with the new reason (and the replay is recorded with it).
   *
   * @return whether the inbox holds such a delivery
   */
  boolean replay(String eventId);

  /** Replays every dead letter received at or after {@code since}; returns how many. */
  int replayDeadLetters(Instant since);

  /**
   * Parses the body of every quarantined delivery received at or after {@code since} again, as
   * {@link #replay} does; returns how many parse now and so became due. The others stay
   * quarantined with the parser's new reason.
   */
  int replayQuarantined(Instant since);

  /** The delivery with {@code eventId}, with its body and history. */
  Optional<DeliveryRecord> find(String eventId);

  /** Deliveries matching {@code query}, newest first, without bodies or history. */
  List<DeliveryRecord> query(DeliveryQuery query);

  /**
   * Deletes handled and unhandled deliveries finished before {@code cutoff}; returns how many.
   * Their event ids are forgotten, so a later resend of one is accepted again. Dead letters and
   * quarantined deliveries stay: they wait for a replay.
   */
  int purge(Instant cutoff);

  /** How many deliveries wait to be claimed (pending or retrying). */
  int depth();

  /**
   * Whether this inbox can store appends right now (the last write succeeded); for {@code
   * /readyz}. Implementations that cannot fail say so always.
   */
  default InboxHealth health() {
    return InboxHealth.writable(Instant.EPOCH);
  }

  /**
   * Every {@code event_id} appended at or after this instant is still remembered for
   * de-duplication. A signed request older than this cannot be told from a replay and is refused
   * (401): the signature verifier's past tolerance never reaches further back. {@link Instant#MIN}
   * when the inbox forgets only through {@link #purge} (the retention period bounds it then).
   */
  default Instant rememberedSince() {
    return Instant.MIN;
  }

  /** A short description for the start-up log, e.g. {@code sqlite /srv/app/hooky.db}. */
  String describe();

  @Override
  void close();
}
