package dev.hooky.processor;

import com.palantir.javapoet.ClassName;
import dev.hooky.Delivery;
import dev.hooky.customerio.OnCustomerIoEvent;
import dev.hooky.customerio.event.CustomerIoEvent;
import dev.hooky.processor.HandlerMethod.Argument;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Checks a handler class and its {@code @OnCustomerIoEvent} methods against the rules in {@link
 * OnCustomerIoEvent}'s documentation, reporting every broken rule once, where it is broken.
 */
final class HandlerValidator {
  private static final Set<Modifier> FORBIDDEN_MODIFIERS =
      Set.of(Modifier.PRIVATE, Modifier.STATIC, Modifier.ABSTRACT);

  private final Types types;
  private final Elements elements;
  private final Diagnostics diagnostics;
  private final EventParameterFit parameterFit;
  private final TypeMirror eventType;
  private final TypeMirror deliveryType;
  private final TypeMirror completionStageType;
  private final TypeMirror exceptionType;

  HandlerValidator(ProcessingEnvironment env, Diagnostics diagnostics) {
    this.types = env.getTypeUtils();
    this.elements = env.getElementUtils();
    this.diagnostics = diagnostics;
    this.parameterFit = new EventParameterFit(types, elements);
    this.eventType = typeOf(CustomerIoEvent.class);
    this.deliveryType = typeOf(Delivery.class);
    this.completionStageType = types.erasure(typeOf(CompletionStage.class));
    this.exceptionType = typeOf(Exception.class);
  }

  /** Whether a router for {@code handlerClass} can exist; reports on the class if not. */
  boolean validateClass(TypeElement handlerClass, List<ExecutableElement> methods) {
    if (!handlerClass.getKind().isClass()) {
      String kind = handlerClass.getKind().name().toLowerCase().replace('_', ' ');
      for (ExecutableElement method : methods) {
        diagnostics.error(Messages.notInClass(describe(method), kind), method);
      }
      return false;
    }
    for (Element type = handlerClass; type instanceof TypeElement;
        type = type.getEnclosingElement()) {
      NestingKind nesting = ((TypeElement) type).getNestingKind();
      if (nesting == NestingKind.LOCAL || nesting == NestingKind.ANONYMOUS) {
        diagnostics.error(Messages.localClass(nesting.name().toLowerCase()), handlerClass);
        return false;
      }
      if (type.getModifiers().contains(Modifier.PRIVATE)) {
        diagnostics.error(Messages.privateClass(displayName(ClassName.get((TypeElement) type))),
            handlerClass);
        return false;
      }
    }
    return true;
  }

  /** The method as a model, or {@code null} after reporting why it is not a valid handler. */
  HandlerMethod validateMethod(ExecutableElement method) {
    int errorsBefore = diagnostics.errorCount();
    AnnotationMirror annotation = annotationOn(method);
    String name = describe(method);

    for (Modifier modifier : method.getModifiers()) {
      if (FORBIDDEN_MODIFIERS.contains(modifier)) {
        diagnostics.error(Messages.modifier(name, modifier.toString()), method);
      }
    }
    EventSelection selection = readSelection(method, annotation);
    if (!method.getTypeParameters().isEmpty()) {
      // Type variables would also break the checks below: one error says it all.
      diagnostics.error(Messages.generic(name), method);
      return null;
    }
    boolean async = checkReturnType(method, name);
    checkThrows(method, name);
    List<Argument> arguments = new ArrayList<>();
    VariableElement eventParameter = readParameters(method, name, arguments);

    if (selection != null && eventParameter != null) {
      String mismatch = parameterFit.mismatch(name, eventParameter.asType(), selection);
      if (mismatch != null) {
        diagnostics.error(mismatch, eventParameter);
      }
    }
    if (diagnostics.errorCount() != errorsBefore) {
      return null;
    }
    ClassName eventClass = ClassName.get((TypeElement) types.asElement(eventParameter.asType()));
    return new HandlerMethod(
        method.getSimpleName().toString(), name, eventClass, arguments, async, selection);
  }

