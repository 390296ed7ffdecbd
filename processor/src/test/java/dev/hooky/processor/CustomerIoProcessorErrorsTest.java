package dev.hooky.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.hooky.processor.Compilations.compile;
import static dev.hooky.processor.Compilations.source;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import com.palantir.javapoet.JavaFile;
import javax.lang.model.element.Element;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * One test per diagnostic: each bad input under {@code bad/} gives exactly the expected error, on
 * the expected line, and nothing else (no cascades, no router). The expected texts are written out
 * in full, never built with {@code Messages}: what a user reads is what is tested.
 */
class CustomerIoProcessorErrorsTest {
  /** Compiles {@code bad/<name>.java}; asserts one error with {@code message} on the marked line. */
  private static Compilation assertSingleError(String name, String message, String lineMarker) {
    JavaFileObject file = source("bad/" + name + ".java");
    Compilation compilation = compile(file);
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining(message).inFile(file).onLineContaining(lineMarker);
    return compilation;
  }

  @Test
  void emptyValue() {
    assertSingleError("EmptyValue", "[OnCustomerIoEvent:EmptyValue] @OnCustomerIoEvent needs at least one event: name"
            + " one, e.g. @OnCustomerIoEvent(\"sms_delivered\"), a channel wildcard such as"
            + " \"email_*\", or \"*\"", "@OnCustomerIoEvent({})");
  }

  @Test
  void blankName() {
    assertSingleError("BlankName", "[OnCustomerIoEvent:BlankName] @OnCustomerIoEvent event names must not be blank: name"
            + " an event, e.g. \"sms_delivered\", a channel wildcard such as \"email_*\", or"
            + " \"*\"", "\" \"");
  }

  @Test
  void unknownEventSuggestsTheNearestName() {
    assertSingleError("UnknownEvent",
        "[OnCustomerIoEvent:UnknownEvent] \"sms_delivred\" is not a Customer.io event; did you"
            + " mean \"sms_delivered\"?", "\"sms_delivred\"");
  }

  @Test
  void unknownEventFarFromAnyNameListsTheChannels() {
    Compilation compilation = assertSingleError("UnknownEventFarOff",
        "[OnCustomerIoEvent:UnknownEvent] \"order_shipped\" is not a Customer.io event. Event"
            + " names are <channel>_<metric>, e.g. \"sms_delivered\", with a channel among:"
            + " customer, email, push, sms, slack, webhook, in_app, whatsapp"
            + " (CustomerIoEventType lists them all)", "\"order_shipped\"");
    assertThat(compilation).hadErrorContaining(
        "customer, email, push, sms, slack, webhook, in_app, whatsapp");
  }

  @Test
  void preferencesMetricPointsToTheEventName() {
    assertSingleError("PreferencesMetric",
        "[OnCustomerIoEvent:UnknownEvent] \"cio_subscription_preferences_changed\" is the"
            + " payload's metric, not the event name; did you mean"
            + " \"customer_subscription_preferences_changed\"?",
        "\"cio_subscription_preferences_changed\"");
  }

  @Test
  void malformedWildcard() {
    assertSingleError("MalformedWildcard", "[OnCustomerIoEvent:MalformedWildcard] \"*_sent\" is not a supported wildcard:"
            + " only \"*\" (every event) and \"<channel>_*\" (every event of a channel, e.g."
            + " \"email_*\") are", "\"*_sent\"");
  }

  @Test
  void unknownChannelSuggestsTheNearestChannel() {
    assertSingleError("UnknownChannel",
        "[OnCustomerIoEvent:UnknownChannel] \"mail_*\" names no Customer.io channel"
            + " \"mail\"; did you mean \"email_*\"? channels are: customer, email, push, sms,"
            + " slack, webhook, in_app, whatsapp", "\"mail_*\"");
  }

  @Test
  void duplicateIsReportedOnTheSecondOccurrence() {
    assertSingleError("Duplicate", "[OnCustomerIoEvent:Duplicate] \"sms_sent\" is named twice in this"
            + " @OnCustomerIoEvent; remove one", "      \"sms_sent\"})");
  }

  @Test
  void nameAlreadyMatchedByAWildcard() {
    assertSingleError("Redundant", "[OnCustomerIoEvent:Duplicate] \"sms_clicked\" is already matched by \"sms_*\" in"
            + " this @OnCustomerIoEvent; remove \"sms_clicked\"", "\"sms_clicked\",");
  }

  @Test
  void parameterOfAnotherChannel() {
    Compilation compilation = assertSingleError("ChannelMismatch",
        "ChannelMismatch.wrongChannel(SmsEvent) cannot receive every event it handles:"
            + " email_drafted, email_attempted, email_deferred and 11 more arrive as EmailEvent,"
            + " not SmsEvent. Declare the parameter as EmailEvent or MessageEvent or"
            + " CustomerIoEvent",
        "SmsEvent event");
    assertThat(compilation).hadErrorContaining("[OnCustomerIoEvent:EventType]");
  }

