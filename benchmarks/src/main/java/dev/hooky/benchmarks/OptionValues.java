package dev.hooky.benchmarks;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The raw values of a benchmark's options: {@code --key=value} arguments over system properties
 * {@code -Dhooky.bench.key=value}; the command line wins. Typed getters check the values and say
 * which option is wrong.
 */
public final class OptionValues {
  private static final String PROPERTY_PREFIX = "hooky.bench.";

  private final Map<String, String> values;

  private OptionValues(Map<String, String> values) {
    this.values = values;
  }

  /**
   * Reads the options named {@code keys}.
   *
   * @throws IllegalArgumentException for an argument that is not {@code --key=value} or names an
   *     unknown option
   */
  public static OptionValues parse(List<String> keys, String... args) {
    Map<String, String> values = new LinkedHashMap<>();
    for (String key : keys) {
      String property = System.getProperty(PROPERTY_PREFIX + key);
      if (property != null) {
        values.put(key, property);
      }
    }
    for (String arg : args) {
      int equals = arg.indexOf('=');
      if (!arg.startsWith("--") || equals < 0) {
        throw new IllegalArgumentException("expected --key=value, got \"" + arg + "\"");
      }
      String key = arg.substring(2, equals);
      if (!keys.contains(key)) {
        throw new IllegalArgumentException("unknown option --" + key);
      }
      values.put(key, arg.substring(equals + 1));
    }
    return new OptionValues(values);
  }

  public String string(String key, String fallback) {
    return values.getOrDefault(key, fallback);
  }

  /** A whole number of at least 1. */
  public int positive(String key, int fallback) {
    int value = integer(key, fallback);
    if (value < 1) {
      throw new IllegalArgumentException("--" + key + " must be at least 1, was " + value);
    }
    return value;
  }

  /** A whole number of at least 0. */
  public int atLeastZero(String key, int fallback) {
    int value = integer(key, fallback);
    if (value < 0) {
      throw new IllegalArgumentException("--" + key + " must not be negative, was " + value);
    }
    return value;
  }

  /** A number, fractions allowed, of at least 0. */
  public double number(String key, double fallback) {
    String value = values.get(key);
    if (value == null) {
      return fallback;
    }
    double number;
    try {
      number = Double.parseDouble(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + key + " must be a number, was \"" + value + "\"",
          e);
    }
    if (!(number >= 0) || Double.isInfinite(number)) {
      throw new IllegalArgumentException("--" + key + " must not be negative, was " + value);
    }
    return number;
  }

  private int integer(String key, int fallback) {
    String value = values.get(key);
    if (value == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + key + " must be a whole number, was \""
          + value + "\"", e);
    }
  }

  /** Reads a benchmark's options from its command line. */
  @FunctionalInterface
  public interface Parser<T> {
    T parse(String[] args);
  }

  /**
   * The options of a benchmark's {@code main}: null after printing {@code usage} for {@code --help};
   * on a wrong option, says what is wrong and exits with status 2.
   */
  public static <T> T parseOrExit(String[] args, String usage, Parser<T> parser) {
    if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
      System.out.println(usage);
      return null;
    }
    try {
      return parser.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println();
      System.err.println(usage);
      System.exit(2);
      return null;
    }
  }
}
