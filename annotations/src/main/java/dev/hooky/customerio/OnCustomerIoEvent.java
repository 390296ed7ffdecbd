package dev.hooky.customerio;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method that handles Customer.io reporting webhook events.
 *
 * <pre>{@code
 * final class DeliveryHandlers {
 *   @OnCustomerIoEvent("sms_delivered")
 *   void smsDelivered(SmsEvent event) { ... }
 *
 *   @OnCustomerIoEvent({"email_bounced", "email_dropped"})
 *   CompletionStage<Void> undeliverable(EmailEvent event, Delivery delivery) { ... }
 * }
 * }</pre>
 *
 * <p>With {@code hooky-processor} on the annotation processor path, javac generates {@code
 * DeliveryHandlers_CustomerIoRouter} (for a nested class {@code Outer.Inner}: {@code
 * Outer_Inner_CustomerIoRouter}) in the same package: a {@link CustomerIoRouter} that calls these
 * methods directly, without reflection. The processor enforces these rules, each as a compile error
 * on the offending method, parameter or annotation value:
 *
 * <ol>
 *   <li>Each value is an event name from {@link CustomerIoEventType} ({@code sms_delivered}), a
 *       channel wildcard ({@code email_*}, matching every catalog event of that {@link Channel}), or
 *       {@code *} (every event, including those the catalog does not know, which arrive as {@link
 *       dev.hooky.customerio.event.UnknownEvent}). Nothing else is a wildcard: {@code email*}, {@code
 *       *_sent} or {@code sms_de*} are errors. Unknown names get a "did you mean" suggestion.
 *   <li>The value is not empty, holds no blank name, and names no event twice (also not an event
 *       name together with a wildcard that already matches it).
 *   <li>The method has exactly one event parameter, of a type every matched event is delivered as:
 *       the channel's record ({@code SmsEvent} for {@code sms_*}) when all matched events share a
 *       channel, otherwise {@link dev.hooky.customerio.event.CustomerIoEvent}. It may also take one
 *       {@link dev.hooky.Delivery} parameter, before or after the event. No other parameters.
 *   <li>The method returns {@code void} (it has finished when it returns) or a {@link
 *       java.util.concurrent.CompletionStage} (it has finished when the stage completes). It may
 *       declare any {@link Exception}, but not {@link Throwable}.
 *   <li>The method is not private, static or abstract, and declares no type parameters.
 *   <li>The method is declared in a class, record or enum that the generated router, in the same
 *       package, can name: not private and not nested in a private class, not local and not
 *       anonymous.
 * </ol>
 *
 * <p>A class may handle one event in several methods; the router calls all of them, in the order
 * they are declared in the source. Inherited handler methods are not routed: annotate the class that
 * declares them.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface OnCustomerIoEvent {
  /**
   * The events this method handles: event names ({@code sms_delivered}), channel wildcards ({@code
   * email_*}) or {@code *}.
   */
  String[] value();
}
