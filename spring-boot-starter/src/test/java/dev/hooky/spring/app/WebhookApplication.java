package dev.hooky.spring.app;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** A Spring Boot application as a user writes it: handler beans, no Hooky code. */
@SpringBootApplication
public class WebhookApplication {}
