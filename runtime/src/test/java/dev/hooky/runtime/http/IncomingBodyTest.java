package dev.hooky.runtime.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hooky.runtime.testing.Signatures;
import dev.hooky.runtime.verify.SignatureVerifier;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * One body as it streams in: kept up to the limit in a buffer that follows the bytes that arrive
 * (never the declared length), charged to the shared budget and given back once, hashed whole
 * when it passes the limit, and fed to the signature check byte for byte.
 */
class IncomingBodyTest {
  private static final String KEY = "incoming-body-key";
  private static final String TIMESTAMP = "1715784949";
  private static final SignatureVerifier VERIFIER =
      new SignatureVerifier(List.of(KEY), Duration.ZERO, Clock.systemUTC());

  private final BodyBudget budget = new BodyBudget(1 << 20);

  @Test
  void aSmallBodyIsChargedItsFirstBufferNotItsDeclaredLength() {
    IncomingBody body = body(bytes(10), 5 << 20, 4 << 20);

    assertTrue(body.add(ByteBuffer.wrap(bytes(10))));

    assertEquals(8 * 1024, budget.used());
  }

  @Test
  void aDeclaredLengthBelowTheFirstBufferIsAllThatIsCharged() {
    IncomingBody body = body(bytes(100), 5 << 20, 100);

    body.add(ByteBuffer.wrap(bytes(100)));

    assertEquals(100, budget.used());
    assertArrayEquals(bytes(100), body.kept());
  }

  @Test
  void aBodyLongerThanItDeclaredStillGrowsWithWhatArrives() {
    byte[] all = bytes(300);
    IncomingBody body = body(all, 5 << 20, 100);

    body.add(ByteBuffer.wrap(all, 0, 100));
    body.add(ByteBuffer.wrap(all, 100, 200));

    assertEquals(300, body.size());
    assertArrayEquals(all, body.kept());
    assertTrue(body.check().finish().verified(), "every byte reached the signature check");
  }

  @Test
  void theBufferDoublesAsBytesArriveButNeverPastTheLimit() {
    byte[] all = bytes(60_000);
    IncomingBody body = body(all, 40_000, -1);

    body.add(ByteBuffer.wrap(all, 0, 5_000));
    assertEquals(8 * 1024, budget.used(), "the first buffer");
    body.add(ByteBuffer.wrap(all, 5_000, 5_000));
    assertEquals(16 * 1024, budget.used(), "doubled");
    body.add(ByteBuffer.wrap(all, 10_000, 20_000));
    assertEquals(32 * 1024, budget.used(), "doubled again");
    body.add(ByteBuffer.wrap(all, 30_000, 30_000));

    assertEquals(40_000, budget.used(), "capped at the limit");
    assertEquals(60_000, body.size());
    assertTrue(body.overLimit());
    assertArrayEquals(Arrays.copyOf(all, 40_000), body.kept());
  }

  @Test
  void aChunkThatExactlyFillsTheBufferDoesNotGrowIt() {
    byte[] all = bytes(8 * 1024);
    IncomingBody body = body(all, 40_000, -1);

    body.add(ByteBuffer.wrap(all, 0, 5_000));
    body.add(ByteBuffer.wrap(all, 5_000, all.length - 5_000));

    assertEquals(8 * 1024, budget.used(), "a full buffer is not a reason to double it");
    assertArrayEquals(all, body.kept());
  }

  @Test
  void aChunkThatOverdrawsTheBudgetIsRefusedAndNothingOfItIsKept() {
    BodyBudget small = new BodyBudget(10_000);
    byte[] all = bytes(12_000);
    IncomingBody body = new IncomingBody(begin(all), 1 << 20, -1, small);

    assertTrue(body.add(ByteBuffer.wrap(all, 0, 5_000)));
    assertFalse(body.add(ByteBuffer.wrap(all, 5_000, 7_000)));

    assertEquals(5_000, body.size());
    assertArrayEquals(Arrays.copyOf(all, 5_000), body.kept());
    assertEquals(8 * 1024, small.used());
  }

  @Test
  void releaseGivesTheWholeChargeBackOnceAndTheBodyTakesNothingMore() {
    IncomingBody body = body(bytes(20_000), 1 << 20, -1);
    body.add(ByteBuffer.wrap(bytes(20_000)));
    assertEquals(20_000, budget.used());

    body.release();
    body.release();

    assertEquals(0, budget.used());
    assertFalse(body.add(ByteBuffer.wrap(bytes(1))));
    assertEquals(20_000, body.size());
  }

