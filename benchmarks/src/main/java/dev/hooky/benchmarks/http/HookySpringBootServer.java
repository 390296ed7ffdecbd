package dev.hooky.benchmarks.http;

import dev.hooky.benchmarks.CountingHandler;
import dev.hooky.benchmarks.SignedEvents;
import dev.hooky.runtime.HookyEmbedded;
import java.io.PrintStream;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * Server (g): a Spring Boot 4 application (Spring MVC on Tomcat, Spring Boot's defaults) with
 * hooky-spring-boot-starter and one handler bean, configured only by {@code hooky.*} properties as
 * {@link HookyTargetServer} configures Hooky. Run by the benchmark in a JVM of its own.
 *
 * <p>Arguments: {@code PORT INBOX}; then the {@link ServerControl} channel.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class HookySpringBootServer {
  /** The handler, found by the starter by its generated router. */
  @Bean
  CountingHandler countingHandler() {
    return new CountingHandler();
  }

  public static void main(String[] args) {
    PrintStream channel = ServerControl.takeStdout();
    if (args.length != 2) {
      System.err.println("Usage: HookySpringBootServer PORT INBOX; started by"
          + " HttpComparisonBenchmark");
      System.exit(2);
    }
    SpringApplication application = new SpringApplication(HookySpringBootServer.class);
    application.setDefaultProperties(Map.of(
        "server.address", "127.0.0.1",
        "server.port", args[0],
        "spring.main.banner-mode", "off",
        "hooky.signing-keys", SignedEvents.SIGNING_KEY,
        "hooky.inbox", args[1],
        "hooky.admin.port", "0",
        "spring.lifecycle.timeout-per-shutdown-phase", "10s"));
    ConfigurableApplicationContext context = application.run();
    CountingHandler handler = context.getBean(CountingHandler.class);
    HookyEmbedded hooky = context.getBean(HookyEmbedded.class);
    int port = Integer.parseInt(context.getEnvironment().getRequiredProperty("local.server.port"));
    ServerControl.serveAndExit(new ServerControl.Target() {
      @Override
      public int port() {
        return port;
      }

      @Override
      public long handled() {
        return handler.handled();
      }

      @Override
      public long waiting() {
        return hooky.inbox().depth();
      }

      @Override
      public void stop() {
        if (hooky.inbox().depth() == 0) {
          context.close();
        }
      }
    }, channel);
  }
}
