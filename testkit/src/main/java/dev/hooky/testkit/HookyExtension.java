package dev.hooky.testkit;

import dev.hooky.runtime.Hooky;
import dev.hooky.runtime.HookyServer;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/** The extension behind {@link HookyTest}. */
public final class HookyExtension implements BeforeEachCallback, AfterEachCallback,
    ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(HookyExtension.class);

  @Override
  public void beforeEach(ExtensionContext context) throws IllegalAccessException {
    Object test = context.getRequiredTestInstance();
    List<Object> handlers = new ArrayList<>();
    for (Class<?> type = test.getClass(); type != Object.class; type = type.getSuperclass()) {
      for (Field field : type.getDeclaredFields()) {
        if (field.isAnnotationPresent(HookyHandler.class)) {
          field.setAccessible(true);
          Object handler = field.get(test);
          if (handler == null) {
            throw new IllegalStateException("@HookyHandler field " + field.getName()
                + " is null: initialise it where it is declared");
          }
          handlers.add(handler);
        }
      }
    }
    HookyServer server = Hooky.server()
        .port(0).host("127.0.0.1").adminPort(-1).inbox("memory")
        .signingKeys(HookyClient.TEST_KEY)
        .handlers(handlers.toArray())
        .start();
    context.getStore(NAMESPACE).put(HookyServer.class, server);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    HookyServer server = context.getStore(NAMESPACE).remove(HookyServer.class, HookyServer.class);
    if (server != null) {
      server.close();
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == HookyClient.class || type == HookyServer.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    HookyServer server = context.getStore(NAMESPACE).get(HookyServer.class, HookyServer.class);
    if (server == null) {
      throw new ParameterResolutionException("Hooky is not running: HookyClient and HookyServer"
          + " parameters are for test methods of a @HookyTest class");
    }
    return parameter.getParameter().getType() == HookyServer.class
        ? server : new HookyClient(server);
  }
}
