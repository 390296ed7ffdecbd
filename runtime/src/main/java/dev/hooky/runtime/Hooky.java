package dev.hooky.runtime;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Entry point: receive Customer.io reporting webhooks.
 *
 * <pre>{@code
 * HookyServer server = Hooky.server()
 *     .port(8080)
 *     .signingKeys("key-of-workspace-a", "key-of-workspace-b")
 *     .handlers(new DeliveryHandlers(), new SubscriptionHandlers())
 *     .start();
 * }</pre>
 */
public final class Hooky {
  public static final String PORT_VARIABLE = "HOOKY_PORT";
  public static final String HOST_VARIABLE = "HOOKY_HOST";
  public static final String PATH_VARIABLE = "HOOKY_PATH";
  public static final String SIGNING_KEYS_VARIABLE = "CUSTOMERIO_WEBHOOK_SIGNING_KEYS";
  public static final String TOLERANCE_VARIABLE = "HOOKY_TIMESTAMP_TOLERANCE_SECONDS";
  public static final String MAX_BODY_VARIABLE = "HOOKY_MAX_BODY_BYTES";
  public static final String MAX_REQUEST_VARIABLE = "HOOKY_MAX_REQUEST_BYTES";
  public static final String BODY_TIMEOUT_VARIABLE = "HOOKY_BODY_TIMEOUT_MILLIS";
  public static final String MAX_CONNECTIONS_VARIABLE = "HOOKY_MAX_CONNECTIONS";
  public static final String MAX_IN_FLIGHT_VARIABLE = "HOOKY_MAX_IN_FLIGHT_BODY_BYTES";
  public static final String WORKERS_VARIABLE = "HOOKY_WORKER_THREADS";
  public static final String MODE_VARIABLE = "HOOKY_DELIVERY_MODE";
  public static final String INBOX_VARIABLE = "HOOKY_INBOX";
  public static final String ADMIN_PORT_VARIABLE = "HOOKY_ADMIN_PORT";
  public static final String ADMIN_HOST_VARIABLE = "HOOKY_ADMIN_HOST";
  public static final String ADMIN_TOKEN_VARIABLE = "HOOKY_ADMIN_TOKEN";
  public static final String CONSOLE_REDACT_VARIABLE = "HOOKY_CONSOLE_REDACT";

  private Hooky() {}

  /** A builder with every default; set at least the signing keys and the handlers. */
  public static HookyBuilder server() {
    return new HookyBuilder();
  }

  /** A builder configured from the process environment (see {@link #fromEnvironment(Map)}). */
  public static HookyBuilder fromEnvironment() {
    return fromEnvironment(System.getenv());
  }

  /**
   * A builder configured from {@code environment}: {@code HOOKY_PORT}, {@code HOOKY_HOST}, {@code
   * HOOKY_PATH}, {@code CUSTOMERIO_WEBHOOK_SIGNING_KEYS} (comma-separated), {@code
   * HOOKY_TIMESTAMP_TOLERANCE_SECONDS}, {@code HOOKY_MAX_BODY_BYTES}, {@code
   * HOOKY_MAX_REQUEST_BYTES}, {@code HOOKY_BODY_TIMEOUT_MILLIS}, {@code HOOKY_MAX_CONNECTIONS},
   * {@code HOOKY_MAX_IN_FLIGHT_BODY_BYTES}, {@code HOOKY_WORKER_THREADS},
   * {@code HOOKY_DELIVERY_MODE} ({@code inbox} or {@code synchronous}), {@code HOOKY_INBOX},
   * {@code HOOKY_ADMIN_PORT}, {@code HOOKY_ADMIN_HOST} and {@code HOOKY_ADMIN_TOKEN}.
   * Unset variables keep their defaults; builder calls made afterwards override them.
   *
   * @throws IllegalArgumentException naming the variable whose value is unusable
   */
  public static HookyBuilder fromEnvironment(Map<String, String> environment) {
    HookyBuilder builder = server();
    set(environment, PORT_VARIABLE, value -> builder.port(integer(value)));
    set(environment, HOST_VARIABLE, builder::host);
    set(environment, PATH_VARIABLE, builder::path);
    // Blank entries stay, so that start() reports them instead of silently dropping a key.
    set(environment, SIGNING_KEYS_VARIABLE, value -> builder.signingKeys(
        Arrays.stream(value.split(",", -1)).map(String::trim).toArray(String[]::new)));
    set(environment, TOLERANCE_VARIABLE,
        value -> builder.timestampTolerance(Duration.ofSeconds(integer(value))));
    set(environment, MAX_BODY_VARIABLE, value -> builder.maxBodyBytes(integer(value)));
    set(environment, MAX_REQUEST_VARIABLE, value -> builder.maxRequestBytes(number(value)));
    set(environment, BODY_TIMEOUT_VARIABLE,
        value -> builder.bodyTimeout(Duration.ofMillis(number(value))));
    set(environment, MAX_CONNECTIONS_VARIABLE, value -> builder.maxConnections(integer(value)));
    set(environment, MAX_IN_FLIGHT_VARIABLE,
        value -> builder.maxInFlightBodyBytes(number(value)));
    set(environment, WORKERS_VARIABLE, value -> builder.workerThreads(integer(value)));
    set(environment, MODE_VARIABLE, value -> builder.deliveryMode(mode(value)));
    set(environment, INBOX_VARIABLE, builder::inbox);
    set(environment, ADMIN_PORT_VARIABLE, value -> builder.adminPort(integer(value)));
    set(environment, ADMIN_HOST_VARIABLE, builder::adminHost);
    set(environment, ADMIN_TOKEN_VARIABLE, builder::adminToken);
    set(environment, CONSOLE_REDACT_VARIABLE, value -> builder.consoleRedaction(bool(value)));
    return builder;
  }

  /** Applies a variable if set, naming it in any error about its value. */
  private static void set(Map<String, String> environment, String variable,
      Consumer<String> setter) {
    String value = environment.get(variable);
    if (value != null) {
      try {
        setter.accept(value.trim());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(variable + ": " + e.getMessage(), e);
      }
    }
  }

  private static int integer(String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("must be a whole number, was \"" + value + "\"", e);
    }
  }

  private static long number(String value) {
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("must be a whole number, was \"" + value + "\"", e);
    }
  }

  private static boolean bool(String value) {
    if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
      return Boolean.parseBoolean(value);
    }
    throw new IllegalArgumentException("must be true or false, was \"" + value + "\"");
  }

  private static DeliveryMode mode(String value) {
    try {
      return DeliveryMode.valueOf(value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "must be \"inbox\" or \"synchronous\", was \"" + value + "\"", e);
    }
  }
}
