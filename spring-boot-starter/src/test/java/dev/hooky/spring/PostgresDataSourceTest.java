package dev.hooky.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hooky.customerio.event.EmailEvent;
import dev.hooky.runtime.HookyEmbedded;
import dev.hooky.runtime.inbox.DeliveryStatus;
import dev.hooky.runtime.testing.PostgresServer;
import dev.hooky.spring.app.EmailHandlers;
import dev.hooky.spring.app.WebhookApplication;
import dev.hooky.testkit.CustomerIoFixture;
import dev.hooky.testkit.CustomerIoFixtures;
import dev.hooky.testkit.CustomerIoSigner;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@code hooky.inbox=postgres}: the inbox lives in the application's own DataSource (here a bean
 * of the application's, on a throwaway PostgreSQL cluster), and events posted to Spring's port are
 * stored there and handled.
 */
class PostgresDataSourceTest {
  /** The application's DataSource. */
  @Configuration(proxyBeanMethods = false)
  static class ApplicationDataSource {
    static String url;

    @Bean
    DataSource dataSource() {
      PGSimpleDataSource source = new PGSimpleDataSource();
      source.setURL(url);
      return source;
    }
  }

  @Test
  void theInboxIsKeptInTheApplicationsDataSource() throws Exception {
    ApplicationDataSource.url = PostgresServer.shared().createDatabase();
    try (ConfigurableApplicationContext context = new SpringApplicationBuilder(
        WebhookApplication.class, ApplicationDataSource.class)
        .properties("hooky.signing-keys=pg-key", "hooky.inbox=postgres",
            "hooky.admin.enabled=false", "server.port=0", "spring.main.banner-mode=off")
        .run()) {
      HookyEmbedded hooky = context.getBean(HookyEmbedded.class);
      int port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
      CustomerIoFixture email = CustomerIoFixtures.named("email_sent").build();
      HttpRequest.Builder request = HttpRequest.newBuilder(
              URI.create("http://127.0.0.1:" + port + hooky.path()))
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofByteArray(email.bytes()));
      CustomerIoSigner.headers(email.bytes(), "pg-key", Instant.now()).forEach(request::header);

      HttpResponse<String> answer = HttpClient.newHttpClient().send(request.build(),
          HttpResponse.BodyHandlers.ofString());

      assertEquals(200, answer.statusCode(), answer.body());
      EmailEvent handled = context.getBean(EmailHandlers.class).received()
          .poll(10, TimeUnit.SECONDS);
      assertNotNull(handled, "the handler did not run");
      assertEquals(email.eventId(), handled.eventId());
      assertTrue(hooky.inbox().describe().toLowerCase().contains("postgres"),
          hooky.inbox().describe());
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (hooky.inbox().find(email.eventId()).orElseThrow().status()
          != DeliveryStatus.HANDLED && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertEquals(DeliveryStatus.HANDLED,
          hooky.inbox().find(email.eventId()).orElseThrow().status());
      try (Connection connection = PostgresServer.connect(ApplicationDataSource.url);
          Statement statement = connection.createStatement();
          ResultSet tables = statement.executeQuery("SELECT count(*) FROM information_schema"
              + ".tables WHERE table_name LIKE 'hooky%'")) {
        tables.next();
        assertTrue(tables.getInt(1) > 0, "no Hooky table in the application's database");
      }
    }
  }
}
