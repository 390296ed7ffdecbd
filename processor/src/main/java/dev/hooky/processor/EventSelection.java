package dev.hooky.processor;

import dev.hooky.customerio.Channel;
import dev.hooky.customerio.CustomerIoEventType;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The events one {@code @OnCustomerIoEvent} selects: catalog types, and for {@code "*"} also every
 * event the catalog does not know.
 *
 * @param values the annotation's values as written, which the generated router carries
 */
record EventSelection(boolean all, Set<CustomerIoEventType> types, List<String> values) {

  EventSelection {
    types = Collections.unmodifiableSet(types.isEmpty()
        ? EnumSet.noneOf(CustomerIoEventType.class) : EnumSet.copyOf(types));
    values = List.copyOf(values);
  }

  boolean matches(CustomerIoEventType type) {
    return types.contains(type);
  }

  /** The channels of the selected catalog types, in catalog order. */
  Set<Channel> channels() {
    EnumSet<Channel> channels = EnumSet.noneOf(Channel.class);
    for (CustomerIoEventType type : types) {
      channels.add(type.channel());
    }
    return channels;
  }
}
