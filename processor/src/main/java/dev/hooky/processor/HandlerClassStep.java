package dev.hooky.processor;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.WildcardTypeName;
import dev.hooky.customerio.OnCustomerIoEvent;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.annotation.processing.Filer;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;

/** Reads, validates, models and writes the router of one handler class. */
final class HandlerClassStep {
  private final Filer filer;
  private final Diagnostics diagnostics;
  private final HandlerValidator validator;
  private final RouterWriter writer;

  HandlerClassStep(ProcessingEnvironment env, Diagnostics diagnostics, RouterWriter writer) {
    this.filer = env.getFiler();
    this.diagnostics = diagnostics;
    this.validator = new HandlerValidator(env, diagnostics);
    this.writer = writer;
  }

  /**
   * Processes {@code handlerClass}; returns {@code false} when it must wait for a later round
   * because its methods mention types that do not exist yet.
   */
  boolean process(TypeElement handlerClass) {
    List<ExecutableElement> methods = new ArrayList<>();
    for (ExecutableElement method : ElementFilter.methodsIn(handlerClass.getEnclosedElements())) {
      if (method.getAnnotation(OnCustomerIoEvent.class) != null) {
        methods.add(method);
      }
    }
    if (methods.stream().anyMatch(HandlerClassStep::mentionsMissingTypes)) {
      return false;
    }
    if (!validator.validateClass(handlerClass, methods)) {
      return true;
    }
    List<HandlerMethod> handlers = new ArrayList<>();
    for (ExecutableElement method : methods) {
      HandlerMethod handler = validator.validateMethod(method);
      if (handler != null) {
        handlers.add(handler);
      }
    }
    // A router for some of the methods would route events to the wrong place; write none.
    if (handlers.size() == methods.size()) {
      write(new RouterModel(ClassName.get(handlerClass), handlerType(handlerClass),
          RouterModel.routerClassFor(ClassName.get(handlerClass)), handlers), handlerClass);
    }
    return true;
  }

  private void write(RouterModel model, TypeElement handlerClass) {
    JavaFile file = writer.write(model, handlerClass);
    try {
      file.writeTo(filer);
    } catch (IOException e) {
      diagnostics.error(
          Messages.couldNotWrite(model.routerClass().canonicalName(), e.getMessage()),
          handlerClass);
    }
  }

  /** The class, with wildcards for its type parameters, so the router uses no raw type. */
  private static TypeName handlerType(TypeElement handlerClass) {
    ClassName raw = ClassName.get(handlerClass);
    int parameters = handlerClass.getTypeParameters().size();
    if (parameters == 0) {
      return raw;
    }
    TypeName[] wildcards = new TypeName[parameters];
    Arrays.fill(wildcards, WildcardTypeName.subtypeOf(Object.class));
    return ParameterizedTypeName.get(raw, wildcards);
  }

  private static boolean mentionsMissingTypes(ExecutableElement method) {
    List<TypeMirror> mentioned = new ArrayList<>();
    mentioned.add(method.getReturnType());
    method.getParameters().forEach(parameter -> mentioned.add(parameter.asType()));
    mentioned.addAll(method.getThrownTypes());
    return mentioned.stream().anyMatch(type -> type.getKind() == TypeKind.ERROR);
  }
}
