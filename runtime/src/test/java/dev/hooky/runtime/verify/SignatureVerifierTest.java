package dev.hooky.runtime.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hooky.runtime.testing.Signatures;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link SignatureVerifier} on its own: the reference vector, every refusal, the clock. */
class SignatureVerifierTest {
  /** The reference test vector (customerio-webhooks.md, "Signature"). */
  private static final String KEY = "topsecret";
  private static final String KEY_2 = "topsecret2";
  private static final long NOW = 1_715_784_949L;
  private static final String TIMESTAMP = Long.toString(NOW);
  private static final byte[] BODY =
      "{\"userId\":\"1\",\"marketingCtaId\":\"worlds-best-campaign\"}"
          .getBytes(StandardCharsets.UTF_8);
  private static final String SIGNATURE =
      "b01e7dfc3ce67eaab1010b7021b86ce2ba12677d191e0e04b14cd859e347f866";
  private static final String SIGNATURE_OF_KEY_2 =
      "a14623a4919bd5e7a9a81196a6bb081ad984fcbe6045c2c9f5a7c18b5dd27afc";

  private static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC);
  private static final Duration TOLERANCE = Duration.ofMinutes(5);

  private final SignatureVerifier verifier = verifier(KEY);

  // ---------------------------------------------------------------- the reference vector

  @Test
  void theReferenceVectorVerifiesWithItsKey() {
    Verification verification = verifier.verify(TIMESTAMP, SIGNATURE, BODY);

    assertEquals(new Verification(true, "", 0, 0), verification);
  }

  @Test
  void theReferenceVectorOfTheSecondKeyVerifiesWithTheSecondKey() {
    SignatureVerifier both = verifier(KEY, KEY_2);

    assertEquals(new Verification(true, "", 1, 0),
        both.verify(TIMESTAMP, SIGNATURE_OF_KEY_2, BODY));
    assertEquals(new Verification(true, "", 0, 0), both.verify(TIMESTAMP, SIGNATURE, BODY));
  }

  @Test
  void theSecondKeysSignatureDoesNotVerifyWithTheFirstKeyAlone() {
    Verification verification = verifier.verify(TIMESTAMP, SIGNATURE_OF_KEY_2, BODY);

    assertEquals(new Verification(false, "signature mismatch", -1, 0), verification);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 2})
  void theMatchingKeysIndexIsReported(int index) {
    List<String> keys = List.of("workspace-a", "workspace-b", "workspace-c");
    SignatureVerifier three = new SignatureVerifier(keys, TOLERANCE, CLOCK);

    Verification verification = three.verify(TIMESTAMP, sign(keys.get(index), TIMESTAMP), BODY);

    assertTrue(verification.verified(), verification.reason());
    assertEquals(index, verification.keyIndex());
  }

  // ---------------------------------------------------------------- refusals, one by one

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"   ", "\t"})
  void aMissingTimestampIsRefused(String timestamp) {
    assertEquals(new Verification(false, "missing X-CIO-Timestamp header", -1, 0),
        verifier.verify(timestamp, SIGNATURE, BODY));
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"   ", "\t"})
  void aMissingSignatureIsRefused(String signature) {
    assertEquals(new Verification(false, "missing X-CIO-Signature header", -1, 0),
        verifier.verify(TIMESTAMP, signature, BODY));
  }

  static Stream<Arguments> signaturesOfTheWrongLength() {
    return Stream.of(
        Arguments.of(SIGNATURE.substring(0, 63), 63),
        Arguments.of(SIGNATURE + "0", 65),
        Arguments.of(SIGNATURE.substring(0, 32), 32),
        Arguments.of(SIGNATURE + SIGNATURE, 128),
        Arguments.of("sha256=" + SIGNATURE, 71),
        Arguments.of("x", 1));
  }

  @ParameterizedTest
  @MethodSource("signaturesOfTheWrongLength")
  void aSignatureOfTheWrongLengthIsMalformed(String signature, int length) {
    assertEquals(new Verification(false,
            "malformed X-CIO-Signature: expected 64 hex characters, got " + length + " characters",
            -1, 0),
        verifier.verify(TIMESTAMP, signature, BODY));
  }

  static Stream<Arguments> signaturesWithANonHexCharacter() {
    return Stream.of(
        Arguments.of("a 'g'", SIGNATURE.substring(0, 63) + "g"),
        Arguments.of("a space inside", SIGNATURE.substring(0, 31) + " " + SIGNATURE.substring(32)),
        Arguments.of("64 Arabic-Indic threes", "\u0663".repeat(64)),
        Arguments.of("the valid signature in Arabic-Indic digits",
            unicodeDigits(SIGNATURE, '\u0660')),
        Arguments.of("the valid signature in fullwidth digits", unicodeDigits(SIGNATURE, '\uFF10')),
        Arguments.of("64 Devanagari sevens", "\u096D".repeat(64)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("signaturesWithANonHexCharacter")
  void aSignatureWithANonHexCharacterIsMalformed(String description, String signature) {
    assertEquals(64, signature.length());

    assertEquals(new Verification(false,
            "malformed X-CIO-Signature: expected 64 hex characters, got a character that is not"
                + " hex",
            -1, 0),
        verifier.verify(TIMESTAMP, signature, BODY));
  }

  @ParameterizedTest
  @ValueSource(strings = {"abc", "-1715784949", "+1715784949", "1715784949.0", "1e9",
      "1234567890123", "0x66449df5", " 1715784949", "1715784949 ",
      "\uFF11\uFF17\uFF11\uFF15\uFF17\uFF18\uFF14\uFF19\uFF14\uFF19"})
  void aTimestampThatIsNotUnixSecondsIsMalformed(String timestamp) {
    assertEquals(new Verification(false, "malformed X-CIO-Timestamp: expected unix seconds", -1, 0),
        verifier.verify(timestamp, sign(KEY, timestamp), BODY));
  }

  @Test
  void aChangedBodyIsAMismatch() {
    byte[] changed = BODY.clone();
    changed[changed.length - 3] ^= 1;

    assertEquals(new Verification(false, "signature mismatch", -1, 0),
        verifier.verify(TIMESTAMP, SIGNATURE, changed));
  }

  @Test
  void aMismatchStillRecordsTheSkew() {
    String tenSecondsAgo = Long.toString(NOW - 10);

    assertEquals(new Verification(false, "signature mismatch", -1, 10),
        verifier.verify(tenSecondsAgo, SIGNATURE, BODY));
  }

  @Test
  void theTimestampIsSignedVerbatim() {
    String padded = "0" + TIMESTAMP;

    assertEquals(new Verification(true, "", 0, 0),
        verifier.verify(padded, sign(KEY, padded), BODY));
    assertEquals("signature mismatch", verifier.verify(padded, SIGNATURE, BODY).reason());
  }

  // ---------------------------------------------------------------- the clock

  @Test
  void aStaleTimestampIsRefusedWithItsAgeAndPositiveSkew() {
    String old = Long.toString(NOW - 301);

    assertEquals(new Verification(false, "stale timestamp: 301 s old", 0, 301),
        verifier.verify(old, sign(KEY, old), BODY));
  }

  @Test
  void aFutureTimestampIsRefusedWithNegativeSkew() {
    String ahead = Long.toString(NOW + 301);

    assertEquals(new Verification(false, "timestamp in the future: 301 s ahead", 0, -301),
        verifier.verify(ahead, sign(KEY, ahead), BODY));
  }

  @Test
  void skewIsPositiveForThePastAndNegativeForTheFuture() {
    String past = Long.toString(NOW - 7);
    String future = Long.toString(NOW + 7);

    assertEquals(new Verification(true, "", 0, 7), verifier.verify(past, sign(KEY, past), BODY));
    assertEquals(new Verification(true, "", 0, -7),
        verifier.verify(future, sign(KEY, future), BODY));
  }

  @Test
  void timestampsExactlyAtTheToleranceVerify() {
    String oldest = Long.toString(NOW - 300);
    String latest = Long.toString(NOW + 300);

    assertTrue(verifier.verify(oldest, sign(KEY, oldest), BODY).verified());
    assertTrue(verifier.verify(latest, sign(KEY, latest), BODY).verified());
  }

  @Test
  void aToleranceOfZeroTurnsTheTimestampCheckOff() {
    SignatureVerifier noCheck = new SignatureVerifier(List.of(KEY), Duration.ZERO, CLOCK);
    String ancient = "1";
    String farAhead = Long.toString(NOW + 100_000_000L);

    assertEquals(0, noCheck.toleranceSeconds());
    assertEquals(new Verification(true, "", 0, NOW - 1),
        noCheck.verify(ancient, sign(KEY, ancient), BODY));
    assertEquals(new Verification(true, "", 0, -100_000_000L),
        noCheck.verify(farAhead, sign(KEY, farAhead), BODY));
    assertEquals("signature mismatch", noCheck.verify(ancient, SIGNATURE, BODY).reason());
  }

  @Test
  void theToleranceIsReportedInSeconds() {
    assertEquals(300, verifier.toleranceSeconds());
  }

  // ---------------------------------------------------------------- lenient about form

  @Test
  void uppercaseHexIsAccepted() {
    assertEquals(new Verification(true, "", 0, 0),
        verifier.verify(TIMESTAMP, SIGNATURE.toUpperCase(Locale.ROOT), BODY));
  }

  @ParameterizedTest
  @ValueSource(strings = {" ", "  ", "\t", "\r\n"})
  void whitespaceAroundTheSignatureIsTolerated(String whitespace) {
    assertEquals(new Verification(true, "", 0, 0),
        verifier.verify(TIMESTAMP, whitespace + SIGNATURE + whitespace, BODY));
  }

  @Test
  void anyBodyCanBeSignedEvenAnEmptyOne() {
    byte[] empty = new byte[0];

    assertTrue(verifier.verify(TIMESTAMP, Signatures.sign(KEY, TIMESTAMP, empty), empty)
        .verified());
  }

  // ---------------------------------------------------------------- construction

  @Test
  void atLeastOneKeyIsRequired() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new SignatureVerifier(List.of(), TOLERANCE, CLOCK));
    assertEquals("at least one signing key is required", e.getMessage());
  }

  static Stream<List<String>> listsWithABlankKey() {
    return Stream.of(List.of(""), List.of("   "), List.of(KEY, "\t"), Arrays.asList(KEY, null));
  }

  @ParameterizedTest
  @MethodSource("listsWithABlankKey")
  void blankKeysAreRefused(List<String> keys) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new SignatureVerifier(keys, TOLERANCE, CLOCK));
    assertEquals("signing keys must not be blank", e.getMessage());
  }

  @Test
  void aNegativeToleranceIsRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new SignatureVerifier(List.of(KEY), Duration.ofSeconds(-1), CLOCK));
    assertTrue(e.getMessage().startsWith("tolerance must not be negative"), e.getMessage());
  }

  @Test
  void nullKeysOrClockAreRefused() {
    assertThrows(NullPointerException.class,
        () -> new SignatureVerifier(null, TOLERANCE, CLOCK));
    assertThrows(NullPointerException.class,
        () -> new SignatureVerifier(List.of(KEY), TOLERANCE, null));
  }

  // ---------------------------------------------------------------- state and threads

  @Test
  void aMismatchLeavesNoStateBehind() {
    SignatureVerifier both = verifier(KEY, KEY_2);

    assertFalse(both.verify(TIMESTAMP, "0".repeat(64), BODY).verified());
    assertFalse(both.verify(TIMESTAMP, SIGNATURE, "{}".getBytes(StandardCharsets.UTF_8))
        .verified());
    assertEquals(1, both.verify(TIMESTAMP, SIGNATURE_OF_KEY_2, BODY).keyIndex());
    assertEquals(0, both.verify(TIMESTAMP, SIGNATURE, BODY).keyIndex());
  }

  @Test
  void oneVerifierServesManyThreads() throws Exception {
    SignatureVerifier both = verifier(KEY, KEY_2);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int thread = 0; thread < 8; thread++) {
        int seed = thread;
        Callable<Integer> work = () -> {
          int correct = 0;
          for (int i = 0; i < 250; i++) {
            byte[] body = ("{\"n\":" + seed + "." + i + "}").getBytes(StandardCharsets.UTF_8);
            String key = (i + seed) % 2 == 0 ? KEY : KEY_2;
            Verification good = both.verify(TIMESTAMP, Signatures.sign(key, TIMESTAMP, body), body);
            Verification bad = both.verify(TIMESTAMP,
                Signatures.sign("other", TIMESTAMP, body), body);
            if (good.verified() && good.keyIndex() == (key.equals(KEY) ? 0 : 1)
                && !bad.verified()) {
              correct++;
            }
          }
          return correct;
        };
        results.add(pool.submit(work));
      }
      for (Future<Integer> result : results) {
        assertEquals(250, result.get(10, TimeUnit.SECONDS));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  // ---------------------------------------------------------------- streaming and windows

  @Test
  void aBodyFedInChunksVerifiesLikeTheWholeBody() {
    for (int split = 0; split <= BODY.length; split += 7) {
      SignatureVerifier.Check check = verifier.begin(TIMESTAMP, SIGNATURE);
      check.update(ByteBuffer.wrap(BODY, 0, split));
      check.update(ByteBuffer.wrap(BODY, split, BODY.length - split));

      assertEquals(new Verification(true, "", 0, 0), check.finish(), "split at " + split);
    }
  }

  @Test
  void updateLeavesTheCallersBufferPositionAlone() {
    SignatureVerifier.Check check = verifier.begin(TIMESTAMP, SIGNATURE);
    ByteBuffer buffer = ByteBuffer.wrap(BODY);

    check.update(buffer);

    assertEquals(0, buffer.position());
    assertTrue(check.finish().verified());
  }

  @Test
  void aCheckCannotBeFedOrFinishedTwiceAfterItsVerdict() {
    SignatureVerifier.Check check = verifier.begin(TIMESTAMP, SIGNATURE);
    check.update(ByteBuffer.wrap(BODY));
    check.finish();

    assertThrows(IllegalStateException.class, () -> check.update(ByteBuffer.wrap(BODY)));
    assertThrows(IllegalStateException.class, check::finish);
  }

  @Test
  void reusedMacsCarryNothingFromOneRequestToTheNext() {
    SignatureVerifier both = verifier(KEY, KEY_2);
    for (int i = 0; i < 5; i++) {
      SignatureVerifier.Check forged = both.begin(TIMESTAMP, "0".repeat(64));
      forged.update(ByteBuffer.wrap(BODY, 0, 10)); // abandoned half-way
      SignatureVerifier.Check mismatch = both.begin(TIMESTAMP, "1".repeat(64));
      mismatch.update(ByteBuffer.wrap(BODY));
      assertFalse(mismatch.finish().verified());

      assertEquals(1, both.verify(TIMESTAMP, SIGNATURE_OF_KEY_2, BODY).keyIndex());
      assertEquals(0, both.verify(TIMESTAMP, SIGNATURE, BODY).keyIndex());
    }
  }

  @Test
  void beginRefusesHeadersThatMalformedHeadersRefuses() {
    assertThrows(IllegalArgumentException.class, () -> verifier.begin("soon", SIGNATURE));
    assertThrows(IllegalArgumentException.class, () -> verifier.begin(TIMESTAMP, "abc"));
  }

  @Test
  void malformedHeadersNamesWhatIsWrongWithoutABody() {
    assertEquals("missing X-CIO-Timestamp header",
        SignatureVerifier.malformedHeaders(null, SIGNATURE));
    assertEquals("missing X-CIO-Signature header",
        SignatureVerifier.malformedHeaders(TIMESTAMP, " "));
    assertEquals("malformed X-CIO-Signature: expected 64 hex characters, got 3 characters",
        SignatureVerifier.malformedHeaders(TIMESTAMP, "abc"));
    assertEquals("malformed X-CIO-Timestamp: expected unix seconds",
        SignatureVerifier.malformedHeaders("1715784949000000", SIGNATURE));
    assertEquals(null, SignatureVerifier.malformedHeaders("999999999999", SIGNATURE));
  }

  @Test
  void thePastAndFutureTolerancesAreSeparate() {
    SignatureVerifier days = new SignatureVerifier(List.of(KEY), Duration.ofDays(8),
        Duration.ofMinutes(5), CLOCK, () -> Instant.MIN);
    String weekOld = Long.toString(NOW - Duration.ofDays(7).toSeconds());
    String eightDaysOld = Long.toString(NOW - Duration.ofDays(8).toSeconds());
    String tooOld = Long.toString(NOW - Duration.ofDays(8).toSeconds() - 1);
    String fiveMinutesAhead = Long.toString(NOW + 300);
    String tooFarAhead = Long.toString(NOW + 301);

    assertTrue(days.verify(weekOld, sign(KEY, weekOld), BODY).verified());
    assertTrue(days.verify(eightDaysOld, sign(KEY, eightDaysOld), BODY).verified());
    assertEquals("stale timestamp: 691201 s old",
        days.verify(tooOld, sign(KEY, tooOld), BODY).reason());
    assertTrue(days.verify(fiveMinutesAhead, sign(KEY, fiveMinutesAhead), BODY).verified());
    assertEquals("timestamp in the future: 301 s ahead",
        days.verify(tooFarAhead, sign(KEY, tooFarAhead), BODY).reason());
    assertEquals(300, days.futureToleranceSeconds());
    assertEquals(691200, days.toleranceSeconds());
  }

  @Test
  void aTimestampBeforeWhatDeduplicationRemembersIsStaleWhateverTheTolerance() {
    Instant rememberedSince = Instant.ofEpochSecond(NOW - 3600);
    SignatureVerifier bounded = new SignatureVerifier(List.of(KEY), Duration.ofDays(8),
        Duration.ofMinutes(5), CLOCK, () -> rememberedSince);
    String atTheEdge = Long.toString(NOW - 3600);
    String justBefore = Long.toString(NOW - 3601);

    assertTrue(bounded.verify(atTheEdge, sign(KEY, atTheEdge), BODY).verified());
    Verification refused = bounded.verify(justBefore, sign(KEY, justBefore), BODY);
    assertEquals(new Verification(false, "stale timestamp: 3601 s old, older than the event ids"
        + " de-duplication still remembers", 0, 3601), refused);
  }

  @Test
  void aFutureToleranceOfZeroWithAPastToleranceIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> new SignatureVerifier(List.of(KEY),
        Duration.ofDays(1), Duration.ZERO, CLOCK, () -> Instant.MIN));
  }

  @Test
  void aTimestampOfZeroIsWellFormedAndVerifiesWithTheCheckOff() {
    SignatureVerifier noCheck = new SignatureVerifier(List.of(KEY), Duration.ZERO, CLOCK);

    assertEquals(null, SignatureVerifier.malformedHeaders("0", sign(KEY, "0")));
    assertEquals(new Verification(true, "", 0, NOW), noCheck.verify("0", sign(KEY, "0"), BODY));
    SignatureVerifier.Check check = noCheck.begin("0", sign(KEY, "0"));
    check.update(ByteBuffer.wrap(BODY));
    assertTrue(check.finish().verified());
  }

  @Test
  void withThePastCheckOffNoFutureToleranceIsReportedEither() {
    SignatureVerifier off = new SignatureVerifier(List.of(KEY), Duration.ZERO,
        Duration.ofMinutes(5), CLOCK, () -> Instant.MIN);
    String farAhead = Long.toString(NOW + 100_000);

    assertEquals(0, off.toleranceSeconds());
    assertEquals(0, off.futureToleranceSeconds());
    assertTrue(off.verify(farAhead, sign(KEY, farAhead), BODY).verified());
  }

  @Test
  void theKeyCountIsTheNumberOfConfiguredKeys() {
    assertEquals(1, verifier(KEY).keyCount());
    assertEquals(3, verifier(KEY, KEY_2, "third").keyCount());
  }

  @Test
  void whenSeveralKeysMatchTheFirstIsReported() {
    SignatureVerifier twice = verifier(KEY, "other", KEY);

    assertEquals(new Verification(true, "", 0, 0), twice.verify(TIMESTAMP, SIGNATURE, BODY));
    assertEquals(0, twice.matchingKeyIndex(TIMESTAMP, SIGNATURE, BODY));
  }

  // ---------------------------------------------------------------- re-verifying a stored delivery

  @Test
  void matchingKeyIndexNamesTheKeyThatSignedAStoredDelivery() {
    SignatureVerifier rotated = verifier(KEY, KEY_2);

    assertEquals(0, rotated.matchingKeyIndex(TIMESTAMP, SIGNATURE, BODY));
    assertEquals(1, rotated.matchingKeyIndex(TIMESTAMP, SIGNATURE_OF_KEY_2, BODY));
  }

  @Test
  void matchingKeyIndexIgnoresTheAgeOfAStoredDelivery() {
    String yearOld = Long.toString(NOW - Duration.ofDays(365).toSeconds());
    SignatureVerifier rotated = verifier(KEY_2, KEY);

    assertFalse(rotated.verify(yearOld, sign(KEY, yearOld), BODY).verified());
    assertEquals(1, rotated.matchingKeyIndex(yearOld, sign(KEY, yearOld), BODY));
  }

  @Test
  void matchingKeyIndexIsMinusOneWhenNoKeySignedIt() {
    SignatureVerifier rotated = verifier(KEY_2, "other");

    assertEquals(-1, rotated.matchingKeyIndex(TIMESTAMP, SIGNATURE, BODY));
    assertEquals(-1, rotated.matchingKeyIndex(TIMESTAMP, SIGNATURE_OF_KEY_2,
        "{}".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void matchingKeyIndexIsMinusOneForMalformedHeaders() {
    assertEquals(-1, verifier.matchingKeyIndex(null, SIGNATURE, BODY));
    assertEquals(-1, verifier.matchingKeyIndex(TIMESTAMP, null, BODY));
    assertEquals(-1, verifier.matchingKeyIndex("1715784949000000", SIGNATURE, BODY));
    assertEquals(-1, verifier.matchingKeyIndex(TIMESTAMP, "abc", BODY));
  }

  // ---------------------------------------------------------------- helpers

  private static SignatureVerifier verifier(String... keys) {
    return new SignatureVerifier(List.of(keys), TOLERANCE, CLOCK);
  }

  private static String sign(String key, String timestamp) {
    return Signatures.sign(key, timestamp, BODY);
  }

  /** {@code hex} with its ASCII digits replaced by the digits starting at {@code zero}. */
  private static String unicodeDigits(String hex, char zero) {
    StringBuilder result = new StringBuilder(hex.length());
    for (char c : hex.toCharArray()) {
      result.append(c >= '0' && c <= '9' ? (char) (zero + (c - '0')) : c);
    }
    return result.toString();
  }
}
