package dev.hooky.runtime.http;

import dev.hooky.runtime.verify.SignatureVerifier;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * One request's body as it streams in: fed to the signature check chunk by chunk, and kept in a
 * buffer that grows with the bytes that arrive (never with a declared length), up to the body
 * limit. Bytes past the limit are only hashed: an authentic body that is too large is quarantined
 * with its first bytes, its size and its SHA-256. The buffer is charged to the {@link BodyBudget}.
 * One reader feeds it at a time; a deadline on another thread may {@link #release} it meanwhile,
 * so the two are synchronized and a released body takes nothing more.
 */
final class IncomingBody {
  /** The first buffer: most Customer.io events are a few hundred bytes to a few KB. */
  private static final int FIRST_BUFFER = 8 * 1024;

  private final SignatureVerifier.Check check;
  private final int maxKept;
  private final long declaredLength;
  private final BodyBudget budget;
  private byte[] buffer = new byte[0];
  private int kept;
  private long size;
  private long charged;
  private boolean released;
  /** The SHA-256 of every byte, started once the body passes the limit. */
  private MessageDigest overflowDigest;

  IncomingBody(SignatureVerifier.Check check, int maxKept, long declaredLength,
      BodyBudget budget) {
    this.check = check;
    this.maxKept = maxKept;
    this.declaredLength = declaredLength;
    this.budget = budget;
  }

  /**
   * Takes the next chunk (its remaining bytes; the buffer's position is left unchanged).
   *
   * @return false when keeping it would overdraw the budget (nothing is kept then)
   */
  synchronized boolean add(ByteBuffer chunk) {
    if (released) {
      return false;
    }
    int length = chunk.remaining();
    if (length == 0) {
      return true;
    }
    int toKeep = (int) Math.min(length, maxKept - (long) kept);
    if (toKeep > 0 && !ensureRoom(kept + toKeep)) {
      return false;
    }
    check.update(chunk);
    if (toKeep > 0) {
      chunk.duplicate().get(buffer, kept, toKeep);
      kept += toKeep;
    }
    if (toKeep < length || overflowDigest != null) {
      if (overflowDigest == null) {
        overflowDigest = sha256();
        overflowDigest.update(buffer, 0, kept - toKeep);
        overflowDigest.update(buffer, kept - toKeep, toKeep);
      } else if (toKeep > 0) {
        overflowDigest.update(buffer, kept - toKeep, toKeep);
      }
      ByteBuffer beyond = chunk.duplicate();
      beyond.position(beyond.position() + toKeep);
      overflowDigest.update(beyond);
    }
    size += length;
    return true;
  }

  /**
   * Grows the buffer to hold {@code needed} bytes: doubling, but never past the declared length
   * or the limit, so that a request's buffer is at most twice what it actually sent.
   */
  private boolean ensureRoom(int needed) {
    if (needed <= buffer.length) {
      return true;
    }
    long grown = Math.max(needed, Math.max(FIRST_BUFFER, buffer.length * 2L));
    if (declaredLength >= needed) {
      grown = Math.min(grown, declaredLength);
    }
    int capacity = (int) Math.min(grown, maxKept);
    if (!budget.reserve(capacity - buffer.length)) {
      return false;
    }
    charged += capacity - buffer.length;
    buffer = Arrays.copyOf(buffer, capacity);
    return true;
  }

  /** Every byte received. */
  synchronized long size() {
    return size;
  }

  /** Whether more bytes arrived than the limit keeps. */
  synchronized boolean overLimit() {
    return size > maxKept;
  }

  /** The bytes kept: the whole body, or its first bytes when {@link #overLimit()}. */
  synchronized byte[] kept() {
    return kept == buffer.length ? buffer : Arrays.copyOf(buffer, kept);
  }

  /** The hex SHA-256 of every byte received. */
  synchronized String sha256Hex() {
    MessageDigest digest = overflowDigest;
    if (digest == null) {
      digest = sha256();
      digest.update(buffer, 0, kept);
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  SignatureVerifier.Check check() {
    return check;
  }

  /** Gives the buffer's charge back to the budget; once, when the request is answered. */
  synchronized void release() {
    released = true;
    budget.release(charged);
    charged = 0;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
