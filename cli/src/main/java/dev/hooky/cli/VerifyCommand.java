package dev.hooky.cli;

import dev.hooky.testkit.CustomerIoSigner;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code hooky verify}: does this captured request verify, and if not, why not? */
@Command(name = "verify", mixinStandardHelpOptions = true,
    description = "Check a captured request's signature and explain a mismatch.")
final class VerifyCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--key", required = true, description = "The signing key.")
  String key;

  @Option(names = "--timestamp", required = true, description = "X-CIO-Timestamp, as sent.")
  String timestamp;

  @Option(names = "--signature", required = true, description = "X-CIO-Signature, as sent.")
  String signature;

  @Option(names = "--body", required = true, paramLabel = "FILE",
      description = "The raw body, exactly as received; - reads standard input.")
  String body;

  @Override
  public Integer call() throws IOException, NoSuchAlgorithmException {
    byte[] bytes = body.equals("-") ? System.in.readAllBytes() : Files.readAllBytes(Path.of(body));
    PrintWriter out = spec.commandLine().getOut();
    String expected = CustomerIoSigner.signature(key, timestamp, bytes);
    String trimmed = signature.trim();
    // As Hooky does: surrounding whitespace and letter case do not matter.
    if (MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
        trimmed.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII))) {
      out.println("verified: the signature matches this key, timestamp and body");
      return 0;
    }
    out.println("NOT verified: the signature does not match. Likely causes:");
    if (!trimmed.matches("[0-9a-fA-F]{64}")) {
      out.println("- the signature is not 64 hex characters (" + trimmed.length()
          + " characters): copy the X-CIO-Signature header's value alone");
    }
    if (!key.equals(key.strip())) {
      out.println("- the key has leading or trailing whitespace");
    }
    String lowerKey = key.strip().toLowerCase(Locale.ROOT);
    if (lowerKey.startsWith("bearer ") || lowerKey.startsWith("basic ")) {
      out.println("- the key starts with an authorization scheme; use the bare key");
    }
    if (timestamp.matches("\\d{1,12}")) {
      long skew = Instant.now().getEpochSecond() - Long.parseLong(timestamp);
      out.println("- timestamp skew: " + skew + " s (Hooky accepts 300 s by default); a stale"
          + " timestamp does not change the signature, but a re-typed one does");
    } else {
      out.println("- the timestamp is not unix seconds: " + timestamp);
    }
    out.println("- body: " + bytes.length + " bytes, SHA-256 " + HexFormat.of().formatHex(
        MessageDigest.getInstance("SHA-256").digest(bytes)) + "; compare with what was signed"
        + " (a proxy or a pretty-printer changing whitespace breaks the signature)");
    out.println("- or the key is another workspace's, or a webhook action's key");
    return HookyCommand.FAILED;
  }
}
