package dev.hooky.runtime.inbox;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a finished delivery keeps for Live Logs besides its body, packed into one {@code byte[]}:
 * the three columns queries filter on, the kept request headers and the attempt history.
 *
 * <p>The memory inbox keeps thousands of finished deliveries, and each one outlives a young
 * collection or two; unpacked, their headers, history and columns are some thirty small objects
 * per delivery, each copied by every collection it survives. Packed they are one array, read back
 * only when someone looks (a query, a detail view, a replay). Strings are stored as their chars,
 * one byte each where they fit, so any text comes back exactly as it went in.
 */
final class PackedSummary {
  private final byte[] bytes;

  private PackedSummary(byte[] bytes) {
    this.bytes = bytes;
  }

  static PackedSummary pack(String customerId, String customerEmail, String deliveryId,
      Map<String, List<String>> headers, List<AttemptRecord> history) {
    Writer out = new Writer();
    out.string(customerId);
    out.string(customerEmail);
    out.string(deliveryId);
    out.integer(headers.size());
    headers.forEach((name, values) -> {
      out.string(name);
      out.integer(values.size());
      values.forEach(out::string);
    });
    out.integer(history.size());
    for (AttemptRecord attempt : history) {
      out.integer(attempt.attempt());
      out.string(attempt.handler());
      out.longValue(attempt.startedAt().getEpochSecond());
      out.integer(attempt.startedAt().getNano());
      out.longValue(attempt.duration().toNanos());
      out.string(attempt.error());
    }
    return new PackedSummary(out.toArray());
  }

  String customerId() {
    return new Reader(bytes).string();
  }

  String customerEmail() {
    Reader in = new Reader(bytes);
    in.skipString();
    return in.string();
  }

  String deliveryId() {
    Reader in = new Reader(bytes);
    in.skipString();
    in.skipString();
    return in.string();
  }

  /** The headers, in the order they were packed. */
  Map<String, List<String>> headers() {
    Reader in = afterColumns();
    return readHeaders(in);
  }

  /** The attempt history, in order; a new list the caller may change. */
  List<AttemptRecord> history() {
    Reader in = afterColumns();
    readHeaders(in);
    int count = in.integer();
    List<AttemptRecord> history = new ArrayList<>(count + 1);
    for (int i = 0; i < count; i++) {
      int attempt = in.integer();
      String handler = in.string();
      Instant startedAt = Instant.ofEpochSecond(in.longValue(), in.integer());
      Duration duration = Duration.ofNanos(in.longValue());
      history.add(new AttemptRecord(attempt, handler, startedAt, duration, in.string()));
    }
    return history;
  }

  /** The sum of the attempts' durations, without building the history. */
  Duration totalDuration() {
    Reader in = afterColumns();
    readHeaders(in);
    int count = in.integer();
    long nanos = 0;
    for (int i = 0; i < count; i++) {
      in.integer();
      in.skipString();
      in.longValue();
      in.integer();
      nanos += in.longValue();
      in.skipString();
    }
    return Duration.ofNanos(nanos);
  }

  private Reader afterColumns() {
    Reader in = new Reader(bytes);
    in.skipString();
    in.skipString();
    in.skipString();
    return in;
  }

  private static Map<String, List<String>> readHeaders(Reader in) {
    int count = in.integer();
    Map<String, List<String>> headers = new LinkedHashMap<>(Math.max(4, count * 2));
    for (int i = 0; i < count; i++) {
      String name = in.string();
      int values = in.integer();
      List<String> list = new ArrayList<>(values);
      for (int v = 0; v < values; v++) {
        list.add(in.string());
      }
      headers.put(name, List.copyOf(list));
    }
    return headers;
  }

  /**
   * Appends ints (four bytes), longs (eight) and nullable strings: a header ({@code -1} for null,
   * else the length shifted left once, the low bit set when each char fits one byte), then the
   * chars, one byte each when they all fit (most text here is ASCII), else two.
   */
  private static final class Writer {
    private byte[] bytes = new byte[512];
    private int size;

    void integer(int value) {
      ensure(4);
      bytes[size++] = (byte) (value >>> 24);
      bytes[size++] = (byte) (value >>> 16);
      bytes[size++] = (byte) (value >>> 8);
      bytes[size++] = (byte) value;
    }

    void longValue(long value) {
      integer((int) (value >>> 32));
      integer((int) value);
    }

    void string(String value) {
      if (value == null) {
        integer(-1);
        return;
      }
      int length = value.length();
      boolean narrow = true;
      for (int i = 0; i < length && narrow; i++) {
        narrow = value.charAt(i) < 0x100;
      }
      integer(length << 1 | (narrow ? 1 : 0));
      ensure(narrow ? length : 2 * length);
      for (int i = 0; i < length; i++) {
        char c = value.charAt(i);
        if (!narrow) {
          bytes[size++] = (byte) (c >>> 8);
        }
        bytes[size++] = (byte) c;
      }
    }

    private void ensure(int more) {
      if (size + more > bytes.length) {
        bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
      }
    }

    byte[] toArray() {
      return Arrays.copyOf(bytes, size);
    }
  }

  private static final class Reader {
    private final byte[] bytes;
    private int at;

    Reader(byte[] bytes) {
      this.bytes = bytes;
    }

    int integer() {
      int value = (bytes[at] & 0xFF) << 24 | (bytes[at + 1] & 0xFF) << 16
          | (bytes[at + 2] & 0xFF) << 8 | bytes[at + 3] & 0xFF;
      at += 4;
      return value;
    }

    long longValue() {
      long high = integer();
      return (high << 32) | (integer() & 0xFFFF_FFFFL);
    }

    String string() {
      int header = integer();
      if (header == -1) {
        return null;
      }
      int length = header >>> 1;
      if ((header & 1) == 1) {
        String value = new String(bytes, at, length, StandardCharsets.ISO_8859_1);
        at += length;
        return value;
      }
      char[] chars = new char[length];
      for (int i = 0; i < length; i++, at += 2) {
        chars[i] = (char) ((bytes[at] & 0xFF) << 8 | bytes[at + 1] & 0xFF);
      }
      return new String(chars);
    }

    void skipString() {
      int header = integer();
      if (header != -1) {
        at += (header & 1) == 1 ? header >>> 1 : header & ~1;
      }
    }
  }
}
