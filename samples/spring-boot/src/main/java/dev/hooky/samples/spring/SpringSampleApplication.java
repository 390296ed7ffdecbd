package dev.hooky.samples.spring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Receives Customer.io reporting webhooks on Spring's own port, at {@code /webhooks/customerio}.
 * Hooky needs no code here: the starter finds {@link MessageHandlers} and reads {@code hooky.*}
 * from application.properties (set {@code HOOKY_SIGNING_KEYS} in the environment).
 */
@SpringBootApplication
public class SpringSampleApplication {
  public static void main(String[] args) {
    SpringApplication.run(SpringSampleApplication.class, args);
  }
}
