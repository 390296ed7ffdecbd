package dev.hooky.benchmarks.http.springplain;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * {@code customerio.webhook.*}: the endpoint's secret and limits, with the defaults of the
 * hand-written handler (b) and of Hooky.
 *
 * @param signingKey the webhook's signing secret, from Customer.io's settings
 * @param maxBody the largest body accepted; larger ones are answered 413
 * @param tolerance how far {@code X-CIO-Timestamp} may be from now, either way
 */
@ConfigurationProperties("customerio.webhook")
public record CustomerIoWebhookProperties(String signingKey,
    @DefaultValue("5MB") DataSize maxBody, @DefaultValue("300s") Duration tolerance) {}
