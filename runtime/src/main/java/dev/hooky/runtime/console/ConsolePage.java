package dev.hooky.runtime.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/** The Live Logs page's files, read once from the jar: no build step, no CDN. */
final class ConsolePage {
  /** Path → content type and bytes. */
  record Asset(String contentType, byte[] bytes) {}

  static final Map<String, Asset> ASSETS = Map.of(
      "/", load("index.html", "text/html;charset=utf-8"),
      "/console.js", load("console.js", "text/javascript;charset=utf-8"),
      "/console.css", load("console.css", "text/css;charset=utf-8"));

  /** The page talks to its own origin only; no inline script, no third party. */
  static final String CONTENT_SECURITY_POLICY =
      "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'";

  private ConsolePage() {}

  private static Asset load(String name, String contentType) {
    try (InputStream in = ConsolePage.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("console asset " + name + " is missing from the jar");
      }
      return new Asset(contentType, in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
