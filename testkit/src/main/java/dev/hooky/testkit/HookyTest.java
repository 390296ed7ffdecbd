package dev.hooky.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs Hooky around each test: on a free port of 127.0.0.1, with the memory inbox, the admin port
 * off, and the test's {@link HookyHandler} fields as handlers. Test methods may take a {@link
 * HookyClient} (and a {@link dev.hooky.runtime.HookyServer}) parameter.
 *
 * <pre>{@code
 * @HookyTest
 * class DeliveryHandlersTest {
 *   @HookyHandler DeliveryHandlers handlers = new DeliveryHandlers(fakeRepository);
 *
 *   @Test
 *   void remembersBounces(HookyClient client) {
 *     client.send(CustomerIoFixtures.emailBounced().recipient("a@example.com").build());
 *     client.awaitHandled();
 *     assertThat(fakeRepository.bounced()).contains("a@example.com");
 *   }
 * }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(HookyExtension.class)
public @interface HookyTest {}
