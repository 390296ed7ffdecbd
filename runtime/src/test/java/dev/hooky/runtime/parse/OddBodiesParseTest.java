package dev.hooky.runtime.parse;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hooky.runtime.testing.OddBodies;
import org.junit.jupiter.api.Test;

/** {@link EventParser} on every body of {@link OddBodies}. */
class OddBodiesParseTest {

  @Test
  void theCorpusHasAtLeastThirtyFiveBodiesOfBothKinds() {
    assertTrue(OddBodies.all().size() >= 35, "only " + OddBodies.all().size());
    assertTrue(OddBodies.parsing().size() >= 15);
    assertTrue(OddBodies.quarantined().size() >= 15);
  }
}
