package dev.hooky.runtime.inbox;

import java.time.Duration;
import java.time.Instant;

/**
 * One handler call, or one replay, in a delivery's history.
 *
 * @param attempt the attempt number it belonged to
 * @param handler the handler's name, or {@link #REPLAY} for a replay
 * @param startedAt when it started
 * @param duration how long it ran
 * @param error the failure summary, or {@code null}
 */
public record AttemptRecord(
    int attempt, String handler, Instant startedAt, Duration duration, String error) {
  /** The handler name recorded for a replay. */
  public static final String REPLAY = "(replay)";
}