  private EventSelection readSelection(ExecutableElement method, AnnotationMirror annotation) {
    List<AnnotationValue> values = AnnotationValues.stringArray(annotation, "value");
    List<String> names = values.stream()
        .map(value -> String.valueOf(value.getValue()))
        .collect(Collectors.toList());
    EventNames.Result result = EventNames.read(names);
    for (EventNames.Problem problem : result.problems()) {
      if (problem.index() < 0) {
        diagnostics.error(problem.message(), method, annotation);
      } else {
        diagnostics.error(problem.message(), method, annotation, values.get(problem.index()));
      }
    }
    return result.selection();
  }

  /** Whether the method is asynchronous; reports an unsupported return type. */
  private boolean checkReturnType(ExecutableElement method, String name) {
    TypeMirror returnType = method.getReturnType();
    if (returnType.getKind() == TypeKind.VOID) {
      return false;
    }
    if (returnType.getKind() == TypeKind.DECLARED
        && types.isAssignable(types.erasure(returnType), completionStageType)) {
      return true;
    }
    diagnostics.error(Messages.unsupportedReturnType(name, returnType.toString()), method);
    return false;
  }

  private void checkThrows(ExecutableElement method, String name) {
    for (TypeMirror thrown : method.getThrownTypes()) {
      if (!types.isAssignable(thrown, exceptionType)
          && !types.isAssignable(thrown, typeOf(Error.class))) {
        diagnostics.error(Messages.unsupportedThrows(name, thrown.toString()), method);
      }
    }
  }

  /** The event parameter, or {@code null}; fills {@code arguments} and reports problems. */
  private VariableElement readParameters(
      ExecutableElement method, String name, List<Argument> arguments) {
    VariableElement event = null;
    boolean delivery = false;
    boolean valid = true;
    for (VariableElement parameter : method.getParameters()) {
      TypeMirror type = parameter.asType();
      String parameterName = parameter.getSimpleName().toString();
      if (types.isSameType(type, deliveryType)) {
        if (delivery) {
          diagnostics.error(Messages.secondDeliveryParameter(name, parameterName), parameter);
          valid = false;
        }
        delivery = true;
        arguments.add(Argument.DELIVERY);
      } else if (type.getKind() == TypeKind.DECLARED && types.isAssignable(type, eventType)) {
        if (event != null) {
          diagnostics.error(Messages.secondEventParameter(name, parameterName), parameter);
          valid = false;
        }
        event = event != null ? event : parameter;
        arguments.add(Argument.EVENT);
      } else {
        diagnostics.error(
            Messages.unsupportedParameter(name, parameterName, type.toString()), parameter);
        valid = false;
      }
    }
    if (event == null && valid) {
      diagnostics.error(Messages.missingEventParameter(name), method);
    }
    return valid ? event : null;
  }

  static AnnotationMirror annotationOn(Element method) {
    for (AnnotationMirror mirror : method.getAnnotationMirrors()) {
      TypeElement type = (TypeElement) mirror.getAnnotationType().asElement();
      if (type.getQualifiedName().contentEquals(OnCustomerIoEvent.class.getCanonicalName())) {
        return mirror;
      }
    }
    throw new IllegalStateException(method + " has no @OnCustomerIoEvent");
  }

  /** {@code Handlers.smsDelivered(SmsEvent)}: how messages and Live Logs name a method. */
  static String describe(ExecutableElement method) {
    String parameters = method.getParameters().stream()
        .map(parameter -> simpleName(parameter.asType()))
        .collect(Collectors.joining(", "));
    return displayName(ClassName.get((TypeElement) method.getEnclosingElement())) + "."
        + method.getSimpleName() + "(" + parameters + ")";
  }

  private static String simpleName(TypeMirror type) {
    String name = type.toString();
    int generics = name.indexOf('<');
    String raw = generics < 0 ? name : name.substring(0, generics);
    return raw.substring(raw.lastIndexOf('.') + 1);
  }

  private static String displayName(ClassName type) {
    return String.join(".", type.simpleNames());
  }

  private TypeMirror typeOf(Class<?> type) {
    return elements.getTypeElement(type.getCanonicalName()).asType();
  }
}
