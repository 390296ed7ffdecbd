package dev.hooky.runtime.dispatch;

import dev.hooky.customerio.Channel;
import dev.hooky.customerio.CustomerIoEventType;
import dev.hooky.customerio.NameSuggestions;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Checks event patterns written with {@code @OnCustomerIoEvent}'s syntax, for handlers given at run
 * time (where the annotation processor cannot check them): an event name from the catalog ({@code
 * sms_delivered}), a channel wildcard ({@code email_*}) or {@code *}.
 */
public final class EventPatterns {
  static final String ALL = "*";

  private EventPatterns() {}

  /**
   * Checks {@code patterns} and returns them trimmed, in order, without repeats.
   *
   * @throws IllegalArgumentException naming the first pattern that is not one, with a "did you
   *     mean" suggestion where a catalog name or channel is close
   */
  public static List<String> check(List<String> patterns) {
    Objects.requireNonNull(patterns, "patterns == null");
    if (patterns.isEmpty()) {
      throw new IllegalArgumentException("no events: name at least one event (sms_delivered),"
          + " channel (email_*) or * for every event");
    }
    Set<String> checked = new LinkedHashSet<>();
    for (String raw : patterns) {
      String pattern = raw == null ? "" : raw.trim();
      checked.add(checkOne(pattern));
    }
    return List.copyOf(new ArrayList<>(checked));
  }

  private static String checkOne(String pattern) {
    if (pattern.isEmpty()) {
      throw new IllegalArgumentException("an event name is empty");
    }
    if (pattern.equals(ALL)) {
      return pattern;
    }
    if (pattern.endsWith("_*") && pattern.indexOf('*') == pattern.length() - 1) {
      String channel = pattern.substring(0, pattern.length() - 2);
      if (Channel.fromObjectType(channel).isPresent()) {
        return pattern;
      }
      String nearest = NameSuggestions.nearestChannel(channel);
      throw new IllegalArgumentException("unknown channel \"" + channel + "\" in \"" + pattern
          + "\"" + (nearest == null ? "" : "; did you mean " + nearest + "_*?")
          + " Channels: " + String.join(", ", channelNames()));
    }
    if (pattern.indexOf('*') >= 0) {
      throw new IllegalArgumentException("\"" + pattern + "\" is not a pattern: only a whole"
          + " channel (email_*) or * may be a wildcard");
    }
    if (CustomerIoEventType.fromName(pattern).isPresent()) {
      return pattern;
    }
    String nearest = NameSuggestions.nearestEventName(pattern);
    throw new IllegalArgumentException("unknown event \"" + pattern + "\""
        + (nearest == null ? "" : "; did you mean " + nearest + "?")
        + " (hooky events lists them; * also matches events the catalog does not know)");
  }

  private static List<String> channelNames() {
    List<String> names = new ArrayList<>();
    for (Channel channel : Channel.values()) {
      names.add(channel.objectType());
    }
    return names;
  }
}
