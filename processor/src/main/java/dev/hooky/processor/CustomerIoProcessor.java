package dev.hooky.processor;

import com.google.auto.service.AutoService;
import dev.hooky.customerio.OnCustomerIoEvent;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;

/**
 * Generates a {@code <Class>_CustomerIoRouter} for every class with {@link OnCustomerIoEvent}
 * methods, after checking each method against the annotation's rules.
 *
 * <p>Options:
 *
 * <ul>
 *   <li>{@code -Ahooky.generated=false}: leave out {@code @javax.annotation.processing.Generated},
 *       for modular builds that do not {@code requires static java.compiler}.
 * </ul>
 *
 * <p>Each router depends on its handler class alone (Gradle: isolating). A class whose methods
 * mention types that do not exist yet, perhaps because another processor generates them, is retried
 * in the next round.
 */
@AutoService(Processor.class)
public final class CustomerIoProcessor extends AbstractProcessor {
  static final String GENERATED_OPTION = "hooky.generated";

  /** Handler classes to retry next round, by qualified name: elements do not outlive a round. */
  private final Set<String> deferred = new TreeSet<>();
  /** Handler classes already done, so no router is written twice. */
  private final Set<String> processed = new TreeSet<>();
  /** Tests supply a writer that fails, to see a crash reported; otherwise made in init. */
  private final RouterWriter writerOverride;
  private HandlerClassStep step;
  private Diagnostics diagnostics;
  private LocalHandlerScanner localHandlerScanner;

  public CustomerIoProcessor() {
    this(null);
  }

  CustomerIoProcessor(RouterWriter writerOverride) {
    this.writerOverride = writerOverride;
  }

  @Override
  public synchronized void init(ProcessingEnvironment env) {
    super.init(env);
    diagnostics = new Diagnostics(env.getMessager());
    boolean addGenerated = !"false".equals(env.getOptions().get(GENERATED_OPTION))
        && env.getElementUtils().getTypeElement(RouterWriter.GENERATED.canonicalName()) != null;
    RouterWriter writer = writerOverride != null ? writerOverride : new RouterWriter(addGenerated);
    step = new HandlerClassStep(env, diagnostics, writer);
    localHandlerScanner = LocalHandlerScanner.create(env);
  }

  /**
   * Every annotation, not just {@code @OnCustomerIoEvent}: javac calls a processor only for the
   * annotations it sees, and it never sees those inside method bodies, so a handler in a local or
   * anonymous class would otherwise go unreported (see {@link LocalHandlerScanner}).
   */
  @Override
  public Set<String> getSupportedAnnotationTypes() {
    return Set.of("*");
  }

  @Override
  public Set<String> getSupportedOptions() {
    return Set.of(GENERATED_OPTION);
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    Map<String, TypeElement> handlerClasses = new LinkedHashMap<>();
    for (String name : deferred) {
      TypeElement type = processingEnv.getElementUtils().getTypeElement(name);
      if (type != null) {
        handlerClasses.put(name, type);
      }
    }
    deferred.clear();
    for (Element method : round.getElementsAnnotatedWith(OnCustomerIoEvent.class)) {
      if (method.getEnclosingElement() instanceof TypeElement) {
        TypeElement type = (TypeElement) method.getEnclosingElement();
        handlerClasses.putIfAbsent(type.getQualifiedName().toString(), type);
      }
    }
    new TreeSet<>(handlerClasses.keySet()).forEach(name -> processSafely(handlerClasses.get(name)));
    if (localHandlerScanner != null) {
      for (Element root : round.getRootElements()) {
        try {
          localHandlerScanner.scan(root);
        } catch (RuntimeException | LinkageError e) {
          reportCrash(root.toString(), e, root);
        }
      }
    }

    // Classes still waiting at the end mention types that never appeared: javac reports those
    // itself ("cannot find symbol"), so a message of ours would only repeat it.
    // Never claim the annotation: other processors may want it too.
    return false;
  }

  private void processSafely(TypeElement type) {
    String name = type.getQualifiedName().toString();
    if (processed.contains(name)) {
      return;
    }
    try {
      if (step.process(type)) {
        processed.add(name);
      } else {
        deferred.add(name);
      }
    } catch (RuntimeException | LinkageError e) {
      processed.add(name);
      reportCrash(name, e, type);
    }
  }

  private void reportCrash(String what, Throwable e, Element element) {
    StringWriter trace = new StringWriter();
    e.printStackTrace(new PrintWriter(trace));
    diagnostics.error(Messages.crash(what, trace.toString()), element);
  }
}
