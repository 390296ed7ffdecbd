package dev.hooky.runtime.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.junit.jupiter.api.Test;

/**
 * What a Hooky server is built with: it listens only on the address it was given (a webhook or
 * admin port bound to 127.0.0.1 must not answer on every interface), on the port asked for, with
 * threads named after it and the stop timeout it was given.
 */
class JettyServersTest {
  @Test
  void aServerListensOnlyWhereItWasToldWithItsOwnNameAndStopTimeout() {
    QueuedThreadPool threads = new QueuedThreadPool(8, 2);

    JettyServers.Listening listening = JettyServers.create("hooky-test-http", threads,
        "127.0.0.1", 18_080, Duration.ofMillis(1_234));

    assertEquals("127.0.0.1", listening.connector().getHost());
    assertEquals(18_080, listening.connector().getPort());
    assertEquals("hooky-test-http", threads.getName());
    assertEquals(1_234, listening.server().getStopTimeout());
    assertEquals(JettyServers.DEFAULT_IDLE_TIMEOUT.toMillis(),
        listening.connector().getIdleTimeout());
  }
}
