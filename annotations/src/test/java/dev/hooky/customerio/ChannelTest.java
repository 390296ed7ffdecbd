package dev.hooky.customerio;

import static java.util.stream.Collectors.toList;
import static java.util.stream.Collectors.toSet;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.hooky.customerio.event.CustomerIoEvent;
import dev.hooky.customerio.event.MessageEvent;
import dev.hooky.customerio.event.TestEvents;
import dev.hooky.customerio.event.UnknownEvent;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ChannelTest {

  @Test
  void objectTypesAreTheDocumentedOnes() {
    // The object_type enum of Customer.io's spec (reference §2.2).
    Set<String> objectTypes = Stream.of(Channel.values()).map(Channel::objectType).collect(toSet());

    assertEquals(
        Set.of("customer", "email", "push", "in_app", "sms", "slack", "webhook", "whatsapp"),
        objectTypes);
  }

  @ParameterizedTest
  @EnumSource(Channel.class)
  void fromObjectTypeRoundTrips(Channel channel) {
    assertEquals(Optional.of(channel), Channel.fromObjectType(channel.objectType()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"fax", "EMAIL", "in-app", "inapp", "email ", "sms_sent"})
  @NullAndEmptySource
  void fromObjectTypeOfAnUnknownObjectTypeIsEmpty(String objectType) {
    assertEquals(Optional.empty(), Channel.fromObjectType(objectType));
  }

  /**
   * The records an event of the catalog can be built as: the sealed hierarchy's permitted records,
   * except {@link UnknownEvent}, which takes no catalog type.
   */
  private static List<Class<?>> typedEventRecords() {
    return Stream.concat(
            Stream.of(CustomerIoEvent.class.getPermittedSubclasses()),
            Stream.of(MessageEvent.class.getPermittedSubclasses()))
        .filter(Class::isRecord)
        .filter(type -> type != UnknownEvent.class)
        .collect(toList());
  }

  @Test
  void eventClassesAreTheTypedEventRecords() {
    Set<Class<?>> eventClasses = Stream.of(Channel.values())
        .map(Channel::eventClass)
        .collect(toSet());

    assertEquals(8, typedEventRecords().size());
    assertEquals(Set.copyOf(typedEventRecords()), eventClasses);
  }

  @ParameterizedTest
  @EnumSource(Channel.class)
  void eventClassIsTheOnlyRecordThatAcceptsTheChannelsTypes(Channel channel) {
    Stream<Executable> checks = CustomerIoEventType.ofChannel(channel).stream().flatMap(type ->
        typedEventRecords().stream().map(record -> () -> {
          boolean accepted = accepts(record, type);
          assertEquals(record == channel.eventClass(), accepted,
              record.getSimpleName() + (accepted ? " accepted " : " rejected ") + type);
        }));

    assertAll(checks);
  }

  @ParameterizedTest
  @EnumSource(CustomerIoEventType.class)
  void eachEventIsBuiltAsItsChannelsEventClass(CustomerIoEventType type) {
    assertSame(type.channel().eventClass(), TestEvents.of(type).getClass());
  }

  /**
   * Whether {@code record}'s canonical constructor accepts {@code type}, with every other optional
   * field left empty.
   */
  private static boolean accepts(Class<?> record, CustomerIoEventType type) {
    RecordComponent[] components = record.getRecordComponents();
    Class<?>[] parameterTypes =
        Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
    Object[] arguments = Arrays.stream(components)
        .map(component -> argumentFor(component, type))
        .toArray();
    try {
      Constructor<?> constructor = record.getDeclaredConstructor(parameterTypes);
      Object event = constructor.newInstance(arguments);
      assertInstanceOf(CustomerIoEvent.class, event);
      return true;
    } catch (InvocationTargetException e) {
      assertInstanceOf(IllegalArgumentException.class, e.getCause(), record.getSimpleName());
      assertTrue(e.getCause().getMessage().startsWith(record.getSimpleName() + " "),
          e.getCause().getMessage());
      return false;
    } catch (ReflectiveOperationException e) {
      return fail("cannot call the canonical constructor of " + record, e);
    }
  }

  private static Object argumentFor(RecordComponent component, CustomerIoEventType type) {
    Class<?> parameterType = component.getType();
    if (parameterType == CustomerIoEventType.class) {
      return type;
    } else if (component.getName().equals("eventId")) {
      return TestEvents.EVENT_ID;
    } else if (component.getName().equals("timestamp")) {
      return TestEvents.SENT;
    }
    return null;
  }
}
