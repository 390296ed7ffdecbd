package dev.hooky.processor;

import javax.annotation.processing.Messager;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.tools.Diagnostic.Kind;

/** Prints diagnostics at the most precise place known, and counts the errors printed. */
final class Diagnostics {
  private final Messager messager;
  private int errors;

  Diagnostics(Messager messager) {
    this.messager = messager;
  }

  void error(String message, Element element) {
    errors++;
    messager.printMessage(Kind.ERROR, message, element);
  }

  void error(String message, Element element, AnnotationMirror annotation) {
    errors++;
    messager.printMessage(Kind.ERROR, message, element, annotation);
  }

  void error(String message, Element element, AnnotationMirror annotation, AnnotationValue value) {
    errors++;
    messager.printMessage(Kind.ERROR, message, element, annotation, value);
  }

  void warning(String message, Element element) {
    messager.printMessage(Kind.WARNING, message, element);
  }

  /** The number of errors printed so far; compare before and after a step to see if it failed. */
  int errorCount() {
    return errors;
  }
}
