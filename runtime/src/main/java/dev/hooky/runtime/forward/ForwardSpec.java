package dev.hooky.runtime.forward;

import dev.hooky.runtime.dispatch.EventPatterns;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One forwarding destination as written on the command line or in {@code HOOKY_FORWARD}:
 *
 * <pre>
 * URL[;events=PATTERN,PATTERN...][;secret=env:VARIABLE|file:PATH][;timeout=5s][;name=NAME]
 * </pre>
 *
 * <ul>
 *   <li>{@code URL}: an absolute {@code http://} or {@code https://} URL, without credentials.
 *   <li>{@code events}: what to forward, with {@code @OnCustomerIoEvent}'s syntax ({@code
 *       sms_delivered}, {@code email_*}, {@code *}); default {@code *}, every event.
 *   <li>{@code secret}: where the {@code whsec_} signing secret is, an environment variable or a
 *       file (a Docker secret, say); default the variable {@code HOOKY_FORWARD_SECRET}. Never the
 *       secret itself, which would show in {@code ps} and shell history. The value may hold several
 *       secrets separated by spaces (a rotation): each signs.
 *   <li>{@code timeout}: how long one attempt may take, e.g. {@code 800ms}, {@code 10s}; default
 *       5 s.
 *   <li>{@code name}: how Live Logs name it ({@code forward NAME}); default the URL's host and
 *       path, without the query.
 * </ul>
 *
 * @param name the handler name, {@code forward ...}
 * @param url where to POST
 * @param events the checked event patterns
 * @param secretSource {@code env:VARIABLE} or {@code file:PATH}
 * @param timeout the time-out of one attempt, or null for the default
 */
