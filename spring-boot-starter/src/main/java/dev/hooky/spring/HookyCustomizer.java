package dev.hooky.spring;

import dev.hooky.runtime.HookyBuilder;

/**
 * Adjusts Hooky's builder beyond the {@code hooky.*} properties (delivery mode, retry policy, body
 * limits, an observer...): declare one as a bean. Runs after the properties are applied.
 */
@FunctionalInterface
public interface HookyCustomizer {
  void customize(HookyBuilder builder);
}
