package dev.hooky.runtime.forward;

/**
 * A failed attempt to forward: its message is the {@link Outcome#detail()} that Live Logs show,
 * e.g. {@code ForwardFailure: 503 in 12 ms}. It has no stack trace, which would only point at the
 * forwarding code.
 */
public final class ForwardFailure extends Exception {
  private static final long serialVersionUID = 1L;

  public ForwardFailure(String detail) {
    super(detail, null, false, false);
  }
}
