package dev.hooky.benchmarks.http.springplain;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/** The application: Spring Boot's defaults, and the components of this package. */
@SpringBootApplication
@EnableConfigurationProperties(CustomerIoWebhookProperties.class)
public class WebhookApplication {}
