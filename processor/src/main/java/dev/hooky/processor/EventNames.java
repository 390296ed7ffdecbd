package dev.hooky.processor;

import dev.hooky.customerio.Channel;
import dev.hooky.customerio.CustomerIoEventType;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the values of one {@code @OnCustomerIoEvent}: event names, channel wildcards and {@code *}.
 * Pure logic over strings, so the rules are testable without a compiler.
 */
final class EventNames {
  private static final String ALL = "*";
  private static final String CHANNEL_WILDCARD_SUFFIX = "_*";

  /** A problem with the value at {@code index} of the annotation's array. */
  record Problem(int index, String message) {}

  /** The selection, or the problems that stop it from being one. */
  record Result(EventSelection selection, List<Problem> problems) {
    boolean isValid() {
      return problems.isEmpty();
    }
  }

  /** One value read on its own: what it selects, and whether it is a wildcard. */
  private record Resolved(String value, boolean all, boolean wildcard, Set<CustomerIoEventType> types) {}

  private EventNames() {}

  static Result read(List<String> values) {
    List<Problem> problems = new ArrayList<>();
    if (values.isEmpty()) {
      problems.add(new Problem(-1, Messages.emptyValue()));
      return new Result(null, problems);
    }
    List<Resolved> resolved = new ArrayList<>();
    for (int i = 0; i < values.size(); i++) {
      Resolved one = resolve(values.get(i), i, problems);
      resolved.add(one);
    }
    findRepeats(resolved, problems);
    if (!problems.isEmpty()) {
      return new Result(null, problems);
    }
    boolean all = false;
    EnumSet<CustomerIoEventType> types = EnumSet.noneOf(CustomerIoEventType.class);
    for (Resolved one : resolved) {
      all |= one.all();
      types.addAll(one.types());
    }
    return new Result(new EventSelection(all, all ? EnumSet.allOf(CustomerIoEventType.class) : types,
        values), problems);
  }

  /** Resolves one value, or records its problem and returns {@code null}. */
  private static Resolved resolve(String value, int index, List<Problem> problems) {
    if (value.isBlank()) {
      problems.add(new Problem(index, Messages.blankName()));
      return null;
    }
    if (value.equals(ALL)) {
      return new Resolved(value, true, true, EnumSet.allOf(CustomerIoEventType.class));
    }
    if (value.indexOf('*') >= 0) {
      return resolveChannelWildcard(value, index, problems);
    }
    Optional<CustomerIoEventType> type = CustomerIoEventType.fromName(value);
    if (type.isPresent()) {
      return new Resolved(value, false, false, EnumSet.of(type.get()));
    }
    problems.add(new Problem(index, unknownEventMessage(value)));
    return null;
  }

  private static Resolved resolveChannelWildcard(String value, int index, List<Problem> problems) {
    String prefix = value.substring(0, value.length() - CHANNEL_WILDCARD_SUFFIX.length());
    if (!value.endsWith(CHANNEL_WILDCARD_SUFFIX) || prefix.isEmpty() || prefix.indexOf('*') >= 0) {
      problems.add(new Problem(index, Messages.malformedWildcard(value)));
      return null;
    }
    Optional<Channel> channel = Channel.fromObjectType(prefix);
    if (channel.isEmpty()) {
      problems.add(new Problem(index,
          Messages.unknownChannel(value, prefix, NameSuggester.nearestChannel(prefix))));
      return null;
    }
    return new Resolved(value, false, true, CustomerIoEventType.ofChannel(channel.get()));
  }

  private static String unknownEventMessage(String value) {
    // The preferences event is configured under one name and reported under another metric.
    for (CustomerIoEventType type : CustomerIoEventType.values()) {
      if (!type.eventName().endsWith("_" + type.metric()) && type.metric().equals(value)) {
        return Messages.preferencesMetricAsName(value, type.eventName());
      }
    }
    String suggestion = NameSuggester.nearestEventName(value);
    return suggestion != null
        ? Messages.unknownEvent(value, suggestion)
        : Messages.unknownEventNoSuggestion(value);
  }

  /** Reports a value named twice, or already matched by a wildcard in the same annotation. */
  private static void findRepeats(List<Resolved> resolved, List<Problem> problems) {
    for (int i = 0; i < resolved.size(); i++) {
      Resolved one = resolved.get(i);
      if (one == null) {
        continue;
      }
      for (int j = 0; j < resolved.size(); j++) {
        Resolved other = resolved.get(j);
        if (j == i || other == null) {
          continue;
        }
        if (other.value().equals(one.value())) {
          if (j < i) {
            problems.add(new Problem(i, Messages.duplicate(one.value())));
            break;
          }
        } else if (other.wildcard() && covers(other, one)) {
          problems.add(new Problem(i, Messages.redundant(one.value(), other.value())));
          break;
        }
      }
    }
  }

  private static boolean covers(Resolved wider, Resolved narrower) {
    return wider.all() || (!narrower.all() && wider.types().containsAll(narrower.types()));
  }
}
