package dev.hooky.runtime.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The admin token: only a generated one may be shown (once, at start-up); a configured one is the
 * operator's secret and never leaves the process.
 */
class AdminTokenTest {
  private static final String CONFIGURED = "f3a9c1d27be84e6b9a0c5d7e2f1b4a83";

  @Test
  void aConfiguredTokenIsNotGeneratedSoItIsNeverShown() {
    assertFalse(AdminToken.of(CONFIGURED).generated());
  }

  @Test
  void aGeneratedTokenIsMarkedSoAndEachIsNew() {
    AdminToken first = AdminToken.generate();
    AdminToken second = AdminToken.generate();

    assertTrue(first.generated());
    assertEquals(32, first.value().length(), "192 bits in URL-safe base64");
    assertTrue(first.value().matches("[A-Za-z0-9_-]+"), first.value());
    assertNotEquals(first.value(), second.value());
  }

  @Test
  void onlyTheSameTokenMatches() {
    AdminToken token = AdminToken.of(CONFIGURED);

    assertTrue(token.matches(CONFIGURED));
    assertFalse(token.matches(CONFIGURED + "0"));
    assertFalse(token.matches(CONFIGURED.toUpperCase()));
    assertFalse(token.matches(""));
    assertFalse(token.matches(null));
  }

  @Test
  void itsTextHidesTheValue() {
    assertEquals("AdminToken(****)", AdminToken.of(CONFIGURED).toString());
  }

  @Test
  void aBlankTokenIsRefused() {
    assertEquals("the admin token must not be blank",
        assertThrows(IllegalArgumentException.class, () -> AdminToken.of(" \t")).getMessage());
  }
}
