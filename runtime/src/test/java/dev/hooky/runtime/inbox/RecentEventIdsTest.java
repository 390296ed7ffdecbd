package dev.hooky.runtime.inbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RecentEventIdsTest {
  private static final Duration WINDOW = Duration.ofHours(1);

  private final ManualClock clock = new ManualClock(Instant.parse("2024-04-19T00:00:00Z"));

  @Test
  void anAddedIdIsContainedAndOthersAreNot() {
    RecentEventIds ids = new RecentEventIds(WINDOW, 10, clock);
    assertFalse(ids.contains("a"));
    ids.add("a");
    assertTrue(ids.contains("a"));
    assertFalse(ids.contains("b"));
  }

  @Test
  void anIdIsForgottenOnceTheWindowHasPassed() {
    RecentEventIds ids = new RecentEventIds(WINDOW, 10, clock);
    ids.add("a");

    clock.advance(WINDOW.minusSeconds(1));
    assertTrue(ids.contains("a"), "still within the window");

    clock.advance(Duration.ofSeconds(2));
    assertFalse(ids.contains("a"), "the window has passed");
  }

  @Test
  void whileNothingWasForgottenForRoomEveryIdSinceTheWindowStartIsRemembered() {
    RecentEventIds ids = new RecentEventIds(WINDOW, 10, clock);
    Instant start = clock.instant();
    assertEquals(start.minus(WINDOW), ids.rememberedSince());
    ids.add("a");

    clock.advance(WINDOW);
    assertEquals(start, ids.rememberedSince(), "the window's first millisecond");
    assertTrue(ids.contains("a"), "an id added exactly then is still here");

    clock.advance(Duration.ofMillis(1));
    assertEquals(start.plusMillis(1), ids.rememberedSince());
    assertFalse(ids.contains("a"), "one millisecond later it is not, nor is it promised");
  }

  @Test
  void onceAnIdIsForgottenForRoomRememberedSinceIsJustAfterIt() {
    RecentEventIds ids = new RecentEventIds(WINDOW, 2, clock);
    Instant a = clock.instant();
    ids.add("a");
    clock.advance(Duration.ofSeconds(1));
    Instant b = clock.instant();
    ids.add("b");
    clock.advance(Duration.ofSeconds(1));
    assertEquals(clock.instant().minus(WINDOW), ids.rememberedSince(), "nothing forgotten yet");

    ids.add("c"); // no room for three: "a" goes

    assertFalse(ids.contains("a"));
    assertEquals(a.plusMillis(1), ids.rememberedSince(),
        "every id added after a's millisecond is still here; a is not");
    assertTrue(ids.contains("b") && !b.isBefore(ids.rememberedSince()));

    clock.advance(WINDOW);
    assertEquals(clock.instant().minus(WINDOW), ids.rememberedSince(),
        "once the window has passed a's time, the window decides again");
  }

  @Test
  void anIdForgottenForRoomInTheSameMillisecondAsOneKeptIsNotPromised() {
    RecentEventIds ids = new RecentEventIds(WINDOW, 2, clock);
    ids.add("a");
    ids.add("b");
    ids.add("c"); // the same millisecond: "a" goes, "b" stays

    assertFalse(ids.contains("a"));
    assertEquals(clock.instant().plusMillis(1), ids.rememberedSince(),
        "a's millisecond is no longer promised, though b of that millisecond is still here");
  }

  @Test
  void anIdAddedAgainIsNotForgottenWithItsEarlierAdd() {
    RecentEventIds ids = new RecentEventIds(WINDOW, 2, clock);
    Instant first = clock.instant();
    ids.add("a");
    clock.advance(Duration.ofSeconds(1));
    ids.add("a"); // its window starts again; the earlier add is stale
    clock.advance(Duration.ofSeconds(1));
    ids.add("b");
    clock.advance(Duration.ofSeconds(1));
    ids.add("c"); // no room: the stale add goes, then "a"

    assertFalse(ids.contains("a"));
    assertEquals(first.plusSeconds(1).plusMillis(1), ids.rememberedSince());
  }

  @Test
  void eachIdHasItsOwnWindow() {
    RecentEventIds ids = new RecentEventIds(WINDOW, 10, clock);
    ids.add("early");
    clock.advance(Duration.ofMinutes(30));
    ids.add("late");

    clock.advance(Duration.ofMinutes(31));
    assertFalse(ids.contains("early"));
    assertTrue(ids.contains("late"));

    clock.advance(Duration.ofMinutes(30));
    assertFalse(ids.contains("late"));
  }

  @Test
  void beyondMaxEntriesTheOldestIsForgottenFirst() {
    RecentEventIds ids = new RecentEventIds(WINDOW, 3, clock);
    ids.add("1");
    ids.add("2");
    ids.add("3");
    assertTrue(ids.contains("1") && ids.contains("2") && ids.contains("3"));

    ids.add("4");
    assertFalse(ids.contains("1"), "the oldest went");
    assertTrue(ids.contains("2"));
    assertTrue(ids.contains("3"));
    assertTrue(ids.contains("4"));

    ids.add("5");
    assertFalse(ids.contains("2"));
    assertTrue(ids.contains("3") && ids.contains("4") && ids.contains("5"));
  }

  @Test
  void expiredIdsMakeRoomBeforeTheOldestLiveOneIsEvicted() {
    RecentEventIds ids = new RecentEventIds(WINDOW, 2, clock);
    ids.add("expired");
    clock.advance(Duration.ofMinutes(50));
    ids.add("live");
    clock.advance(Duration.ofMinutes(20));

    ids.add("new");
    assertTrue(ids.contains("live"), "room came from the expired id, not from a live one");
    assertTrue(ids.contains("new"));
    assertFalse(ids.contains("expired"));
  }

  @Test
  void maxEntriesMustBePositive() {
    assertThrows(IllegalArgumentException.class, () -> new RecentEventIds(WINDOW, 0, clock));
  }

  @Test
  void addingAnIdAgainMakesItTheNewest() {
    RecentEventIds ids = new RecentEventIds(WINDOW, 2, clock);
    ids.add("x");
    ids.add("y");
    clock.advance(Duration.ofMinutes(30));
    ids.add("x");
    ids.add("z");

    assertTrue(ids.contains("x"), "x was added again, so y is the oldest");
    assertFalse(ids.contains("y"));
    clock.advance(Duration.ofMinutes(45));
    assertTrue(ids.contains("x"), "x's window starts from its second add");
  }

  @Test
  void addIfAbsentAddsOnlyWhatIsNotThere() {
    RecentEventIds ids = new RecentEventIds(WINDOW, 10, clock);

    assertTrue(ids.addIfAbsent("a"));
    assertFalse(ids.addIfAbsent("a"), "already there");
    clock.advance(WINDOW.plusSeconds(1));
    assertTrue(ids.addIfAbsent("a"), "its window had passed");
  }

  @Test
  void anIdIsADuplicateUntilTheLastMillisecondOfItsWindowAndNewAfter() {
    RecentEventIds ids = new RecentEventIds(WINDOW, 10, clock);
    assertTrue(ids.addIfAbsent("a"));

    clock.advance(WINDOW);
    assertFalse(ids.addIfAbsent("a"), "exactly one window later: still remembered");
    clock.advance(Duration.ofMillis(1));
    assertTrue(ids.addIfAbsent("a"), "one millisecond later: new again");

    clock.advance(WINDOW);
    assertFalse(ids.addIfAbsent("a"), "its window started again when it was added again");
    assertEquals(1, ids.size());
  }

  @Test
  void anIdForgottenForRoomAtTheEdgeOfItsWindowMovesRememberedSinceJustPastIt() {
    RecentEventIds ids = new RecentEventIds(WINDOW, 1, clock);
    Instant a = clock.instant();
    ids.add("a");
    clock.advance(WINDOW);

    ids.add("b"); // a is still within its window: forgotten for room, not for age

    assertFalse(ids.contains("a"));
    assertEquals(a.plusMillis(1), ids.rememberedSince());
  }

  @Test
  void concurrentAddsOfTheSameIdsSucceedOnceEach() throws Exception {
    RecentEventIds ids = new RecentEventIds(WINDOW, 100_000, clock);
    AtomicInteger added = new AtomicInteger();
    ExecutorService threads = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> running = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        running.add(threads.submit(() -> {
          for (int i = 0; i < 5_000; i++) {
            if (ids.addIfAbsent("id-" + i)) {
              added.incrementAndGet();
            }
          }
        }));
      }
      for (Future<?> thread : running) {
        thread.get(10, TimeUnit.SECONDS);
      }
    } finally {
      threads.shutdownNow();
    }
    assertEquals(5_000, added.get());
  }

  @Test
  void aLongRunOfEvictionsKeepsExactlyTheNewestIds() {
    // Many more ids than kept, through removals that shift probe chains back: every id of the
    // newest maxEntries is found, no older one is, and the table never grows past its bound.
    int max = 1_000;
    RecentEventIds ids = new RecentEventIds(WINDOW, max, clock);
    int total = 50_000;
    for (int i = 0; i < total; i++) {
      assertTrue(ids.addIfAbsent("01HZX" + i), "new id " + i);
      if (i % 7 == 0) {
        clock.advance(Duration.ofMillis(1));
      }
    }
    assertTrue(ids.size() <= max, "at most maxEntries ids: " + ids.size());
    for (int i = 0; i < total; i++) {
      boolean newest = i >= total - max;
      assertEquals(newest, ids.contains("01HZX" + i), "id " + i);
    }
  }

  @Test
  void anIdAddedAgainAndAgainForgetsNothingElse() {
    // Each add of the same id leaves its earlier add behind in the ring of adds: those are
    // dropped as the ring fills, and never count as ids forgotten for room.
    RecentEventIds ids = new RecentEventIds(WINDOW, 4, clock);
    Instant start = clock.instant();
    ids.add("other");
    for (int i = 0; i < 10_000; i++) {
      ids.add("same");
      ids.add("same"); // twice in one millisecond
      assertTrue(ids.adds() <= 2 * 4, ids.adds() + " adds kept for 2 ids: their record grows");
      clock.advance(Duration.ofMillis(1));
    }
    assertTrue(ids.contains("same"));
    assertTrue(ids.contains("other"));
    assertEquals(2, ids.size());
    assertEquals(clock.instant().minus(WINDOW), ids.rememberedSince(), "nothing was forgotten");
    assertTrue(start.isAfter(ids.rememberedSince()));
  }

  @Test
  void afterEarlierAddsAreDroppedTheRestAreForgottenInTheOrderTheyWereAdded() {
    // maxEntries 4: the ring holds 8 adds. a, b and c added, a and c again and again, until the
    // ring is full; the next add drops the stale adds and keeps b@2, c@7, a@8 in that order.
    RecentEventIds ids = new RecentEventIds(WINDOW, 4, clock);
    Instant start = clock.instant();
    for (String id : List.of("a", "b", "c", "a", "c", "a", "c", "a")) {
      clock.advance(Duration.ofMillis(1));
      ids.add(id);
    }
    clock.advance(Duration.ofMillis(1));
    ids.add("d");
    assertEquals(4, ids.adds(), "the stale adds of a and c are dropped");

    for (String[] step : new String[][] {{"e", "b", "2"}, {"f", "c", "7"}, {"g", "a", "8"}}) {
      clock.advance(Duration.ofMillis(1));
      ids.add(step[0]);
      assertFalse(ids.contains(step[1]), step[1] + " is the oldest, forgotten for " + step[0]);
      assertEquals(start.plusMillis(Long.parseLong(step[2]) + 1), ids.rememberedSince());
    }
    for (String kept : List.of("d", "e", "f", "g")) {
      assertTrue(ids.contains(kept), kept);
    }
  }

  @Test
  void aRingThatGrowsAfterWrappingKeepsItsOrder() {
    // 40 ids expire, so the ring's head moves 40 places; 100 more wrap it past its first 64
    // places and make it grow. The next id must then forget the oldest of the 100.
    RecentEventIds ids = new RecentEventIds(Duration.ofSeconds(1), 100, clock);
    for (int i = 0; i < 40; i++) {
      ids.add("expired-" + i);
    }
    clock.advance(Duration.ofSeconds(2));
    for (int i = 0; i < 100; i++) {
      clock.advance(Duration.ofMillis(1));
      ids.add("kept-" + i);
    }

    clock.advance(Duration.ofMillis(1));
    ids.add("newest");

    assertFalse(ids.contains("kept-0"), "the oldest is forgotten first");
    for (int i = 1; i < 100; i++) {
      assertTrue(ids.contains("kept-" + i), "kept-" + i);
    }
    assertTrue(ids.contains("newest"));
  }

  @Test
  void anIdAlreadyHereIsFoundWhereverItSitsInTheTable() {
    // Every table size from 64 to 1,024 slots, every slot in use at some point: no id is ever
    // taken for new, and adding it again never stores it twice.
    RecentEventIds ids = new RecentEventIds(WINDOW, 1_000, clock);
    List<String> added = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      String id = "01HZX" + i;
      assertTrue(ids.addIfAbsent(id));
      added.add(id);
      for (String earlier : added) {
        assertFalse(ids.addIfAbsent(earlier), earlier + " after " + id);
      }
      clock.advance(Duration.ofMillis(1));
      ids.add(added.get(i / 2));
      assertEquals(added.size(), ids.size(), "an id stored twice after adding " + id);
    }
  }
}
