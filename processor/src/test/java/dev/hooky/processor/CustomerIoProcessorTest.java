package dev.hooky.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.hooky.processor.Compilations.compile;
import static dev.hooky.processor.Compilations.generatedSource;
import static dev.hooky.processor.Compilations.golden;
import static dev.hooky.processor.Compilations.goldenText;
import static dev.hooky.processor.Compilations.source;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import org.junit.jupiter.api.Test;

/** Golden-file tests: good inputs under {@code good/}, the routers they must give under {@code expected/}. */
class CustomerIoProcessorTest {

  @Test
  void deliveryHandlersRouterIsExactlyTheGoldenText() {
    Compilation compilation = compile(source("good/DeliveryHandlers.java"));

    assertThat(compilation).succeededWithoutWarnings();
    String router = "com.example.DeliveryHandlers_CustomerIoRouter";
    // AST equivalence ignores formatting and imports; pin those too, for this one router.
    assertThat(generatedSource(compilation, router)).isEqualTo(goldenText(compilation, router));
  }

  @Test
  void nestedInnerAndGenericClassesGetOneRouterEach() {
    Compilation compilation = compile(source("good/Outer.java"));

    assertThat(compilation).succeededWithoutWarnings();
    for (String router : new String[] {
        "com.example.nested.Outer_Static_CustomerIoRouter",
        "com.example.nested.Outer_Inner_CustomerIoRouter",
        "com.example.nested.Outer_Generic_CustomerIoRouter"}) {
      assertThat(compilation).generatedSourceFile(router)
          .hasSourceEquivalentTo(golden(compilation, router));
    }
  }

  @Test
  void methodNamesThatClashWithTheRoutersOwnNamesAreRenamed() {
    Compilation compilation = compile(source("good/Clashes.java"));

    assertThat(compilation).succeededWithoutWarnings();
    String router = "com.example.Clashes_CustomerIoRouter";
    assertThat(compilation).generatedSourceFile(router)
        .hasSourceEquivalentTo(golden(compilation, router));
  }

  @Test
  void aCatchAllNeedsNoSwitch() {
    Compilation compilation = compile(source("good/CatchAll.java"));

    assertThat(compilation).succeededWithoutWarnings();
    String router = "com.example.CatchAll_CustomerIoRouter";
    assertThat(compilation).generatedSourceFile(router)
        .hasSourceEquivalentTo(golden(compilation, router));
  }

  @Test
  void generatedAnnotationCanBeTurnedOff() {
    Compilation compilation = com.google.testing.compile.Compiler.javac()
        .withProcessors(new CustomerIoProcessor())
        .withOptions("-Xlint:all", "-Xlint:-processing", "-Ahooky.generated=false")
        .compile(source("good/CatchAll.java"));

    assertThat(compilation).succeededWithoutWarnings();
    String text = generatedSource(compilation, "com.example.CatchAll_CustomerIoRouter");
    assertThat(text).doesNotContain("@Generated");
    assertThat(text).doesNotContain("javax.annotation.processing");
    assertThat(text).contains("extends AbstractCustomerIoRouter<CatchAll>");
  }

  @Test
  void generatedAnnotationNamesTheProcessorAndNoDate() {
    Compilation compilation = compile(source("good/CatchAll.java"));

    String text = generatedSource(compilation, "com.example.CatchAll_CustomerIoRouter");
    assertThat(text).contains("@Generated(\"dev.hooky.processor.CustomerIoProcessor\")");
    assertThat(text).doesNotContain("date");
  }

  @Test
  void classesWithoutHandlersGetNoRouter() {
    Compilation compilation = compile(JavaFileObjects.forSourceLines("com.example.Plain",
        "package com.example;",
        "final class Plain {",
        "  @Deprecated void old() {}",
        "}"));

    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation.generatedSourceFiles()).isEmpty();
  }
}
