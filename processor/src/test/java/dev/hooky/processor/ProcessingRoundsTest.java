package dev.hooky.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;

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

/**
 * Handler classes that mention types another processor generates: they wait for the round in which
 * those types appear, then get their router, once.
 */
class ProcessingRoundsTest {
  private static final JavaFileObject WAITING = JavaFileObjects.forSourceLines(
      "com.example.Waiting",
      "package com.example;",
      "import dev.hooky.customerio.OnCustomerIoEvent;",
      "import dev.hooky.customerio.event.SmsEvent;",
      "final class Waiting {",
      "  @OnCustomerIoEvent(\"sms_sent\") void sent(SmsEvent event) throws LaterFailure {}",
      "}");

  /** Writes {@code com.example.LaterFailure} in round {@code round} (1-based), like a processor would. */
  private static final class GeneratesLater extends AbstractProcessor {
    private final int round;
    private int seen;

    GeneratesLater(int round) {
      this.round = round;
    }

    @Override
    public Set<String> getSupportedAnnotationTypes() {
      return Set.of("*");
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
      return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment env) {
      seen++;
      if (seen < round) {
        // Something for the next round, so that there is one.
        write("com.example.Filler" + seen, "final class Filler" + seen + " {}");
      } else if (seen == round) {
        write("com.example.LaterFailure",
            "public final class LaterFailure extends Exception {"
                + " private static final long serialVersionUID = 1L; }");
      }
      return false;
    }

    private void write(String name, String body) {
      try (Writer out = processingEnv.getFiler().createSourceFile(name).openWriter()) {
        out.write("package com.example;\n" + body + "\n");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private static Compilation compileWithTypeFromRound(int round) {
    return javac()
        .withProcessors(new CustomerIoProcessor(), new GeneratesLater(round))
        .withOptions("-Xlint:all", "-Xlint:-processing")
        .compile(WAITING);
  }

  @Test
  void aHandlerWaitsForATypeGeneratedInTheNextRound() {
    Compilation compilation = compileWithTypeFromRound(1);

    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("com.example.Waiting_CustomerIoRouter");
  }

  @Test
  void aHandlerKeepsWaitingOverSeveralRounds() {
    Compilation compilation = compileWithTypeFromRound(3);

    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("com.example.Waiting_CustomerIoRouter");
  }

  @Test
  void aParameterOfATypeGeneratedLaterIsJudgedOnceItExists() {
    JavaFileObject waiting = JavaFileObjects.forSourceLines(
        "com.example.Waiting",
        "package com.example;",
        "import dev.hooky.customerio.OnCustomerIoEvent;",
        "import dev.hooky.customerio.event.SmsEvent;",
        "final class Waiting {",
        "  @OnCustomerIoEvent(\"sms_sent\") void sent(SmsEvent event, LaterFailure extra) {}",
        "}");
    Compilation compilation = javac()
        .withProcessors(new CustomerIoProcessor(), new GeneratesLater(1))
        .withOptions("-Xlint:all", "-Xlint:-processing")
        .compile(waiting);

    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining("[OnCustomerIoEvent:Parameters] parameter"
        + " \"extra\" of Waiting.sent(SmsEvent, LaterFailure) has type com.example.LaterFailure,"
        + " which Hooky cannot supply");
  }

  @Test
  void aHandlerThatWaitedIsValidatedOnceLikeAnyOther() {
    JavaFileObject broken = JavaFileObjects.forSourceLines(
        "com.example.Waiting",
        "package com.example;",
        "import dev.hooky.customerio.OnCustomerIoEvent;",
        "import dev.hooky.customerio.event.SmsEvent;",
        "final class Waiting {",
        "  @OnCustomerIoEvent(\"sms_sent\") static void sent(SmsEvent event) throws LaterFailure {}",
        "}");
    Compilation compilation = javac()
        .withProcessors(new CustomerIoProcessor(), new GeneratesLater(1))
        .withOptions("-Xlint:all", "-Xlint:-processing")
        .compile(broken);

    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining("[OnCustomerIoEvent:Modifiers] Waiting.sent(SmsEvent)"
        + " must not be static: the router calls it on the handler instance; remove \"static\"");
  }
}
