package dev.hooky.spring;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hooky.runtime.HookyEmbedded;
import dev.hooky.spring.app.WebhookApplication;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The application fails to start with the standalone server's message and the property to set;
 * a context that closes drains and stops Hooky's workers.
 */
class StartupFailureTest {
  @Test
  void withoutASigningKeyTheApplicationDoesNotStartAndSaysWhy() {
    RuntimeException failure = assertThrows(RuntimeException.class,
        () -> application("hooky.inbox=memory").run().close());

    String message = rootCause(failure).getMessage();
    assertTrue(message.contains("no Customer.io signing key"), message);
    assertTrue(message.contains("hooky.signing-keys"), message);
    // What Spring Boot prints as "APPLICATION FAILED TO START".
    FailureAnalysis analysis = new HookyStartupFailureAnalyzer().analyze(failure);
    assertTrue(analysis.getDescription().startsWith(
        "Hooky cannot start: no Customer.io signing key"), analysis.getDescription());
    assertTrue(analysis.getAction().contains("hooky.signing-keys"), analysis.getAction());
  }

  @Test
  void anUnusableValueNamesItsProperty() {
    RuntimeException failure = assertThrows(RuntimeException.class,
        () -> application("hooky.signing-keys=k", "hooky.inbox=mysql:db").run().close());

    String message = rootCause(failure).getMessage();
    assertTrue(message.contains("hooky.inbox"), message);
    assertTrue(message.contains("unsupported inbox \"mysql:db\""), message);
  }

  @Test
  void postgresWithoutADataSourceSaysSo() {
    RuntimeException failure = assertThrows(RuntimeException.class,
        () -> application("hooky.signing-keys=k", "hooky.inbox=postgres").run().close());

    assertTrue(rootCause(failure).getMessage().contains("there is none"),
        rootCause(failure).getMessage());
  }

  @Test
  void theWorkersStartAndStopWithTheContext() {
    HookyEmbedded hooky;
    try (ConfigurableApplicationContext context =
        application("hooky.signing-keys=k", "hooky.inbox=memory").run()) {
      hooky = context.getBean(HookyEmbedded.class);
      assertTrue(hooky.isRunning());
    }
    assertTrue(!hooky.isRunning(), "closing the context stopped the workers");
  }

  private static SpringApplicationBuilder application(String... properties) {
    return new SpringApplicationBuilder(WebhookApplication.class)
        .web(WebApplicationType.NONE)
        .properties("hooky.admin.enabled=false", "spring.main.banner-mode=off")
        .properties(properties);
  }

  private static Throwable rootCause(Throwable failure) {
    Throwable cause = failure;
    while (cause.getCause() != null && cause.getCause() != cause
        && !(cause instanceof HookyStartupException)) {
      cause = cause.getCause();
    }
    return cause;
  }
}
