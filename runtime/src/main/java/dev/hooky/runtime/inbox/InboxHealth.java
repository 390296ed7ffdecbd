package dev.hooky.runtime.inbox;

import java.time.Instant;
import java.util.Objects;

/**
 * Whether an inbox can store what the request path hands it right now: {@code /readyz} reports
 * it, and while it cannot, requests are answered 503 with Retry-After.
 *
 * @param writable whether the last write (group commit) succeeded
 * @param problem why not, e.g. {@code disk full}; empty when writable
 * @param since when the current state began
 */
public record InboxHealth(boolean writable, String problem, Instant since) {
  public InboxHealth {
    Objects.requireNonNull(problem, "problem == null");
    Objects.requireNonNull(since, "since == null");
  }

  /** Writable since {@code since}. */
  public static InboxHealth writable(Instant since) {
    return new InboxHealth(true, "", since);
  }

  /** Not writable since {@code since}, because of {@code problem}. */
  public static InboxHealth failing(String problem, Instant since) {
    return new InboxHealth(false, problem, since);
  }
}
