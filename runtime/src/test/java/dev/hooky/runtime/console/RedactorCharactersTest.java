package dev.hooky.runtime.console;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Which characters belong to an email address or join a phone number to a word, at the edges of
 * each class, and where one masked address ends and the next begins.
 */
class RedactorCharactersTest {
  private final Redactor redactor = new Redactor(true);

  @ParameterizedTest(name = "[{0}]")
  @ValueSource(strings = {"a", "z", "A", "Z", "0", "9", ".", "_", "%", "+", "-", "'", "é",
      "\u0308", "\u0663", "\uD83D\uDE00"})
  void aLocalPartCharacterIsMaskedWithTheRest(String c) {
    assertEquals("x***@example.com", redactor.text("x" + c + "y@example.com"));
  }

  @ParameterizedTest(name = "[{0}]")
  @ValueSource(strings = {"`", "{", "[", "/", ":", "!", "#", "*", ",", ";", "=", "?", "^", "|",
      "~", " ", "\u00B7", "\u2014"})
  void anotherCharacterEndsTheLocalPartBeforeIt(String c) {
    assertEquals("x" + c + "y***@example.com", redactor.text("x" + c + "y@example.com"));
  }

  @Test
  void aDomainEndsAtItsFirstCharacterThatIsNoLetterDigitDotOrHyphen() {
    assertEquals("a***@bücher.de", redactor.text("a@bücher.de"));
    assertEquals("a***@bu\u0308cher.de", redactor.text("a@bu\u0308cher.de"), "decomposed ü");
    // "exam" before the middle dot has no dot: not a domain, so nothing is masked.
    assertEquals("ab@exam\u00B7ple.com", redactor.text("ab@exam\u00B7ple.com"));
    assertEquals("ab@exam_ple.com", redactor.text("ab@exam_ple.com"));
  }

  @Test
  void twoAddressesSideBySideAreEachMaskedWhole() {
    assertEquals("a***@b.com,c***@d.com", redactor.text("ab@b.com,cd@d.com"));
    assertEquals("a***@b.com c***@d.com", redactor.text("a@b.com c@d.com"));
  }

  @Test
  void anAtSignFirstIsNoAddressButOneAfterItIs() {
    assertEquals("@b.com a***@b.com", redactor.text("@b.com a@b.com"));
  }

  @Test
  void aLocalPartOfOneLoneSurrogateIsMaskedAfterIt() {
    assertEquals("\uD83D***@example.com", redactor.text("\uD83D@example.com"));
  }

  @ParameterizedTest(name = "[{0}]")
  @ValueSource(strings = {"a", "z", "A", "Z", "_", "é", "\u0308", "\uD83D\uDE00"})
  void aWordCharacterJoinsADigitRunToAWord(String c) {
    assertEquals(c + "555-123-4567", redactor.text(c + "555-123-4567"));
    assertEquals("555-123-4567" + c, redactor.text("555-123-4567" + c));
  }

  @ParameterizedTest(name = "[{0}]")
  @ValueSource(strings = {"`", "{", "[", "@", "/", ":", "\u00B7", "\u2014"})
  void otherCharactersLeaveAPhoneNumberMasked(String c) {
    assertEquals(c + "555***4567" + c, redactor.text(c + "555-123-4567" + c));
  }

  @Test
  void anOpeningParenthesisStartsAPhoneNumber() {
    assertEquals("call 555***4567 now", redactor.text("call (555) 123-4567 now"));
  }

  @Test
  void aJsonNumberOfNineToFifteenDigitsIsMaskedWhereverItIs() throws Exception {
    assertEquals("\"12***6789\"", json("123456789"), "a body that is one number");
    assertEquals("[\"1234***2345\",12345678,1234567890123456,-123456789]",
        json("[123456789012345,12345678,1234567890123456,-123456789]"));
  }

  private String json(String body) throws Exception {
    JsonNode node = DeliveryJson.JSON.readTree(body);
    return DeliveryJson.JSON.writeValueAsString(redactor.json(node));
  }
}
