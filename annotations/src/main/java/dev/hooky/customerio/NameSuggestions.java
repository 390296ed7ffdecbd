package dev.hooky.customerio;

import java.util.Locale;

/**
 * The catalog name a misspelt event or channel name most likely meant: for "did you mean"
 * messages, from the compiler (the annotation processor) and at run time alike.
 */
public final class NameSuggestions {
  private NameSuggestions() {}

  /** The nearest event name, or {@code null} when none is close enough to be a likely typo. */
  public static String nearestEventName(String misspelt) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    String normalized = normalize(misspelt);
    for (CustomerIoEventType type : CustomerIoEventType.values()) {
      int distance = distance(normalized, type.eventName());
      if (distance < bestDistance) {
        best = type.eventName();
        bestDistance = distance;
      }
    }
    return isClose(normalized, bestDistance) ? best : null;
  }

  /** The nearest channel's object type, or {@code null} when none is close. */
  public static String nearestChannel(String misspelt) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    String normalized = normalize(misspelt);
    for (Channel channel : Channel.values()) {
      int distance = distance(normalized, channel.objectType());
      if (distance < bestDistance) {
        best = channel.objectType();
        bestDistance = distance;
      }
    }
    return isClose(normalized, bestDistance) ? best : null;
  }

  /** Case, surrounding space and separators ("sms-delivered", "SMS.Delivered") are typos too. */
  private static String normalize(String name) {
    return name.trim().toLowerCase(Locale.ROOT).replace('-', '_').replace('.', '_')
        .replace(' ', '_');
  }

  private static boolean isClose(String name, int distance) {
    return distance <= Math.max(2, name.length() / 3);
  }

  /** Levenshtein distance: insertions, deletions and substitutions each cost one. */
  public static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
