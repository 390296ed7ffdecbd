package dev.hooky.samples.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hooky.testkit.CustomerIoFixture;
import dev.hooky.testkit.CustomerIoFixtures;
import dev.hooky.testkit.CustomerIoSigner;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The sample boots on a random port and handles a signed event posted to its own port. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "hooky.signing-keys=sample-test-key", "hooky.inbox=memory", "hooky.admin.port=0"})
class SpringSampleApplicationTest {
  @LocalServerPort
  int port;
  @Autowired
  MessageHandlers handlers;

  @Test
  void aSignedBounceReachesTheHandlerBean() throws Exception {
    CustomerIoFixture bounce = CustomerIoFixtures.emailBounced().build();
    HttpRequest.Builder request = HttpRequest.newBuilder(
            URI.create("http://localhost:" + port + "/webhooks/customerio"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(bounce.bytes()));
    CustomerIoSigner.headers(bounce.bytes(), "sample-test-key", Instant.now())
        .forEach(request::header);

    HttpResponse<String> answer = HttpClient.newHttpClient().send(request.build(),
        HttpResponse.BodyHandlers.ofString());

    assertEquals(200, answer.statusCode(), answer.body());
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (handlers.bounces() == 0 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertEquals(1, handlers.bounces());
  }
}
