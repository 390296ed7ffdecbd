package dev.hooky.runtime.metrics;

import dev.hooky.runtime.http.Rejection;
import java.util.Locale;

/**
 * Why a webhook request was refused, as a short, bounded metric label: the free-text reason of a
 * {@link Rejection} carries numbers and header values that must never become label values.
 */
enum RejectionReason {
  MISSING_HEADER,
  DUPLICATE_HEADER,
  MALFORMED_SIGNATURE,
  MALFORMED_TIMESTAMP,
  SIGNATURE_MISMATCH,
  STALE_TIMESTAMP,
  FUTURE_TIMESTAMP,
  TOO_LARGE,
  /** The body did not arrive within the body time-out (408). */
  BODY_TIMEOUT,
  /** Refused for lack of room: too many bodies in memory at once (503). */
  OVERLOADED,
  UNSUPPORTED_MEDIA_TYPE,
  MALFORMED_JSON,
  OTHER;

  /** The label value, e.g. {@code signature_mismatch}. */
  final String label = name().toLowerCase(Locale.ROOT);

  static RejectionReason of(Rejection rejection) {
    String reason = rejection.reason() == null ? "" : rejection.reason();
    switch (rejection.status()) {
      case 413:
        return TOO_LARGE;
      case 408:
        return BODY_TIMEOUT;
      case 503:
        return OVERLOADED;
      case 415:
        return UNSUPPORTED_MEDIA_TYPE;
      case 400:
        // With a verification the signature held: the body was authentic but not an event.
        return rejection.verification() != null ? MALFORMED_JSON : OTHER;
      case 401:
        if (reason.startsWith("missing ")) {
          return MISSING_HEADER;
        } else if (reason.startsWith("more than one ")) {
          return DUPLICATE_HEADER;
        } else if (reason.startsWith("malformed X-CIO-Signature")) {
          return MALFORMED_SIGNATURE;
        } else if (reason.startsWith("malformed X-CIO-Timestamp")) {
          return MALFORMED_TIMESTAMP;
        } else if (reason.startsWith("signature mismatch")) {
          return SIGNATURE_MISMATCH;
        } else if (reason.startsWith("stale timestamp")) {
          return STALE_TIMESTAMP;
        } else if (reason.startsWith("timestamp in the future")) {
          return FUTURE_TIMESTAMP;
        }
        return OTHER;
      default:
        return OTHER;
    }
  }
}