  @Test
  void eventsOfSeveralChannelsNeedAWiderType() {
    assertSingleError("MixedChannels",
        "[OnCustomerIoEvent:EventType] MixedChannels.opened(EmailEvent) cannot receive every"
            + " event it handles: sms_sent arrives as SmsEvent, not EmailEvent. Declare the"
            + " parameter as MessageEvent or CustomerIoEvent, or move those events to another"
            + " method",
        "EmailEvent event");
  }

  @Test
  void threeEventsOfAnotherChannelAreAllNamed() {
    JavaFileObject file = JavaFileObjects.forSourceLines(
        "com.example.ThreeSms",
        "package com.example;",
        "import dev.hooky.customerio.OnCustomerIoEvent;",
        "import dev.hooky.customerio.event.EmailEvent;",
        "final class ThreeSms {",
        "  @OnCustomerIoEvent({\"sms_sent\", \"sms_delivered\", \"sms_failed\"})",
        "  void sms(EmailEvent event) {}",
        "}");
    Compilation compilation = compile(file);

    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining("[OnCustomerIoEvent:EventType] ThreeSms.sms(EmailEvent)"
        + " cannot receive every event it handles: sms_sent, sms_delivered, sms_failed arrive as"
        + " SmsEvent, not EmailEvent. Declare the parameter as SmsEvent or MessageEvent or"
        + " CustomerIoEvent, or move those events to another method").inFile(file).onLineContaining("EmailEvent event");
  }

  @Test
  void catchAllNeedsCustomerIoEvent() {
    assertSingleError("CatchAllNarrow",
        "arrive as CustomerEvent, UnknownEvent, not MessageEvent. Declare the parameter as"
            + " CustomerIoEvent",
        "MessageEvent event");
  }

  @Test
  void noEventParameter() {
    assertSingleError("NoEventParameter",
        "[OnCustomerIoEvent:Parameters] NoEventParameter.sent(Delivery) has no event"
            + " parameter: @OnCustomerIoEvent methods take one event (e.g. SmsEvent, or"
            + " CustomerIoEvent for any) and optionally a Delivery", "void sent");
  }

  @Test
  void secondEventParameter() {
    assertSingleError("TwoEventParameters",
        "[OnCustomerIoEvent:Parameters] TwoEventParameters.sent(SmsEvent, SmsEvent) takes a"
            + " second event parameter \"again\": @OnCustomerIoEvent methods take exactly one"
            + " event and optionally a Delivery",
        "SmsEvent again");
  }

  @Test
  void secondDeliveryParameter() {
    assertSingleError("TwoDeliveryParameters",
        "[OnCustomerIoEvent:Parameters] TwoDeliveryParameters.sent(SmsEvent, Delivery,"
            + " Delivery) takes a second Delivery parameter \"again\": @OnCustomerIoEvent"
            + " methods take exactly one event and optionally one Delivery",
        "Delivery again");
  }

  @Test
  void unsupportedParameter() {
    assertSingleError("UnsupportedParameter",
        "[OnCustomerIoEvent:Parameters] parameter \"body\" of"
            + " UnsupportedParameter.sent(SmsEvent, String) has type java.lang.String, which"
            + " Hooky cannot supply: @OnCustomerIoEvent methods take one event (CustomerIoEvent"
            + " or a subtype) and optionally a dev.hooky.Delivery",
        "String body");
  }

  @Test
  void unsupportedReturnType() {
    assertSingleError("UnsupportedReturnType",
        "[OnCustomerIoEvent:ReturnType] UnsupportedReturnType.sent(SmsEvent) returns boolean:"
            + " @OnCustomerIoEvent methods return void, or a CompletionStage for an asynchronous"
            + " handler",
        "boolean sent");
  }

  @Test
  void unsupportedThrows() {
    assertSingleError("UnsupportedThrows",
        "[OnCustomerIoEvent:Throws] UnsupportedThrows.sent(SmsEvent) declares throws"
            + " java.lang.Throwable: @OnCustomerIoEvent methods may throw Exception and its"
            + " subtypes only",
        "throws Throwable");
  }

  @Test
  void privateMethod() {
    assertSingleError("PrivateMethod",
        "[OnCustomerIoEvent:Modifiers] PrivateMethod.sent(SmsEvent) must not be private: the"
            + " generated router must call it; remove \"private\"", "private void sent");
  }

  @Test
  void staticMethod() {
    assertSingleError("StaticMethod",
        "[OnCustomerIoEvent:Modifiers] StaticMethod.sent(SmsEvent) must not be static: the"
            + " router calls it on the handler instance; remove \"static\"", "static void sent");
  }

  @Test
  void abstractMethod() {
    assertSingleError("AbstractMethod",
        "[OnCustomerIoEvent:Modifiers] AbstractMethod.sent(SmsEvent) must not be abstract:"
            + " the router calls it on the handler instance; remove \"abstract\"",
        "abstract void sent");
  }

  @Test
  void genericMethod() {
    assertSingleError("GenericMethod", "[OnCustomerIoEvent:Generic] GenericMethod.sent(T) must not declare type parameters:"
            + " the router calls it with a concrete event type; remove them", "void sent");
  }

