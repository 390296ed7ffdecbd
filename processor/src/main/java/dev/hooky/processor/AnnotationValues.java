package dev.hooky.processor;

import java.util.List;
import java.util.Map;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.ExecutableElement;

/** Reads annotation members through the mirror, so each value keeps its source position. */
final class AnnotationValues {
  private AnnotationValues() {}

  /** The entries of the {@code String[]} member {@code name}, each as written in the source. */
  @SuppressWarnings("unchecked") // javac represents an array member as List<AnnotationValue>.
  static List<AnnotationValue> stringArray(AnnotationMirror annotation, String name) {
    for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> entry
        : annotation.getElementValues().entrySet()) {
      if (entry.getKey().getSimpleName().contentEquals(name)) {
        Object value = entry.getValue().getValue();
        return value instanceof List<?>
            ? (List<AnnotationValue>) value
            : List.of(entry.getValue());
      }
    }
    return List.of();
  }
}
