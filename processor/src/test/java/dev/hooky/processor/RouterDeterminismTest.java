package dev.hooky.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;
import static dev.hooky.processor.Compilations.compile;
import static dev.hooky.processor.Compilations.generatedSource;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** The same handlers give byte-identical routers, whatever the member order or round. */
class RouterDeterminismTest {
  private static final String ROUTER = "com.example.Ordered_CustomerIoRouter";

  private static final String[] HEADER = {
      "package com.example;",
      "import dev.hooky.Delivery;",
      "import dev.hooky.customerio.OnCustomerIoEvent;",
      "import dev.hooky.customerio.event.*;",
      "final class Ordered {",
  };
  private static final String SMS = "  @OnCustomerIoEvent(\"sms_sent\") void sms(SmsEvent e) {}";
  private static final String EMAIL =
      "  @OnCustomerIoEvent({\"email_opened\", \"email_clicked\"})"
          + " void email(Delivery d, EmailEvent e) {}";
  private static final String PUSH = "  @OnCustomerIoEvent(\"push_*\") void push(PushEvent e) {}";
  private static final String AUDIT = "  @OnCustomerIoEvent(\"*\") void audit(CustomerIoEvent e) {}";
  private static final String FIELD = "  private int seen;";
  private static final String HELPER = "  void helper() { seen++; }";

  @Test
  void theSameInputTwiceGivesIdenticalRouters() {
    JavaFileObject source = ordered(SMS, EMAIL, PUSH, AUDIT, FIELD, HELPER);

    assertThat(generatedSource(compile(source), ROUTER))
        .isEqualTo(generatedSource(compile(source), ROUTER));
  }

  @Test
  void membersOtherThanHandlersMovingGiveAnIdenticalRouter() {
    String first = generatedSource(compile(ordered(SMS, EMAIL, PUSH, FIELD, HELPER)), ROUTER);
    String second = generatedSource(compile(ordered(HELPER, SMS, FIELD, EMAIL, PUSH)), ROUTER);

    assertThat(second).isEqualTo(first);
  }

  @Test
  void handlersAreNumberedInSourceOrder() {
    // The order decides which method runs first for an event that several handle.
    String router = generatedSource(compile(ordered(PUSH, AUDIT, SMS)), ROUTER);

    assertThat(router).containsMatch("(?s)\"Ordered.push\\(PushEvent\\)\", \"push_\\*\",\\s+"
        + "\"Ordered.audit\\(CustomerIoEvent\\)\", \"\\*\",\\s+"
        + "\"Ordered.sms\\(SmsEvent\\)\", \"sms_sent\"\\);");
    assertThat(router).containsMatch("(?s)case 0:\\s+handler.push\\(\\(PushEvent\\) event\\);.*"
        + "case 1:\\s+handler.audit\\(event\\);.*case 2:\\s+handler.sms\\(\\(SmsEvent\\) event\\);");
  }

  @Test
  void aClassWaitingForAGeneratedTypeGetsTheSameRouterInALaterRound() {
    JavaFileObject handlers = JavaFileObjects.forSourceLines("com.example.Waiting",
        "package com.example;",
        "import dev.hooky.customerio.OnCustomerIoEvent;",
        "import dev.hooky.customerio.event.SmsEvent;",
        "final class Waiting {",
        "  @OnCustomerIoEvent(\"sms_sent\") void sent(SmsEvent e) throws LaterFailure {}",
        "}");
    JavaFileObject laterFailure = JavaFileObjects.forSourceString("com.example.LaterFailure",
        GeneratesLaterFailure.SOURCE);

    Compilation deferred = javac()
        .withProcessors(new GeneratesLaterFailure(), new CustomerIoProcessor())
        .withOptions("-Xlint:all", "-Xlint:-processing")
        .compile(handlers);
    Compilation direct = compile(handlers, laterFailure);

    assertThat(deferred).succeededWithoutWarnings();
    assertThat(generatedSource(deferred, "com.example.Waiting_CustomerIoRouter"))
        .isEqualTo(generatedSource(direct, "com.example.Waiting_CustomerIoRouter"));
  }

  private static JavaFileObject ordered(String... members) {
    String[] lines = new String[HEADER.length + members.length + 1];
    System.arraycopy(HEADER, 0, lines, 0, HEADER.length);
    System.arraycopy(members, 0, lines, HEADER.length, members.length);
    lines[lines.length - 1] = "}";
    return JavaFileObjects.forSourceLines("com.example.Ordered", lines);
  }

  /** Stands for another processor: writes {@code LaterFailure} in its first round. */
  static final class GeneratesLaterFailure extends AbstractProcessor {
    static final String SOURCE =
        "package com.example; public class LaterFailure extends Exception {"
            + " private static final long serialVersionUID = 1L; }";
    private boolean written;

    @Override
    public Set<String> getSupportedAnnotationTypes() {
      return Set.of("*");
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
      return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
      if (!written) {
        written = true;
        try (Writer writer = processingEnv.getFiler()
            .createSourceFile("com.example.LaterFailure").openWriter()) {
          writer.write(SOURCE);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      return false;
    }
  }
}
