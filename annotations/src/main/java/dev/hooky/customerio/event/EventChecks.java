package dev.hooky.customerio.event;

import dev.hooky.customerio.Channel;
import dev.hooky.customerio.CustomerIoEventType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The invariants every event record checks in its constructor. */
final class EventChecks {
  private EventChecks() {}

  static void requireId(String eventId) {
    Objects.requireNonNull(eventId, "eventId == null");
  }

  /** A payload without a readable {@code timestamp} is legitimate: {@code null} means empty. */
  static Optional<Instant> orAbsent(Optional<Instant> timestamp) {
    return timestamp != null ? timestamp : Optional.empty();
  }

  /** A flag the payload lacks is neither true nor false: {@code null} means empty. */
  static Optional<Boolean> flag(Optional<Boolean> flag) {
    return flag != null ? flag : Optional.empty();
  }

  static CustomerIoEventType requireChannel(
      CustomerIoEventType type, Channel channel, Class<?> record) {
    Objects.requireNonNull(type, "type == null");
    if (type.channel() != channel) {
      throw new IllegalArgumentException(
          record.getSimpleName() + " holds " + channel.objectType() + " events, not "
              + type.eventName() + ", which arrives as "
              + type.channel().eventClass().getSimpleName());
    }
    return type;
  }

  static Identifiers orNone(Identifiers identifiers) {
    return identifiers != null ? identifiers : Identifiers.NONE;
  }

  static Attribution orNone(Attribution attribution) {
    return attribution != null ? attribution : Attribution.NONE;
  }

  /** An unmodifiable copy without null elements: lenient data may hold {@code [null]}. */
  static <T> List<T> copyWithoutNulls(List<T> list) {
    if (list == null) {
      return List.of();
    }
    List<T> copy = new ArrayList<>(list.size());
    for (T element : list) {
      if (element != null) {
        copy.add(element);
      }
    }
    return Collections.unmodifiableList(copy);
  }

  static String orEmptyObject(String dataJson) {
    return dataJson != null ? dataJson : "{}";
  }
}
