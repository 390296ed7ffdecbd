package dev.hooky.spring;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** IDEs complete and document the hooky.* properties from the metadata the jar carries. */
class ConfigurationMetadataTest {
  @Test
  void everyPropertyIsDescribedWithItsDefault() throws IOException {
    String metadata;
    try (InputStream in = HookyProperties.class.getResourceAsStream(
        "/META-INF/spring-configuration-metadata.json")) {
      assertNotNull(in, "no configuration metadata in the jar");
      metadata = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    for (String property : new String[] {"hooky.signing-keys", "hooky.path", "hooky.inbox",
        "hooky.timestamp-tolerance", "hooky.worker-threads", "hooky.admin.enabled",
        "hooky.admin.port", "hooky.admin.host", "hooky.admin.token"}) {
      assertTrue(metadata.contains("\"name\": \"" + property + "\""), property);
    }
    assertTrue(metadata.contains("\"defaultValue\": \"\\/webhooks\\/customerio\"")
        || metadata.contains("\"defaultValue\": \"/webhooks/customerio\""), metadata);
    assertTrue(metadata.contains("Customer.io signing keys"), metadata);
  }
}
