package dev.hooky.customerio.event;

import dev.hooky.customerio.Channel;
import dev.hooky.customerio.CustomerIoEventType;
import java.time.Instant;
import java.util.Objects;

/** The invariants every event record checks in its constructor. */
final class EventChecks {
  private EventChecks() {}

  static void requireCommon(String eventId, Instant timestamp) {
    Objects.requireNonNull(eventId, "eventId == null");
    Objects.requireNonNull(timestamp, "timestamp == null");
  }

  static CustomerIoEventType requireChannel(
      CustomerIoEventType type, Channel channel, Class<?> record) {
    Objects.requireNonNull(type, "type == null");
    if (type.channel() != channel) {
      throw new IllegalArgumentException(
          record.getSimpleName() + " holds " + channel.objectType() + " events, not "
              + type.eventName() + " (a " + type.channel().eventClass().getSimpleName() + ")");
    }
    return type;
  }

  static Identifiers orNone(Identifiers identifiers) {
    return identifiers != null ? identifiers : Identifiers.NONE;
  }

  static Attribution orNone(Attribution attribution) {
    return attribution != null ? attribution : Attribution.NONE;
  }

  static String orEmptyObject(String dataJson) {
    return dataJson != null ? dataJson : "{}";
  }
}
