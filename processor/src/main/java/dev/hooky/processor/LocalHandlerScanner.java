package dev.hooky.processor;

import com.sun.source.tree.AnnotationTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import dev.hooky.customerio.OnCustomerIoEvent;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.Element;
import javax.tools.Diagnostic.Kind;

/**
 * Finds {@code @OnCustomerIoEvent} methods in local and anonymous classes, which javac never hands
 * to a processor (they live inside method bodies) and which no generated router could name. Without
 * this scan such a handler would be silently ignored.
 *
 * <p>It reads javac's syntax trees, so it works only under javac; elsewhere (ECJ, or an environment
 * that wraps javac's) it does nothing.
 */
final class LocalHandlerScanner {
  private static final String SIMPLE_NAME = OnCustomerIoEvent.class.getSimpleName();
  private static final String QUALIFIED_NAME = OnCustomerIoEvent.class.getCanonicalName();

  private final Trees trees;

  private LocalHandlerScanner(Trees trees) {
    this.trees = trees;
  }

  /** A scanner, or {@code null} when the compiler offers no syntax trees. */
  static LocalHandlerScanner create(ProcessingEnvironment env) {
    try {
      return new LocalHandlerScanner(Trees.instance(env));
    } catch (IllegalArgumentException | LinkageError notJavac) {
      return null;
    }
  }

  /** Reports every handler method in a local or anonymous class within {@code root}. */
  void scan(Element root) {
    TreePath path = trees.getPath(root);
    if (path != null) {
      new Scanner(path.getCompilationUnit()).scan(path, null);
    }
  }

  private final class Scanner extends TreePathScanner<Void, Void> {
    private final CompilationUnitTree unit;
    /** "local" or "anonymous" while inside such a class (or a class nested in one), else null. */
    private String enclosingKind;

    Scanner(CompilationUnitTree unit) {
      this.unit = unit;
    }

    @Override
    public Void visitClass(ClassTree node, Void unused) {
      String outer = enclosingKind;
      if (enclosingKind == null) {
        Tree parent = getCurrentPath().getParentPath().getLeaf();
        if (parent instanceof NewClassTree) {
          enclosingKind = "anonymous";
        } else if (!(parent instanceof ClassTree) && !(parent instanceof CompilationUnitTree)) {
          enclosingKind = "local";
        }
      }
      try {
        return super.visitClass(node, unused);
      } finally {
        enclosingKind = outer;
      }
    }

    @Override
    public Void visitMethod(MethodTree node, Void unused) {
      if (enclosingKind != null) {
        for (AnnotationTree annotation : node.getModifiers().getAnnotations()) {
          String type = annotation.getAnnotationType().toString();
          if (type.equals(SIMPLE_NAME) || type.equals(QUALIFIED_NAME)) {
            trees.printMessage(Kind.ERROR, Messages.localClass(enclosingKind), annotation, unit);
          }
        }
      }
      return super.visitMethod(node, unused);
    }
  }
}
