package dev.hooky.processor;

import dev.hooky.customerio.Channel;
import dev.hooky.customerio.CustomerIoEventType;
import dev.hooky.customerio.event.CustomerIoEvent;
import dev.hooky.customerio.event.MessageEvent;
import dev.hooky.customerio.event.UnknownEvent;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Checks that an event parameter can receive every event a method selects, and names the types
 * that would.
 */
final class EventParameterFit {
  private final Types types;
  private final Elements elements;

  EventParameterFit(Types types, Elements elements) {
    this.types = types;
    this.elements = elements;
  }

  /** Why the parameter does not fit, or {@code null} when it does. */
  String mismatch(String method, TypeMirror parameter, EventSelection selection) {
    List<String> refused = new ArrayList<>();
    Set<String> arrivesAs = new LinkedHashSet<>();
    for (CustomerIoEventType type : selection.types()) {
      Class<?> record = type.channel().eventClass();
      if (!fits(record, parameter)) {
        refused.add(type.eventName());
        arrivesAs.add(record.getSimpleName());
      }
    }
    if (selection.all() && !fits(UnknownEvent.class, parameter)) {
      refused.add("events the catalog does not know");
      arrivesAs.add(UnknownEvent.class.getSimpleName());
    }
    if (refused.isEmpty()) {
      return null;
    }
    return Messages.eventTypeMismatch(method, simpleName(parameter), refused,
        String.join(", ", arrivesAs), String.join(" or ", fittingTypes(selection)));
  }

  /** The types that receive every selected event, narrowest first. */
  static List<String> fittingTypes(EventSelection selection) {
    List<String> fitting = new ArrayList<>();
    Set<Channel> channels = selection.channels();
    if (!selection.all() && channels.size() == 1) {
      fitting.add(channels.iterator().next().eventClass().getSimpleName());
    }
    if (!selection.all() && !channels.contains(Channel.CUSTOMER)) {
      fitting.add(MessageEvent.class.getSimpleName());
    }
    fitting.add(CustomerIoEvent.class.getSimpleName());
    return fitting;
  }

  private boolean fits(Class<?> record, TypeMirror parameter) {
    TypeMirror recordType = elements.getTypeElement(record.getCanonicalName()).asType();
    return types.isAssignable(recordType, parameter);
  }

  private String simpleName(TypeMirror type) {
    return types.asElement(type) != null ? types.asElement(type).getSimpleName().toString()
        : type.toString();
  }
}
