package dev.hooky.benchmarks.http;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The servers the benchmark compares, in the order each round runs them: (a) to (e) by default,
 * and the opt-in mounts (f) and (g), the cost of serving Hooky from a Servlet container or from
 * Spring Boot rather than from its own server.
 */
enum ServerKind {
  PLAIN_JETTY("plain-jetty", "a", "minimal Jetty 12 core handler: reads the body, answers 200",
      PlainJettyServer.class),
  HAND_WRITTEN("hand-written", "b", "hand-written Jetty 12 core handler: size limit, signature"
      + " check, Jackson, a switch on the event, a count", HandWrittenServer.class),
  MEMORY("memory", "c", "Hooky, memory inbox", HookyTargetServer.class),
  SQLITE("sqlite", "d", "Hooky, SQLite inbox (a new file)", HookyTargetServer.class),
  POSTGRES("postgres", "e", "Hooky, PostgreSQL inbox (a new schema)", HookyTargetServer.class),
  SERVLET("servlet", "f", "Hooky's Servlet (hooky-servlet) on Jetty 12 EE10, memory inbox; opt-in",
      HookyServletServer.class),
  SPRING_BOOT("spring-boot", "g", "Hooky's Spring Boot starter on Spring Boot 4 (Tomcat, Spring"
      + " MVC), memory inbox; opt-in", HookySpringBootServer.class);

  private final String option;
  private final String letter;
  private final String description;
  private final Class<?> mainClass;

  ServerKind(String option, String letter, String description, Class<?> mainClass) {
    this.option = option;
    this.letter = letter;
    this.description = description;
    this.mainClass = mainClass;
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

  boolean hooky() {
    return mainClass != PlainJettyServer.class && mainClass != HandWrittenServer.class;
  }

  /** Run only when named in {@code --servers}: the mounts other than Hooky's own server. */
  boolean optIn() {
    return this == SERVLET || this == SPRING_BOOT;
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