public record ForwardSpec(
    String name, URI url, List<String> events, String secretSource, Duration timeout) {
  public static final String SECRET_VARIABLE = "HOOKY_FORWARD_SECRET";
  public static final String NAME_PREFIX = "forward ";
  private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m)");
  private static final List<String> OPTIONS = List.of("events", "secret", "timeout", "name");

  public ForwardSpec {
    Objects.requireNonNull(name, "name == null");
    Objects.requireNonNull(url, "url == null");
    events = List.copyOf(events);
    Objects.requireNonNull(secretSource, "secretSource == null");
  }

  /**
   * Reads one destination.
   *
   * @throws IllegalArgumentException saying what is wrong and what is expected
   */
  public static ForwardSpec parse(String text) {
    Objects.requireNonNull(text, "text == null");
    String[] parts = text.trim().split(";", -1);
    URI url = url(parts[0].trim());
    List<String> events = List.of("*");
    String secret = "env:" + SECRET_VARIABLE;
    Duration timeout = null;
    String name = null;
    List<String> seen = new ArrayList<>();
    for (int i = 1; i < parts.length; i++) {
      String part = parts[i].trim();
      int equals = part.indexOf('=');
      String key = equals < 0 ? part : part.substring(0, equals).trim().toLowerCase(Locale.ROOT);
      if (equals < 0 || !OPTIONS.contains(key)) {
        // Quote only what cannot be a pasted secret.
        String shown = equals >= 0 && key.matches("[a-z]{1,20}") ? " \"" + key + "\"" : "";
        throw new IllegalArgumentException("unknown option" + shown + " after the URL: use"
            + " ;events=..., ;secret=env:NAME, ;timeout=5s or ;name=...");
      }
      if (seen.contains(key)) {
        throw new IllegalArgumentException("option " + key + " given twice");
      }
      seen.add(key);
      String value = part.substring(equals + 1).trim();
      switch (key) {
        case "events" -> events = EventPatterns.check(Arrays.asList(value.split(",", -1)));
        case "secret" -> secret = secretSource(value);
        case "timeout" -> timeout = duration("timeout=" + value, value);
        default -> name = name(value);
      }
    }
    return new ForwardSpec(NAME_PREFIX + (name != null ? name : defaultName(url)), url, events,
        secret, timeout);
  }

  /** Reads several destinations separated by whitespace, as in {@code HOOKY_FORWARD}. */
  public static List<ForwardSpec> parseAll(String text) {
    List<ForwardSpec> specs = new ArrayList<>();
    for (String one : text.trim().split("\\s+")) {
      if (!one.isEmpty()) {
        specs.add(parse(one));
      }
    }
    return specs;
  }

  /**
   * The destination, its secret read from {@code environment} or the file.
   *
   * @param defaultTimeout used when the spec sets none
   * @throws IllegalArgumentException naming the variable or file that lacks a usable secret
   */
  public HttpDestination destination(Map<String, String> environment, Duration defaultTimeout,
      Clock clock) {
    List<WebhookSecret> secrets = new ArrayList<>();
    String where = secretSource.startsWith("env:")
        ? "the variable " + secretSource.substring(4) : "the file " + secretSource.substring(5);
    String value = secretValue(environment, where);
    String[] words = value.trim().split("\\s+");
    for (int i = 0; i < words.length; i++) {
      secrets.add(WebhookSecret.parse(words[i],
          words.length == 1 ? where : where + " (secret " + (i + 1) + " of " + words.length + ")"));
    }
    return new HttpDestination(name, url, timeout != null ? timeout : defaultTimeout,
        new StandardWebhookSigner(secrets), clock);
  }

  private String secretValue(Map<String, String> environment, String where) {
    if (secretSource.startsWith("env:")) {
      String value = environment.get(secretSource.substring(4));
      if (value == null || value.isBlank()) {
        throw new IllegalArgumentException(name + ": " + where + " is not set; set it to a"
            + " whsec_ secret (make one with: echo whsec_$(openssl rand -base64 32))");
      }
      return value;
    }
    try {
      return Files.readString(Path.of(secretSource.substring(5)), StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(name + ": cannot read " + where + ": " + e, null);
    }
  }

  /** What the start-up log says: where the secret is, never what it is. */
  public String describe() {
    return name + " -> " + url.getScheme() + "://" + url.getRawAuthority() + url.getRawPath()
        + (url.getRawQuery() == null ? "" : "?...") + ", events " + String.join(",", events)
        + ", secret from " + secretSource;
  }

  private static URI url(String text) {
    if (text.isEmpty()) {
      throw new IllegalArgumentException("a destination needs a URL, e.g."
          + " https://app.internal/hooks/cio;events=email_*");
    }
    URI url;
    try {
      url = new URI(text);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("not a URL: " + e.getMessage(), null);
    }
    if (url.getScheme() != null && !url.getScheme().equalsIgnoreCase("http")
        && !url.getScheme().equalsIgnoreCase("https")) {
      throw new IllegalArgumentException("unsupported scheme \"" + url.getScheme() + ":\" in "
          + "a destination: only http:// and https:// URLs are forwarded to");
    }
    if (url.getScheme() == null) {
      throw new IllegalArgumentException("a destination URL must be absolute, starting with"
          + " http:// or https://");
    }
    return HttpDestination.checkUrl(url);
  }

  private static String secretSource(String value) {
    if (value.startsWith("env:") && value.length() > 4
        && value.substring(4).matches("[A-Za-z_][A-Za-z0-9_]*")) {
      return value;
    }
    if (value.startsWith("file:") && value.length() > 5) {
      return value;
    }
    // Never echo the value: it may be the secret itself.
    throw new IllegalArgumentException("secret= takes env:VARIABLE or file:PATH, never the"
        + " secret itself (it would show in ps and shell history)");
  }

  /**
   * Reads a duration written {@code 800ms}, {@code 5s} or {@code 1m}.
   *
   * @param what how the error names the value, e.g. {@code --retry-delay}
   * @throws IllegalArgumentException for anything else, or zero
   */
  public static Duration duration(String what, String value) {
    Matcher matcher = DURATION.matcher(value.trim());
    if (!matcher.matches()) {
      throw new IllegalArgumentException(what + " is not a duration: use e.g. 800ms, 5s or 1m");
    }
    long amount = Long.parseLong(matcher.group(1));
    Duration duration = switch (matcher.group(2)) {
      case "ms" -> Duration.ofMillis(amount);
      case "s" -> Duration.ofSeconds(amount);
      default -> Duration.ofMinutes(amount);
    };
    if (duration.isZero()) {
      throw new IllegalArgumentException(what + " must be positive");
    }
    return duration;
  }

  private static String name(String value) {
    if (!value.matches("[A-Za-z0-9._/:@-]{1,100}")) {
      throw new IllegalArgumentException("name=" + value + " may hold only letters, digits and"
          + " ._/:@- (at most 100)");
    }
    return value;
  }

  private static String defaultName(URI url) {
    String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
    return url.getRawAuthority() + path;
  }
}