  @Test
  void methodInAnInterface() {
    assertSingleError("InterfaceHandler",
        "[OnCustomerIoEvent:HandlerClass] InterfaceHandler.sent(SmsEvent) is declared in an"
            + " interface: @OnCustomerIoEvent methods belong to a class, record or enum whose"
            + " instance you pass to Hooky",
        "default void sent");
  }

  @Test
  void privateNestedClass() {
    assertSingleError("PrivateClass", "[OnCustomerIoEvent:HandlerClass] PrivateClass.Hidden is private, so the generated"
            + " router in its package cannot call its @OnCustomerIoEvent methods; make it"
            + " package-private or public",
        "class Hidden");
  }

  @Test
  void localClass() {
    assertSingleError("LocalClass", "[OnCustomerIoEvent:HandlerClass] @OnCustomerIoEvent methods must not be declared in a"
            + " local class: no generated router can name it. Move the methods to a top-level"
            + " or member class", "@OnCustomerIoEvent");
  }

  @Test
  void aLocalClassIsReportedWhenTheAnnotationIsWrittenWithItsQualifiedName() {
    JavaFileObject file = JavaFileObjects.forSourceLines(
        "com.example.QualifiedLocal",
        "package com.example;",
        "import dev.hooky.customerio.event.SmsEvent;",
        "final class QualifiedLocal {",
        "  void setUp() {",
        "    class Handlers {",
        "      @dev.hooky.customerio.OnCustomerIoEvent(\"sms_sent\")",
        "      void sent(SmsEvent event) {}",
        "    }",
        "  }",
        "}");
    Compilation compilation = compile(file);

    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining("[OnCustomerIoEvent:HandlerClass]"
        + " @OnCustomerIoEvent methods must not be declared in a local class")
        .inFile(file).onLineContaining("@dev.hooky.customerio.OnCustomerIoEvent");
  }

  @Test
  void anonymousClass() {
    assertSingleError("AnonymousClass", "[OnCustomerIoEvent:HandlerClass] @OnCustomerIoEvent methods must not be declared in"
            + " an anonymous class: no generated router can name it. Move the methods to a"
            + " top-level or member class", "@OnCustomerIoEvent");
  }

  @Test
  void eachBrokenRuleIsReportedOnce() {
    JavaFileObject file = source("bad/SeveralProblems.java");
    Compilation compilation = compile(file);

    assertThat(compilation).hadErrorCount(2);
    assertThat(compilation)
        .hadErrorContaining("[OnCustomerIoEvent:UnknownEvent] \"sms_delivred\" is not a"
            + " Customer.io event; did you mean \"sms_delivered\"?")
        .inFile(file).onLineContaining("\"sms_delivred\"");
    assertThat(compilation)
        .hadErrorContaining("[OnCustomerIoEvent:Modifiers] SeveralProblems.broken(SmsEvent)"
            + " must not be private: the generated router must call it; remove \"private\"")
        .inFile(file).onLineContaining("private void broken");
  }

  @Test
  void aCrashBecomesAnErrorOnTheClassAskingForAReport() {
    RouterWriter failing = new RouterWriter(true) {
      @Override
      JavaFile write(RouterModel model, Element originatingElement) {
        throw new IllegalStateException("boom");
      }
    };
    JavaFileObject file = source("good/CatchAll.java");
    Compilation compilation = Compilations.compile(new CustomerIoProcessor(failing), file);

    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("[OnCustomerIoEvent:Crash] hooky-processor failed while processing"
            + " com.example.CatchAll. This is a bug in Hooky: please report it to the Hooky"
            + " maintainers with this message.\n")
        .inFile(file).onLineContaining("public final class CatchAll");
    assertThat(compilation).hadErrorContaining("java.lang.IllegalStateException: boom");
  }

  @Test
  void aRouterThatCannotBeWrittenIsAnErrorOnTheClass() {
    JavaFileObject handlers = source("good/CatchAll.java");
    JavaFileObject existing = JavaFileObjects.forSourceLines(
        "com.example.CatchAll_CustomerIoRouter",
        "package com.example;",
        "final class CatchAll_CustomerIoRouter {}");
    Compilation compilation = compile(handlers, existing);

    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("[OnCustomerIoEvent:CouldNotWrite] could not write"
            + " com.example.CatchAll_CustomerIoRouter")
        .inFile(handlers).onLineContaining("public final class CatchAll");
  }

  @Test
  void aTypeThatNeverAppearsIsLeftToJavacToReport() {
    JavaFileObject file = JavaFileObjects.forSourceLines(
        "com.example.Missing",
        "package com.example;",
        "import dev.hooky.customerio.OnCustomerIoEvent;",
        "import dev.hooky.customerio.event.SmsEvent;",
        "final class Missing {",
        "  @OnCustomerIoEvent(\"sms_sent\") void sent(SmsEvent e) throws NoSuchFailure {}",
        "}");
    Compilation compilation = compile(file);

    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining("cannot find symbol")
        .inFile(file).onLineContaining("NoSuchFailure");
  }
}
