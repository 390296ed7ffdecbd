package dev.hooky.processor;

import com.palantir.javapoet.ClassName;
import java.util.List;

/**
 * One valid {@code @OnCustomerIoEvent} method, as the router writer needs it.
 *
 * @param methodName the method's simple name
 * @param displayName the name logs and Live Logs show, e.g. {@code Handlers.sent(SmsEvent)}
 * @param eventType the declared type of the event parameter
 * @param arguments what to pass, in parameter order
 * @param async whether the method returns a {@code CompletionStage}
 * @param selection the events it handles
 */
record HandlerMethod(
    String methodName,
    String displayName,
    ClassName eventType,
    List<Argument> arguments,
    boolean async,
    EventSelection selection) {

  /** A parameter the router supplies. */
  enum Argument {
    EVENT,
    DELIVERY
  }

  HandlerMethod {
    arguments = List.copyOf(arguments);
  }
}
