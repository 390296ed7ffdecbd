package dev.hooky.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.hooky.processor.Compilations.compile;
import static dev.hooky.processor.Compilations.source;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import com.palantir.javapoet.JavaFile;
import java.util.List;
import javax.lang.model.element.Element;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * One test per diagnostic: each bad input under {@code bad/} gives exactly the expected error, on
 * the expected line, and nothing else (no cascades, no router).
 */
class CustomerIoProcessorErrorsTest {
  private static final String SMS_SENT_METHOD = "(SmsEvent)";

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
    assertSingleError("EmptyValue", Messages.emptyValue(), "@OnCustomerIoEvent({})");
  }

  @Test
  void blankName() {
    assertSingleError("BlankName", Messages.blankName(), "\" \"");
  }

  @Test
  void unknownEventSuggestsTheNearestName() {
    assertSingleError("UnknownEvent",
        Messages.unknownEvent("sms_delivred", "sms_delivered"), "\"sms_delivred\"");
  }

  @Test
  void unknownEventFarFromAnyNameListsTheChannels() {
    Compilation compilation = assertSingleError("UnknownEventFarOff",
        Messages.unknownEventNoSuggestion("order_shipped"), "\"order_shipped\"");
    assertThat(compilation).hadErrorContaining(
        "customer, email, push, sms, slack, webhook, in_app, whatsapp");
  }

  @Test
  void preferencesMetricPointsToTheEventName() {
    assertSingleError("PreferencesMetric",
        Messages.preferencesMetricAsName("cio_subscription_preferences_changed",
            "customer_subscription_preferences_changed"),
        "\"cio_subscription_preferences_changed\"");
  }

  @Test
  void malformedWildcard() {
    assertSingleError("MalformedWildcard", Messages.malformedWildcard("*_sent"), "\"*_sent\"");
  }

  @Test
  void unknownChannelSuggestsTheNearestChannel() {
    assertSingleError("UnknownChannel",
        Messages.unknownChannel("mail_*", "mail", "email"), "\"mail_*\"");
  }

  @Test
  void duplicateIsReportedOnTheSecondOccurrence() {
    assertSingleError("Duplicate", Messages.duplicate("sms_sent"), "      \"sms_sent\"})");
  }

  @Test
  void nameAlreadyMatchedByAWildcard() {
    assertSingleError("Redundant", Messages.redundant("sms_clicked", "sms_*"), "\"sms_clicked\",");
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
        Messages.eventTypeMismatch("MixedChannels.opened(EmailEvent)", "EmailEvent",
            List.of("sms_sent"), "SmsEvent", "MessageEvent or CustomerIoEvent"),
        "EmailEvent event");
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
        Messages.missingEventParameter("NoEventParameter.sent(Delivery)"), "void sent");
  }

  @Test
  void secondEventParameter() {
    assertSingleError("TwoEventParameters",
        Messages.secondEventParameter("TwoEventParameters.sent(SmsEvent, SmsEvent)", "again"),
        "SmsEvent again");
  }

  @Test
  void secondDeliveryParameter() {
    assertSingleError("TwoDeliveryParameters",
        Messages.secondDeliveryParameter(
            "TwoDeliveryParameters.sent(SmsEvent, Delivery, Delivery)", "again"),
        "Delivery again");
  }

  @Test
  void unsupportedParameter() {
    assertSingleError("UnsupportedParameter",
        Messages.unsupportedParameter(
            "UnsupportedParameter.sent(SmsEvent, String)", "body", "java.lang.String"),
        "String body");
  }

  @Test
  void unsupportedReturnType() {
    assertSingleError("UnsupportedReturnType",
        Messages.unsupportedReturnType("UnsupportedReturnType.sent" + SMS_SENT_METHOD, "boolean"),
        "boolean sent");
  }

  @Test
  void unsupportedThrows() {
    assertSingleError("UnsupportedThrows",
        Messages.unsupportedThrows("UnsupportedThrows.sent" + SMS_SENT_METHOD,
            "java.lang.Throwable"),
        "throws Throwable");
  }

  @Test
  void privateMethod() {
    assertSingleError("PrivateMethod",
        Messages.modifier("PrivateMethod.sent" + SMS_SENT_METHOD, "private"), "private void sent");
  }

  @Test
  void staticMethod() {
    assertSingleError("StaticMethod",
        Messages.modifier("StaticMethod.sent" + SMS_SENT_METHOD, "static"), "static void sent");
  }

  @Test
  void abstractMethod() {
    assertSingleError("AbstractMethod",
        Messages.modifier("AbstractMethod.sent" + SMS_SENT_METHOD, "abstract"),
        "abstract void sent");
  }

  @Test
  void genericMethod() {
    assertSingleError("GenericMethod", Messages.generic("GenericMethod.sent(T)"), "void sent");
  }

  @Test
  void methodInAnInterface() {
    assertSingleError("InterfaceHandler",
        Messages.notInClass("InterfaceHandler.sent" + SMS_SENT_METHOD, "interface"),
        "default void sent");
  }

  @Test
  void privateNestedClass() {
    assertSingleError("PrivateClass", Messages.privateClass("PrivateClass.Hidden"),
        "class Hidden");
  }

  @Test
  void localClass() {
    assertSingleError("LocalClass", Messages.localClass("local"), "@OnCustomerIoEvent");
  }

  @Test
  void anonymousClass() {
    assertSingleError("AnonymousClass", Messages.localClass("anonymous"), "@OnCustomerIoEvent");
  }

  @Test
  void eachBrokenRuleIsReportedOnce() {
    JavaFileObject file = source("bad/SeveralProblems.java");
    Compilation compilation = compile(file);

    assertThat(compilation).hadErrorCount(2);
    assertThat(compilation)
        .hadErrorContaining(Messages.unknownEvent("sms_delivred", "sms_delivered"))
        .inFile(file).onLineContaining("\"sms_delivred\"");
    assertThat(compilation)
        .hadErrorContaining(Messages.modifier("SeveralProblems.broken(SmsEvent)", "private"))
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
        .hadErrorContaining(Messages.crash("com.example.CatchAll", ""))
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
