package dev.hooky.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hooky.customerio.event.CustomerIoEvent;
import dev.hooky.customerio.event.EmailEvent;
import dev.hooky.customerio.event.SmsEvent;
import dev.hooky.runtime.HookyEmbedded;
import dev.hooky.spring.app.EmailHandlers;
import dev.hooky.spring.app.Proxying;
import dev.hooky.spring.app.SmsHandlers;
import dev.hooky.spring.app.WebhookApplication;
import dev.hooky.testkit.CustomerIoFixture;
import dev.hooky.testkit.CustomerIoFixtures;
import dev.hooky.testkit.CustomerIoSigner;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A real Spring Boot 4 application (Tomcat, Spring MVC, Actuator) on a random port, with the
 * starter and two handler beans, one behind a CGLIB proxy: signed events posted to Spring's own
 * port reach both, with no Hooky code in the application but its properties.
 */
@SpringBootTest(classes = WebhookApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
        "hooky.signing-keys=old-key,spring-test-key",
        "hooky.inbox=memory",
        "hooky.worker-threads=2",
        "hooky.admin.port=0",
        "hooky.admin.token=spring-admin-token-0123456789abcdef0123",
        "management.endpoints.web.exposure.include=health,prometheus",
        "management.endpoint.health.show-components=always"})
class SpringBootStarterTest {
  private static final String KEY = "spring-test-key";
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @LocalServerPort
  int port;
  @Autowired
  EmailHandlers emailHandlers;
  @Autowired
  SmsHandlers smsHandlers;
  @Autowired
  HookyEmbedded hooky;
  @Autowired
  MeterRegistry meterRegistry;
  @Autowired
  HookyHealthIndicator health;

  @Test
  void signedEventsOnSpringsPortReachTheHandlerBeansItFoundItself() throws Exception {
    CustomerIoFixture email = CustomerIoFixtures.named("email_delivered").build();
    CustomerIoFixture sms = CustomerIoFixtures.named("sms_delivered").build();

    HttpResponse<String> emailAnswer = post(email.bytes(), KEY);
    HttpResponse<String> smsAnswer = post(sms.bytes(), KEY);

    assertEquals(200, emailAnswer.statusCode(), emailAnswer.body());
    assertEquals("ok\n", emailAnswer.body());
    assertEquals(200, smsAnswer.statusCode(), smsAnswer.body());
    EmailEvent handledEmail = awaitEvent(emailHandlers.received(), email.eventId());
    assertNotNull(handledEmail, "the email handler bean did not run");
    SmsEvent handledSms = awaitEvent(smsHandlers.received(), sms.eventId());
    assertNotNull(handledSms, "the proxied sms handler bean did not run");
    assertTrue(AopUtils.isCglibProxy(smsHandlers), "the test's handler is not proxied");
    assertTrue(Proxying.ADVISED_CALLS.get() >= 1, "the call bypassed the proxy's advice");
  }

  @Test
  void theEndpointAnswersAsTheStandaloneServerDoes() throws Exception {
    CustomerIoFixture email = CustomerIoFixtures.named("email_opened").build();

    HttpResponse<String> forged = post(email.bytes(), "not-the-key");
    HttpResponse<String> get = HTTP.send(HttpRequest.newBuilder(webhookUrl()).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> unsigned = HTTP.send(HttpRequest.newBuilder(webhookUrl())
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(email.bytes())).build(),
        HttpResponse.BodyHandlers.ofString());

    assertEquals(401, forged.statusCode());
    assertEquals("signature mismatch\n", forged.body());
    assertEquals(405, get.statusCode());
    assertEquals("POST", get.headers().firstValue("Allow").orElse(null));
    assertEquals(401, unsigned.statusCode());
    assertEquals("missing X-CIO-Timestamp header\n", unsigned.body());
    assertTrue(emailHandlers.received().stream().noneMatch(
        event -> event.eventId().equals(email.eventId())), "a refused event was handled");
  }

  @Test
  void metricsGoToTheApplicationsRegistryAndHealthReportsTheInbox() throws Exception {
    post(CustomerIoFixtures.named("email_clicked").build().bytes(), KEY);

    assertTrue(meterRegistry.find("hooky.deliveries.received").counters().stream()
        .mapToDouble(counter -> counter.count()).sum() >= 1, "no hooky meter in Spring's registry");
    HttpResponse<String> prometheus = get("/actuator/prometheus");
    assertEquals(200, prometheus.statusCode());
    assertTrue(prometheus.body().contains("hooky_deliveries_received"), "not in Actuator's scrape");

    assertEquals(Status.UP, health.health().getStatus());
    HttpResponse<String> actuatorHealth = get("/actuator/health/hooky");
    assertEquals(200, actuatorHealth.statusCode(), actuatorHealth.body());
    assertTrue(actuatorHealth.body().contains("\"UP\""), actuatorHealth.body());
  }

  @Test
  void liveLogsListenOnTheLoopbackAdminPortWithTheToken() throws Exception {
    assertTrue(hooky.isRunning(), "the context started the workers");
    URI api = hooky.adminUrl().orElseThrow();
    assertEquals("127.0.0.1", api.getHost());

    HttpResponse<String> withoutToken = HTTP.send(HttpRequest.newBuilder(
        api.resolve("/api/deliveries")).build(), HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> withToken = HTTP.send(HttpRequest.newBuilder(
        api.resolve("/api/deliveries")).header("Authorization",
        "Bearer spring-admin-token-0123456789abcdef0123").build(),
        HttpResponse.BodyHandlers.ofString());

    assertEquals(401, withoutToken.statusCode());
    assertEquals(200, withToken.statusCode(), withToken.body());
    assertFalse(hooky.adminToken().isEmpty());
  }

  /** The event with {@code eventId} once its handler got it (other tests' events pass by). */
  private static <T extends CustomerIoEvent> T awaitEvent(BlockingQueue<T> received,
      String eventId) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    for (long left; (left = deadline - System.nanoTime()) > 0; ) {
      T event = received.poll(left, TimeUnit.NANOSECONDS);
      if (event != null && event.eventId().equals(eventId)) {
        return event;
      }
    }
    return null;
  }

  private URI webhookUrl() {
    return URI.create("http://127.0.0.1:" + port + hooky.path());
  }

  private HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(byte[] body, String key) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(webhookUrl())
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    for (Map.Entry<String, String> header
        : CustomerIoSigner.headers(body, key, Instant.now()).entrySet()) {
      request.header(header.getKey(), header.getValue());
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
