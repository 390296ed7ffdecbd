package dev.hooky.runtime.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The --forward syntax: what it accepts, and the errors for what it does not. */
class ForwardSpecTest {
  private static final String SECRET = StandardWebhookSignerTest.VECTOR_SECRET;

  private static String error(String spec) {
    return assertThrows(IllegalArgumentException.class, () -> ForwardSpec.parse(spec))
        .getMessage();
  }

  @Test
  void aUrlAloneForwardsEveryEventSignedWithTheDefaultSecret() {
    ForwardSpec spec = ForwardSpec.parse("https://app.internal:8443/hooks/cio?team=7");
    assertEquals("forward app.internal:8443/hooks/cio", spec.name());
    assertEquals(URI.create("https://app.internal:8443/hooks/cio?team=7"), spec.url());
    assertEquals(List.of("*"), spec.events());
    assertEquals("env:HOOKY_FORWARD_SECRET", spec.secretSource());
    assertNull(spec.timeout());
    assertEquals("forward app.internal:8443/hooks/cio -> https://app.internal:8443/hooks/cio?...,"
        + " events *, secret from env:HOOKY_FORWARD_SECRET", spec.describe());
  }

  @Test
  void optionsFollowTheUrl() {
    ForwardSpec spec = ForwardSpec.parse(" http://127.0.0.1:3000/hook ; events=email_*, sms_delivered"
        + ";secret=env:APP_SECRET;timeout=800ms;name=app ");
    assertEquals("forward app", spec.name());
    assertEquals(List.of("email_*", "sms_delivered"), spec.events());
    assertEquals("env:APP_SECRET", spec.secretSource());
    assertEquals(Duration.ofMillis(800), spec.timeout());
    assertEquals(Duration.ofSeconds(2), ForwardSpec.parse("http://h/;timeout=2s").timeout());
    assertEquals(Duration.ofMinutes(1), ForwardSpec.parse("http://h/;timeout=1m").timeout());
  }

  @Test
  void unknownEventsAreNamedWithASuggestion() {
    assertEquals("unknown event \"emial_bounced\"; did you mean email_bounced? (hooky events"
        + " lists them; * also matches events the catalog does not know)",
        error("https://a/h;events=emial_bounced"));
    assertTrue(error("https://a/h;events=order_shipped").startsWith(
        "unknown event \"order_shipped\" ("), error("https://a/h;events=order_shipped"));
    assertTrue(error("https://a/h;events=emails_*").startsWith(
        "unknown channel \"emails\" in \"emails_*\"; did you mean email_*?"));
    assertTrue(error("https://a/h;events=*_sent").contains("only a whole channel"));
    assertEquals("an event name is empty", error("https://a/h;events=email_*,"));
  }

  @Test
  void onlyAbsoluteHttpUrlsWithoutCredentials() {
    assertTrue(error("ftp://files.internal/drop").startsWith("unsupported scheme \"ftp:\""));
    assertTrue(error("file:///etc/passwd").startsWith("unsupported scheme \"file:\""));
    assertTrue(error("/hooks/cio").contains("must be absolute"));
    assertTrue(error("https://user:pw@app/h").contains("may not hold credentials"));
    assertFalse(error("https://user:pw@app/h").contains("pw"));
    assertTrue(error("https:///nohost").contains("needs a host"));
    assertTrue(error("http://a b/").startsWith("not a URL"));
    assertTrue(error("").startsWith("a destination needs a URL"));
    assertTrue(error("https://app/h#frag").contains("#fragment"));
  }

  @Test
  void optionErrorsNeverEchoWhatMayBeASecret() {
    String literal = error("https://a/h;secret=" + SECRET);
    assertTrue(literal.startsWith("secret= takes env:VARIABLE or file:PATH"), literal);
    assertFalse(literal.contains("MfKQ9r8G"), literal);
    String pasted = error("https://a/h;" + SECRET);
    assertTrue(pasted.startsWith("unknown option after the URL"), pasted);
    assertFalse(pasted.contains("MfKQ9r8G"), pasted);
    assertTrue(error("https://a/h;colour=red").startsWith("unknown option \"colour\""));
    assertEquals("option events given twice", error("https://a/h;events=*;events=sms_sent"));
    assertTrue(error("https://a/h;timeout=5").contains("not a duration"));
    assertTrue(error("https://a/h;timeout=0s").contains("positive"));
    assertTrue(error("https://a/h;name=has space").contains("may hold only"));
  }

  @Test
  void theSecretComesFromTheNamedVariableOrFile(@TempDir Path dir) throws Exception {
    HttpDestination fromEnv = ForwardSpec.parse("https://a/h;secret=env:APP_SECRET")
        .destination(Map.of("APP_SECRET", SECRET), HttpDestination.DEFAULT_TIMEOUT,
            Clock.systemUTC());
    assertEquals(Duration.ofSeconds(5), fromEnv.timeout());
    assertEquals("forward a/h (https://a/h, time-out 5000 ms)", fromEnv.describe());

    Path file = dir.resolve("secret");
    Files.writeString(file, SECRET + "\n");
    ForwardSpec.parse("https://a/h;secret=file:" + file + ";timeout=1s")
        .destination(Map.of(), HttpDestination.DEFAULT_TIMEOUT, Clock.systemUTC());

    String missing = assertThrows(IllegalArgumentException.class,
        () -> ForwardSpec.parse("https://a/h").destination(Map.of(), Duration.ofSeconds(1),
            Clock.systemUTC())).getMessage();
    assertTrue(missing.startsWith("forward a/h: the variable HOOKY_FORWARD_SECRET is not set"),
        missing);
    String wrong = assertThrows(IllegalArgumentException.class,
        () -> ForwardSpec.parse("https://a/h").destination(
            Map.of("HOOKY_FORWARD_SECRET", "hunter2-hunter2"), Duration.ofSeconds(1),
            Clock.systemUTC())).getMessage();
    assertTrue(wrong.startsWith("the variable HOOKY_FORWARD_SECRET is not a Standard Webhooks"
        + " secret"), wrong);
    assertFalse(wrong.contains("hunter2"), wrong);
  }

  @Test
  void severalDestinationsSeparatedByWhitespace() {
    List<ForwardSpec> specs = ForwardSpec.parseAll(
        "https://a/one;events=email_*\n  https://b/two;events=sms_delivered ");
    assertEquals(List.of("forward a/one", "forward b/two"),
        specs.stream().map(ForwardSpec::name).toList());
  }
}
