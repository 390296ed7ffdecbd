package dev.hooky.runtime.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hooky.runtime.console.QueryParams.BadRequest;
import dev.hooky.runtime.inbox.DeliveryStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.eclipse.jetty.util.Fields;
import org.junit.jupiter.api.Test;

/**
 * The exact edges of the admin API's query parameters: the last value each check lets through,
 * the first it refuses, and what the refusal says.
 */
class QueryParamsTest {
  private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");
  private static final Set<String> ALL = QueryParams.names("limit", "cursor", "since", "status",
      "event", "q");

  @Test
  void aLimitIsOneToAThousand() {
    assertEquals(1, params("limit", "1").limit("limit", 50));
    assertEquals(1_000, params("limit", "1000").limit("limit", 50));
    assertEquals(50, params().limit("limit", 50), "absent: the default");
    assertEquals("limit must be 1 to 1000, was \"0\"", refusal(() -> params("limit", "0")
        .limit("limit", 50)));
    assertEquals("limit must be 1 to 1000, was \"1001\"", refusal(() -> params("limit", "1001")
        .limit("limit", 50)));
    assertEquals("limit must be a whole number of at most 4 digits, was \"10000\"",
        refusal(() -> params("limit", "10000").limit("limit", 50)));
    assertEquals("limit must be a whole number of at most 4 digits, was \"-1\"",
        refusal(() -> params("limit", "-1").limit("limit", 50)));
  }

  @Test
  void aCursorIsAPositiveNumberOfAtMostEighteenDigits() {
    assertEquals(1L, params("cursor", "1").cursor("cursor"));
    assertEquals(999_999_999_999_999_999L, params("cursor", "9".repeat(18)).cursor("cursor"));
    assertNull(params().cursor("cursor"));
    assertEquals("cursor must be a positive number from a nextCursor, was \"0\"",
        refusal(() -> params("cursor", "0").cursor("cursor")));
    assertEquals("cursor must be a whole number of at most 18 digits, was \"" + "9".repeat(19)
        + "\"", refusal(() -> params("cursor", "9".repeat(19)).cursor("cursor")));
  }

  @Test
  void aTimeAgoReachesBackAtMostAHundredYears() {
    assertEquals(NOW.minus(Duration.ofDays(36_525)),
        params("since", "36525d").instant("since", NOW));
    assertEquals(NOW.minusSeconds(90), params("since", "90s").instant("since", NOW));
    assertEquals(NOW.minus(Duration.ofMinutes(15)), params("since", "15M").instant("since", NOW));
    assertEquals(NOW.minus(Duration.ofHours(2)), params("since", "2h").instant("since", NOW));
    assertEquals(NOW.minus(Duration.ofDays(36_525)),
        params("since", "876600h").instant("since", NOW));
    refusal(() -> params("since", "36526d").instant("since", NOW));
    refusal(() -> params("since", "876601h").instant("since", NOW));
    // Twelve digits are read (and are too long ago); thirteen are refused before reading.
    refusal(() -> params("since", "999999999999s").instant("since", NOW));
    refusal(() -> params("since", "9999999999999s").instant("since", NOW));
    refusal(() -> params("since", "d").instant("since", NOW));
  }

  @Test
  void anInstantIsFrom1970To9999() {
    assertEquals(Instant.EPOCH,
        params("since", "1970-01-01T00:00:00Z").instant("since", NOW));
    assertEquals(QueryParams.LATEST,
        params("since", "9999-12-31T23:59:59Z").instant("since", NOW));
    String problem = refusal(() -> params("since", "1969-12-31T23:59:59Z").instant("since", NOW));
    assertEquals("since must be an instant from 1970 to 9999 such as 2026-11-30T12:00:00Z, or a"
        + " time ago of at most 100 years such as 90s, 15m, 2h or 7d, was"
        + " \"1969-12-31T23:59:59Z\"", problem);
    refusal(() -> params("since", "+10000-01-01T00:00:00Z").instant("since", NOW));
    refusal(() -> params("since", "yesterday").instant("since", NOW));
  }

