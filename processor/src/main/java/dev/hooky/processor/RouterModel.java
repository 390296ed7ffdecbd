package dev.hooky.processor;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeName;
import java.util.List;

/**
 * The router to generate for one handler class.
 *
 * @param handlerClass the handler class
 * @param handlerType the type the router's constructor takes: the class, with wildcards if generic
 * @param routerClass the generated class, {@code <Outer_Inner>_CustomerIoRouter} in the same package
 * @param methods the handler methods in source order
 */
record RouterModel(
    ClassName handlerClass, TypeName handlerType, ClassName routerClass, List<HandlerMethod> methods) {

  static final String SUFFIX = "_CustomerIoRouter";

  RouterModel {
    methods = List.copyOf(methods);
  }

  static ClassName routerClassFor(ClassName handlerClass) {
    return ClassName.get(
        handlerClass.packageName(), String.join("_", handlerClass.simpleNames()) + SUFFIX);
  }
}
