package dev.hooky.benchmarks.http;

import dev.hooky.benchmarks.SignedEvents;
import dev.hooky.benchmarks.http.springplain.CustomerIoWebhookController;
import dev.hooky.benchmarks.http.springplain.WebhookApplication;
import java.io.PrintStream;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Server (h): the plain Spring Boot application of {@code springplain}, no Hooky in it, started as
 * {@link HookySpringBootServer} is started, with the driver's signing key. Run by the benchmark in
 * a JVM of its own.
 *
 * <p>Arguments: {@code [PORT]} (default 0: any free port); then the {@link ServerControl} channel.
 */
public final class SpringPlainServer {
  private SpringPlainServer() {}

  public static void main(String[] args) {
    PrintStream channel = ServerControl.takeStdout();
    ConfigurableApplicationContext context =
        start(args.length > 0 ? Integer.parseInt(args[0]) : 0);
    CustomerIoWebhookController controller = context.getBean(CustomerIoWebhookController.class);
    int port = port(context);
    ServerControl.serveAndExit(new ServerControl.Target() {
      @Override
      public int port() {
        return port;
      }

      @Override
      public long handled() {
        return controller.handled();
      }

      @Override
      public long waiting() {
        return 0;
      }

      @Override
      public void stop() {
        context.close();
      }
    }, channel);
  }

  /**
   * Starts the application on 127.0.0.1 at {@code port}; {@code arguments} as on its command line
   * ({@code --customerio.webhook.max-body=1KB}).
   */
  static ConfigurableApplicationContext start(int port, String... arguments) {
    SpringApplication application = new SpringApplication(WebhookApplication.class);
    application.setDefaultProperties(Map.of(
        "server.address", "127.0.0.1",
        "server.port", Integer.toString(port),
        "spring.main.banner-mode", "off",
        "customerio.webhook.signing-key", SignedEvents.SIGNING_KEY,
        // The benchmarks' jar also holds hooky-spring-boot-starter, for (g): keep Hooky out of
        // this application, as it is out of a team's that never added it.
        "spring.autoconfigure.exclude", "dev.hooky.spring.HookyAutoConfiguration",
        "spring.lifecycle.timeout-per-shutdown-phase", "10s"));
    return application.run(arguments);
  }

  /** The port the application's server listens on. */
  static int port(ConfigurableApplicationContext context) {
    return Integer.parseInt(context.getEnvironment().getRequiredProperty("local.server.port"));
  }
}