  @Test
  void aStatusIsOneOfTheDeliveryStatusesInAnyCase() {
    assertEquals(DeliveryStatus.DEAD, params("status", "DEAD").status("status"));
    assertEquals(DeliveryStatus.QUARANTINED, params("status", "quarantined").status("status"));
    assertNull(params("status", "  ").status("status"), "blank is absent");
    assertEquals("status must be one of pending, retrying, handled, unhandled, dead, quarantined,"
        + " was \"lost\"", refusal(() -> params("status", "lost").status("status")));
  }

  @Test
  void anEventIsANameOrAPrefixEndingInAStar() {
    assertEquals("sms_delivered", params("event", "sms_delivered").eventPattern("event"));
    assertEquals("email_*", params("event", "email_*").eventPattern("event"));
    assertEquals("A-z.0_9", params("event", "A-z.0_9").eventPattern("event"));
    assertEquals("aZ", params("event", "aZ").eventPattern("event"), "the other ends of the ranges");
    for (String bad : new String[] {"sms delivered", "*_sent", "a%b", "é", "a/b", "a@b", "a[b",
        "a`b", "a{b", "a:b"}) {
      refusal(() -> params("event", bad).eventPattern("event"));
    }
  }

  @Test
  void textIsTrimmedAndCappedAtAThousandAndTwentyFourCharacters() {
    assertEquals("jane", params("q", "  jane  ").text("q"));
    assertEquals("x".repeat(1_024), params("q", "x".repeat(1_024)).text("q"));
    assertEquals("q is 1025 characters long; at most 1024",
        refusal(() -> params("q", "x".repeat(1_025)).text("q")));
    assertEquals("\uD83D\uDE00", params("q", "\uD83D\uDE00").text("q"), "a surrogate pair");
    assertEquals("q is not valid UTF-8 text", refusal(() -> params("q", "a\uD83D").text("q")));
    assertEquals("q is not valid UTF-8 text", refusal(() -> params("q", "\uDE00a").text("q")));
    assertEquals("q must not contain control characters (found U+001F at 1)",
        refusal(() -> params("q", "a\u001F").text("q")));
    assertEquals("q must not contain control characters (found U+007F at 0)",
        refusal(() -> params("q", "\u007F").text("q")));
    assertEquals("a ~", params("q", "a ~").text("q"), "space and tilde are printable");
  }

  @Test
  void anUnknownOrRepeatedParameterIsRefusedSayingWhatIsTaken() {
    Fields unknown = new Fields();
    unknown.add("color", "red");
    assertEquals("unknown parameter \"color\" for GET /api/stats, which takes none",
        refusal(() -> QueryParams.of(unknown, Set.of(), "GET /api/stats")));
    assertEquals("unknown parameter \"color\" for GET /api/rejections; it takes limit, since",
        refusal(() -> QueryParams.of(unknown, QueryParams.names("since", "limit"),
            "GET /api/rejections")));
    Fields twice = new Fields();
    twice.add("limit", "1");
    twice.add("limit", "2");
    assertEquals("parameter limit is given 2 times; give it once",
        refusal(() -> QueryParams.of(twice, QueryParams.names("limit"), "GET /api/rejections")));
  }

  @Test
  void aShownValueIsCutAfterSixtyFourCharactersWithoutSplittingAPair() {
    assertEquals("\"" + "a".repeat(64) + "\"", QueryParams.shown("a".repeat(64)));
    assertEquals("\"" + "a".repeat(64) + "…\"", QueryParams.shown("a".repeat(65)));
    String pairs = "\uD83D\uDE00".repeat(65);
    assertEquals("\"" + "\uD83D\uDE00".repeat(64) + "…\"", QueryParams.shown(pairs));
  }

  private static QueryParams params(String... nameValues) {
    Fields fields = new Fields();
    for (int i = 0; i < nameValues.length; i += 2) {
      fields.add(nameValues[i], nameValues[i + 1]);
    }
    return QueryParams.of(fields, ALL, "GET /api/deliveries");
  }

  private static String refusal(Runnable call) {
    return assertThrows(BadRequest.class, call::run).getMessage();
  }
}
