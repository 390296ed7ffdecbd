package dev.hooky.runtime.inbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The hash that stands in for an event id in the de-duplication window: two different ids sharing
 * it would make a new event look like a duplicate (and be dropped, answered 200).
 */
class IdHashTest {
  private static final char[] ALPHABET = {'\0', 'a', 'b', '0', '\uffff'};

  @Test
  void idsThatDifferInAnyCharacterOrLengthNeverShareAHash() {
    // Every id of up to 6 characters over an alphabet with the extremes of a char: NUL, which
    // could vanish in a zero-padded tail, and U+FFFF, which fills every bit of its place.
    List<String> ids = new ArrayList<>();
    ids.add("");
    for (int length = 1; length <= 6; length++) {
      addAll(ids, new char[length], 0);
    }
    assertUniqueUnderEachSeed(ids);
  }

  @Test
  void realisticEventIdsNeverShareAHash() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 50_000; i++) {
      ids.add("01HZX" + i);
      ids.add(String.format("%026d", i)); // 26 characters, like a ULID: six blocks and a tail
    }
    assertUniqueUnderEachSeed(ids);
  }

  @Test
  void theSameIdAlwaysHashesTheSameAndTheSeedsDiffer() {
    String id = "01HZXV5JQ7ZJ6KX8M5AGJ3TQ9C";
    assertEquals(IdHash.hash(id, IdHash.SEED_HIGH), IdHash.hash(new String(id), IdHash.SEED_HIGH));
    assertNotEquals(IdHash.hash(id, IdHash.SEED_HIGH), IdHash.hash(id, IdHash.SEED_LOW));
  }

  @Test
  void mixingSpreadsEveryInputBit() {
    // Each single-bit input changes about half of the output bits, never few of them.
    for (int bit = 0; bit < 64; bit++) {
      int changed = Long.bitCount(IdHash.mix(1L << bit) ^ IdHash.mix(0));
      assertTrue(changed > 12 && changed < 52, "bit " + bit + " changed " + changed);
    }
  }

  private static void addAll(List<String> ids, char[] id, int at) {
    if (at == id.length) {
      ids.add(new String(id));
      return;
    }
    for (char c : ALPHABET) {
      id[at] = c;
      addAll(ids, id, at + 1);
    }
  }

  private static void assertUniqueUnderEachSeed(List<String> ids) {
    for (long seed : new long[] {IdHash.SEED_HIGH, IdHash.SEED_LOW}) {
      Map<Long, String> seen = new HashMap<>();
      for (String id : ids) {
        String other = seen.put(IdHash.hash(id, seed), id);
        if (other != null) {
          throw new AssertionError("\"" + escape(other) + "\" and \"" + escape(id)
              + "\" share a hash under seed " + Long.toHexString(seed));
        }
      }
    }
    Set<String> distinct = new HashSet<>(ids);
    assertEquals(ids.size(), distinct.size(), "the test's ids are distinct");
  }

  private static String escape(String id) {
    StringBuilder escaped = new StringBuilder();
    for (char c : id.toCharArray()) {
      escaped.append(c >= ' ' && c < 0x7f ? String.valueOf(c) : String.format("\\u%04x", (int) c));
    }
    return escaped.toString();
  }
}
