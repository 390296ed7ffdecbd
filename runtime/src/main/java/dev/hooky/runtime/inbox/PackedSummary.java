package dev.hooky.runtime.inbox;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a finished delivery keeps for Live Logs besides its body, packed into one {@code char[]}:
 * the three columns queries filter on, the kept request headers and the attempt history.
 *
 * <p>The memory inbox keeps thousands of finished deliveries, and each one outlives a young
 * collection or two; unpacked, their headers, history and columns are some thirty small objects
 * per delivery, each copied by every collection it survives. Packed they are one array, read back
 * only when someone looks (a query, a detail view, a replay). Strings are stored as their UTF-16
 * chars, so any text comes back exactly as it went in.
 */
final class PackedSummary {
  private final char[] chars;

  private PackedSummary(char[] chars) {
    this.chars = chars;
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
    return new Reader(chars).string();
  }

  String customerEmail() {
    Reader in = new Reader(chars);
    in.skipString();
    return in.string();
  }

  String deliveryId() {
    Reader in = new Reader(chars);
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
    Reader in = new Reader(chars);
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

  /** Appends ints (two chars), longs (four) and nullable strings (length + 1, then the chars). */
  private static final class Writer {
    private char[] chars = new char[256];
    private int size;

    void integer(int value) {
      ensure(2);
      chars[size++] = (char) (value >>> 16);
      chars[size++] = (char) value;
    }

    void longValue(long value) {
      integer((int) (value >>> 32));
      integer((int) value);
    }

    void string(String value) {
      if (value == null) {
        integer(0);
        return;
      }
      integer(value.length() + 1);
      ensure(value.length());
      value.getChars(0, value.length(), chars, size);
      size += value.length();
    }

    private void ensure(int more) {
      if (size + more > chars.length) {
        chars = Arrays.copyOf(chars, Math.max(chars.length * 2, size + more));
      }
    }

    char[] toArray() {
      return Arrays.copyOf(chars, size);
    }
  }

  private static final class Reader {
    private final char[] chars;
    private int at;

    Reader(char[] chars) {
      this.chars = chars;
    }

    int integer() {
      int value = (chars[at] << 16) | chars[at + 1];
      at += 2;
      return value;
    }

    long longValue() {
      long high = integer();
      return (high << 32) | (integer() & 0xFFFF_FFFFL);
    }

    String string() {
      int lengthPlusOne = integer();
      if (lengthPlusOne == 0) {
        return null;
      }
      String value = new String(chars, at, lengthPlusOne - 1);
      at += lengthPlusOne - 1;
      return value;
    }

    void skipString() {
      int lengthPlusOne = integer();
      at += Math.max(0, lengthPlusOne - 1);
    }
  }
}
