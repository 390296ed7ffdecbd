package dev.hooky.runtime.inbox.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Proxy;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The parts of a group commit bind their parameters one after another into one statement: each
 * must start where it is told and answer where the next one starts, or the statement's
 * parameters shift (the order of parts in a group commit changes with what it holds).
 */
class PostgresBatchesBindingTest {
  private final List<Integer> bound = new ArrayList<>();

  @Test
  void eachPartBindsFromWhereItIsToldToJustBeforeTheIndexItAnswers() throws Exception {
    PostgresBatches.NewRows newRows = new PostgresBatches.NewRows(1);
    PostgresBatches.OutcomeRows outcomeRows = new PostgresBatches.OutcomeRows(1);
    List<PostgresBatches.Part> parts = List.of(
        new PostgresBatches.Release("owner", new Long[] {1L}),
        new PostgresBatches.Insert(newRows),
        new PostgresBatches.Outcomes("owner", outcomeRows),
        new PostgresBatches.Insert(newRows));

    int at = 3;
    for (PostgresBatches.Part part : parts) {
      bound.clear();
      int next = part.bind(statement(), at);

      assertEquals(at, (int) bound.get(0), part.getClass().getSimpleName());
      assertEquals(next - 1, (int) bound.get(bound.size() - 1), part.getClass().getSimpleName());
      assertEquals(next - at, bound.size(), "no gap, no parameter twice");
      assertEquals(next - at, placeholders(part.sql()), "as many as its SQL has");
      at = next;
    }
  }

  private static int placeholders(String sql) {
    return (int) sql.chars().filter(c -> c == '?').count();
  }

  private PreparedStatement statement() {
    Connection connection = (Connection) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {Connection.class}, (proxy, method, arguments) -> {
          if (method.getName().equals("createArrayOf")) {
            return Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {Array.class}, (array, m, a) -> null);
          }
          throw new UnsupportedOperationException(method.getName());
        });
    return (PreparedStatement) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {PreparedStatement.class}, (proxy, method, arguments) -> {
          if (method.getName().equals("getConnection")) {
            return connection;
          }
          if (method.getName().startsWith("set")) {
            bound.add((Integer) arguments[0]);
            return null;
          }
          throw new UnsupportedOperationException(method.getName());
        });
  }
}
