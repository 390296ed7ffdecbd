package dev.hooky.spring;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Reports a {@link HookyStartupException} as what is wrong and which property to set. */
public class HookyStartupFailureAnalyzer extends AbstractFailureAnalyzer<HookyStartupException> {
  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, HookyStartupException cause) {
    return new FailureAnalysis("Hooky cannot start: " + cause.getCause().getMessage(),
        "Set the hooky.* properties (hooky.signing-keys, hooky.inbox, hooky.path,"
            + " hooky.admin.*), in application.properties or as environment variables"
            + " (HOOKY_SIGNING_KEYS, ...).", cause);
  }
}
