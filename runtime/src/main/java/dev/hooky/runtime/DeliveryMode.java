package dev.hooky.runtime;

/** When handlers run relative to Hooky's answer to Customer.io. */
public enum DeliveryMode {
  /**
   * The default: the event is stored in the inbox and answered 200 at once; workers run the
   * handlers afterwards. A slow or failing handler never holds up Customer.io.
   */
  INBOX,
  /**
   * The handlers run inside the request: success answers 200, a failure 500, and Customer.io sends
   * the event again. Customer.io holds back every later event of the webhook until the failed one
   * succeeds, waiting an hour before its first retry, and gives up after 4 seconds: use it only for
   * fast handlers that must finish before Customer.io hears back.
   */
  SYNCHRONOUS
}
