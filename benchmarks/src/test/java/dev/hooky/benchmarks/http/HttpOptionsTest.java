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
