package dev.hooky.benchmarks.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The HTTP comparison's options: defaults, round order, and what is refused. */
class HttpOptionsTest {
  @Test
  void defaultsRunEveryServerButTheOptInMountsThreeTimes() {
    HttpOptions defaults = HttpOptions.parse();
    assertEquals(List.of(ServerKind.PLAIN_JETTY, ServerKind.HAND_WRITTEN, ServerKind.MEMORY,
        ServerKind.SQLITE, ServerKind.POSTGRES), defaults.servers());
    assertEquals(3, defaults.rounds());
    assertEquals(64, defaults.connections());
    assertEquals(10, defaults.durationSeconds());
    assertEquals(10, defaults.fixedDurationSeconds());
    assertEquals(30, defaults.maxWarmupSeconds());
    assertEquals(60, defaults.springMinWarmupSeconds());
    assertEquals(120, defaults.springMaxWarmupSeconds());
    assertEquals(0, defaults.rate());
    assertEquals(List.of(), defaults.serverJvmOptions());
  }

  @Test
  void serversRunInTheirOrderWhateverTheOrderGiven() {
    HttpOptions options = HttpOptions.parse("--servers=sqlite,plain-jetty,memory,sqlite",
        "--server-jvm-options= -Xmx256m  -XX:+UseSerialGC ", "--max-warmup=0");
    assertEquals(List.of(ServerKind.PLAIN_JETTY, ServerKind.MEMORY, ServerKind.SQLITE),
        options.servers());
    assertEquals(List.of("-Xmx256m", "-XX:+UseSerialGC"), options.serverJvmOptions());
    assertEquals(0, options.maxWarmupSeconds());
  }

  @Test
  void theOptInMountsRunWhenNamedAfterHookysOwnServer() {
    HttpOptions options = HttpOptions.parse("--servers=spring-boot,servlet,memory,plain-jetty");
    assertEquals(List.of(ServerKind.PLAIN_JETTY, ServerKind.MEMORY, ServerKind.SERVLET,
        ServerKind.SPRING_BOOT), options.servers());
  }

  @Test
  void onlyTheSpringBootServersGetTheSpringWarmUp() {
    HttpOptions options = HttpOptions.parse("--servers=plain-jetty,spring-plain,spring-boot",
        "--max-warmup=20", "--spring-min-warmup=45", "--spring-max-warmup=90");
    assertEquals(List.of(ServerKind.PLAIN_JETTY, ServerKind.SPRING_BOOT,
        ServerKind.SPRING_PLAIN), options.servers());
    for (ServerKind spring : List.of(ServerKind.SPRING_BOOT, ServerKind.SPRING_PLAIN)) {
      assertEquals(45, options.minWarmupSeconds(spring));
      assertEquals(90, options.maxWarmupSeconds(spring));
    }
    for (ServerKind other : List.of(ServerKind.PLAIN_JETTY, ServerKind.HAND_WRITTEN,
        ServerKind.MEMORY, ServerKind.SERVLET)) {
      assertEquals(0, options.minWarmupSeconds(other));
      assertEquals(20, options.maxWarmupSeconds(other));
    }
    HttpOptions everyone = HttpOptions.parse("--min-warmup=40", "--max-warmup=30");
    assertEquals(30, everyone.minWarmupSeconds(ServerKind.MEMORY), "a minimum above the cap");
    assertEquals(60, everyone.minWarmupSeconds(ServerKind.SPRING_PLAIN), "Spring's own");
    // A minimum above the cap is the cap.
    assertEquals(10, HttpOptions.parse("--spring-min-warmup=60", "--spring-max-warmup=10")
        .minWarmupSeconds(ServerKind.SPRING_PLAIN));
  }

  @Test
  void nonsenseIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> HttpOptions.parse("--servers=tomcat"));
    assertThrows(IllegalArgumentException.class, () -> HttpOptions.parse("--round=3"));
    assertThrows(IllegalArgumentException.class, () -> HttpOptions.parse("--connections=0"));
    assertThrows(IllegalArgumentException.class, () -> HttpOptions.parse("--rate=-5"));
    // Without plain-jetty nothing sets the fixed rate.
    assertThrows(IllegalArgumentException.class, () -> HttpOptions.parse("--servers=memory"));
    assertEquals(5_000, HttpOptions.parse("--servers=memory", "--rate=5000").rate());
  }
}
