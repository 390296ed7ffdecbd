package dev.hooky.processor;

import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.annotation.processing.Processor;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;

/** Compiles test sources with the processor, as a user's build would. */
final class Compilations {
  private Compilations() {}

  /** A test input under {@code src/test/resources}, e.g. {@code good/CatchAll.java}. */
  static JavaFileObject source(String resource) {
    return JavaFileObjects.forResource(resource);
  }

  /** Compiles with every lint on (but javac's "no processor claimed" note) and a new processor. */
  static Compilation compile(JavaFileObject... sources) {
    return compile(new CustomerIoProcessor(), sources);
  }

  static Compilation compile(Processor processor, JavaFileObject... sources) {
    return javac()
        .withProcessors(processor)
        .withOptions("-Xlint:all", "-Xlint:-processing")
        .compile(sources);
  }

  /** The text of a generated source, e.g. {@code com.example.Foo_CustomerIoRouter}. */
  static String generatedSource(Compilation compilation, String qualifiedName) {
    JavaFileObject file = compilation
        .generatedFile(StandardLocation.SOURCE_OUTPUT, qualifiedName.replace('.', '/') + ".java")
        .orElseThrow(() -> new AssertionError("no generated source " + qualifiedName));
    try {
      return file.getCharContent(false).toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The golden file {@code expected/<SimpleName>.java}. With {@code GOLDEN_FILE_ROOT} set to the
   * test resources folder, first rewrites it from {@code compilation}: review the diff, then commit.
   */
  static JavaFileObject golden(Compilation compilation, String qualifiedName) {
    String resource = "expected/" + qualifiedName.substring(qualifiedName.lastIndexOf('.') + 1)
        + ".java";
    String root = System.getenv("GOLDEN_FILE_ROOT");
    if (root != null) {
      try {
        Path file = Path.of(root, resource);
        Files.createDirectories(file.getParent());
        Files.writeString(file, generatedSource(compilation, qualifiedName), StandardCharsets.UTF_8);
        return JavaFileObjects.forSourceString(qualifiedName, Files.readString(file));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return source(resource);
  }

  /** The golden file's exact text. */
  static String goldenText(Compilation compilation, String qualifiedName) {
    try {
      return golden(compilation, qualifiedName).getCharContent(false).toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