  @Test
  void anEmptyChunkIsTakenWithoutCharge() {
    IncomingBody body = body(new byte[0], 1 << 20, 0);

    assertTrue(body.add(ByteBuffer.allocate(0)));

    assertEquals(0, budget.used());
    assertEquals(0, body.size());
    assertArrayEquals(new byte[0], body.kept());
    assertTrue(body.check().finish().verified());
  }

  @Test
  void theHashCoversEveryByteHoweverTheBodyIsCutIntoChunks() {
    byte[] all = bytes(30_000);
    String whole = Digests.sha256Hex(all);
    int limit = 10_000;
    int[][] cuts = {
        {30_000},                    // one chunk past the limit
        {10_000, 20_000},            // the limit falls between chunks
        {9_999, 2, 19_999},          // a chunk straddles the limit
        {4_000, 4_000, 4_000, 18_000},
        {10_001, 1, 1, 29_997 - 10_001 + 1},
    };
    for (int[] cut : cuts) {
      BodyBudget roomy = new BodyBudget(1 << 20);
      IncomingBody body = new IncomingBody(begin(all), limit, -1, roomy);
      int at = 0;
      for (int length : cut) {
        assertTrue(body.add(ByteBuffer.wrap(all, at, length)));
        at += length;
      }
      assertEquals(all.length, at, Arrays.toString(cut));

      assertEquals(whole, body.sha256Hex(), Arrays.toString(cut));
      assertEquals(30_000, body.size(), Arrays.toString(cut));
      assertTrue(body.overLimit());
      assertArrayEquals(Arrays.copyOf(all, limit), body.kept(), Arrays.toString(cut));
      assertTrue(body.check().finish().verified(), Arrays.toString(cut));
    }
  }

  @Test
  void aBodyOfExactlyTheLimitIsKeptWholeAndIsNotOverIt() {
    byte[] all = bytes(10_000);
    IncomingBody body = body(all, 10_000, 10_000);

    body.add(ByteBuffer.wrap(all, 0, 6_000));
    body.add(ByteBuffer.wrap(all, 6_000, 4_000));

    assertFalse(body.overLimit());
    assertArrayEquals(all, body.kept());
    assertEquals(Digests.sha256Hex(all), body.sha256Hex());
  }

  @Test
  void oneByteOverTheLimitIsOverIt() {
    byte[] all = bytes(10_001);
    IncomingBody body = body(all, 10_000, -1);

    body.add(ByteBuffer.wrap(all));

    assertTrue(body.overLimit());
    assertEquals(Digests.sha256Hex(all), body.sha256Hex());
  }

  @Test
  void addLeavesTheCallersBufferPositionAlone() {
    byte[] all = bytes(20_000);
    IncomingBody body = body(all, 10_000, -1);
    ByteBuffer chunk = ByteBuffer.wrap(all);

    body.add(chunk);

    assertEquals(0, chunk.position());
    assertEquals(20_000, chunk.remaining());
  }

  @Test
  void theBudgetRefusesANonPositiveLimit() {
    assertThrows(IllegalArgumentException.class, () -> new BodyBudget(0));
    assertEquals(1, new BodyBudget(1).limit());
  }

  @Test
  void theBudgetChargesUpToItsLimitExactly() {
    BodyBudget exact = new BodyBudget(100);

    assertTrue(exact.reserve(60));
    assertTrue(exact.reserve(40));
    assertFalse(exact.reserve(1));
    assertEquals(100, exact.used());
    exact.release(100);
    assertEquals(0, exact.used());
  }

  @Test
  void theDefaultBudgetIsAQuarterOfTheHeapAndAtLeastSixteenMebibytes() {
    long quarter = Runtime.getRuntime().maxMemory() / 4;

    assertEquals(Math.max(16L << 20, quarter), BodyBudget.fromMaxHeap().limit());
  }

  // ---------------------------------------------------------------- helpers

  private IncomingBody body(byte[] all, int maxKept, long declaredLength) {
    return new IncomingBody(begin(all), maxKept, declaredLength, budget);
  }

  /** A signature check of {@code all}, signed with the key: it verifies once fed every byte. */
  private static SignatureVerifier.Check begin(byte[] all) {
    return VERIFIER.begin(TIMESTAMP, Signatures.sign(KEY, TIMESTAMP, all));
  }

  private static byte[] bytes(int length) {
    byte[] bytes = new byte[length];
    new Random(length).nextBytes(bytes);
    return bytes;
  }
}
