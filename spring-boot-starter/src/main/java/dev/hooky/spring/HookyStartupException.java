package dev.hooky.spring;

/**
 * Hooky's configuration cannot work: the standalone server's message, with where Spring users set
 * it. Spring Boot shows it as an "APPLICATION FAILED TO START" report ({@link
 * HookyStartupFailureAnalyzer}).
 */
public class HookyStartupException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  HookyStartupException(RuntimeException cause) {
    super("Hooky cannot start: " + cause.getMessage()
        + " (in Spring Boot: the hooky.* properties, e.g. hooky.signing-keys)", cause);
  }
}
