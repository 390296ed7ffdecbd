package dev.hooky.runtime.verify;

/**
 * The outcome of checking one request's Customer.io signature.
 *
 * @param verified whether the request is authentic and fresh
 * @param reason why it is not, short enough for a 401 body (e.g. {@code signature mismatch}); empty
 *     when verified
 * @param keyIndex which configured signing key matched (0-based), or -1 when none did
 * @param skewSeconds the request's age by its {@code X-CIO-Timestamp}: positive when in the past,
 *     negative when in the future; 0 when the timestamp could not be read
 */
public record Verification(boolean verified, String reason, int keyIndex, long skewSeconds) {

  static Verification verified(int keyIndex, long skewSeconds) {
    return new Verification(true, "", keyIndex, skewSeconds);
  }

  static Verification rejected(String reason) {
    return new Verification(false, reason, -1, 0);
  }

  static Verification rejected(String reason, int keyIndex, long skewSeconds) {
    return new Verification(false, reason, keyIndex, skewSeconds);
  }
}
