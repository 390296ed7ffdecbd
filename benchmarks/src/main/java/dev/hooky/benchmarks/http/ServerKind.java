package dev.hooky.benchmarks.http;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The servers the benchmark compares, in the order each round runs them: (a) to (e) by default;
 * the opt-in mounts (f) and (g), the cost of serving Hooky from a Servlet container or from Spring
 * Boot rather than from its own server; and the opt-in (h), the same work as (b) written by hand
 * in a plain Spring Boot application, the baseline most teams would otherwise have.
 */
enum ServerKind {
  PLAIN_JETTY("plain-jetty", "a", "minimal Jetty 12 core handler: reads the body, answers 200",
      PlainJettyServer.class, false),
  HAND_WRITTEN("hand-written", "b", "hand-written Jetty 12 core handler: size limit, signature"
      + " check, Jackson, a switch on the event, a count", HandWrittenServer.class, false),
  MEMORY("memory", "c", "Hooky, memory inbox", HookyTargetServer.class, true),
  SQLITE("sqlite", "d", "Hooky, SQLite inbox (a new file)", HookyTargetServer.class, true),
  POSTGRES("postgres", "e", "Hooky, PostgreSQL inbox (a new schema)", HookyTargetServer.class,
      true),
  SERVLET("servlet", "f", "Hooky's Servlet (hooky-servlet) on Jetty 12 EE10, memory inbox; opt-in",
      HookyServletServer.class, true),
  SPRING_BOOT("spring-boot", "g", "Hooky's Spring Boot starter on Spring Boot 4 (Tomcat, Spring"
      + " MVC), memory inbox; opt-in", HookySpringBootServer.class, true),
  SPRING_PLAIN("spring-plain", "h", "a plain Spring Boot 4 application (Tomcat, Spring MVC, its"
      + " defaults) with one hand-written @RestController doing (b)'s work: size limit, signature"
      + " check, Jackson (Spring Boot's JsonMapper), a switch on the event, a count; no Hooky;"
      + " opt-in", SpringPlainServer.class, false);

  private final String option;
  private final String letter;
  private final String description;
  private final Class<?> mainClass;
  private final boolean hooky;

  ServerKind(String option, String letter, String description, Class<?> mainClass,
      boolean hooky) {
    this.option = option;
    this.letter = letter;
    this.description = description;
    this.mainClass = mainClass;
    this.hooky = hooky;
  }

  /** Its name on the command line and in the results, e.g. {@code plain-jetty}. */
  String option() {
    return option;
  }

  /** e.g. "(a) plain-jetty". */
  String label() {
    return "(" + letter + ") " + option;
  }

  String description() {
    return description;
  }

  /** The class whose {@code main} runs this server in its own JVM. */
  Class<?> mainClass() {
    return mainClass;
  }

  /** Whether Hooky serves it (with a counting handler whose router was generated). */
  boolean hooky() {
    return hooky;
  }

  /**
   * Run only when named in {@code --servers}: the mounts other than Hooky's own server, and the
   * plain Spring Boot application.
   */
  boolean optIn() {
    return this == SERVLET || this == SPRING_BOOT || this == SPRING_PLAIN;
  }

  /** A Spring Boot application: it warms up slowly, so it gets the Spring warm-up options. */
  boolean spring() {
    return this == SPRING_BOOT || this == SPRING_PLAIN;
  }

  /** @throws IllegalArgumentException naming the known servers */
  static ServerKind of(String option) {
    String name = option.trim().toLowerCase(Locale.ROOT);
    for (ServerKind kind : values()) {
      if (kind.option.equals(name)) {
        return kind;
      }
    }
    throw new IllegalArgumentException("unknown server \"" + name + "\"; use "
        + Arrays.stream(values()).map(ServerKind::option).collect(Collectors.joining(", ")));
  }
}
