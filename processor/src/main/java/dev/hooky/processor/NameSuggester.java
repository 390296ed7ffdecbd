package dev.hooky.processor;

import dev.hooky.customerio.NameSuggestions;

/** Finds the catalog name a misspelt event or channel name most likely meant. */
final class NameSuggester {
  private NameSuggester() {}

  /** The nearest event name, or {@code null} when none is close enough to be a likely typo. */
  static String nearestEventName(String misspelt) {
    return NameSuggestions.nearestEventName(misspelt);
  }

  /** The nearest channel's object type, or {@code null} when none is close. */
  static String nearestChannel(String misspelt) {
    return NameSuggestions.nearestChannel(misspelt);
  }

  /** Levenshtein distance: insertions, deletions and substitutions each cost one. */
  static int distance(String a, String b) {
    return NameSuggestions.distance(a, b);
  }
}
