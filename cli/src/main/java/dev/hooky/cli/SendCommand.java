package dev.hooky.cli;

import dev.hooky.testkit.CustomerIoFixture;
import dev.hooky.testkit.CustomerIoFixtures;
import dev.hooky.testkit.CustomerIoSigner;
import dev.hooky.testkit.FixtureBuilder;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code hooky send}: builds an event (or reads one), signs it as Customer.io would, posts it. */
@Command(name = "send", mixinStandardHelpOptions = true,
    description = "Send a correctly signed test event, e.g. hooky send sms_delivered")
final class SendCommand implements Callable<Integer> {
  @ParentCommand
  HookyCommand hooky;

  @Spec
  CommandSpec spec;

  @Parameters(index = "0", arity = "0..1", paramLabel = "EVENT",
      description = "Event name from the catalog (hooky events), e.g. sms_delivered.")
  String eventName;

  @Option(names = "--url", description = "Webhook URL. Default: http://localhost:$HOOKY_PORT"
      + "$HOOKY_PATH (8080, /webhooks/customerio).")
  String url;

  @Option(names = "--key", description = "Signing key. Default: the first of"
      + " $CUSTOMERIO_WEBHOOK_SIGNING_KEYS.")
  String key;

  @Option(names = "--set", paramLabel = "PATH=VALUE",
      description = "Set a field, e.g. --set data.customer_id=42 (JSON literals are kept as such).")
  List<String> sets = new ArrayList<>();

  @Option(names = "--file", description = "Send this JSON body instead of a built event.")
  Path file;

  @Option(names = "--count", defaultValue = "1", description = "How many events (each new).")
  int count;

  @Override
  public Integer call() throws IOException, InterruptedException {
    if ((eventName == null) == (file == null)) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(),
          "name an EVENT or give --file, not both");
    }
    String signingKey = key != null ? key
        : hooky.env("CUSTOMERIO_WEBHOOK_SIGNING_KEYS", "").split(",")[0].trim();
    if (signingKey.isEmpty()) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(),
          "no signing key: pass --key or set CUSTOMERIO_WEBHOOK_SIGNING_KEYS");
    }
    URI target = URI.create(url != null ? url : "http://localhost:"
        + hooky.env("HOOKY_PORT", "8080") + hooky.env("HOOKY_PATH", "/webhooks/customerio"));
    HttpClient http = HttpClient.newHttpClient();
    boolean allOk = true;
    for (int i = 0; i < count; i++) {
      byte[] body = body();
      long start = System.nanoTime();
      HttpRequest.Builder request = HttpRequest.newBuilder(target)
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofByteArray(body));
      for (Map.Entry<String, String> header
          : CustomerIoSigner.headers(body, signingKey, Instant.now()).entrySet()) {
        request.header(header.getKey(), header.getValue());
      }
      HttpResponse<String> response;
      try {
        response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      } catch (IOException e) {
        spec.commandLine().getErr().println("could not reach " + target + ": " + e.getMessage());
        return HookyCommand.FAILED;
      }
      long millis = (System.nanoTime() - start) / 1_000_000;
      spec.commandLine().getOut().printf("%d %s (%d ms) %s%n", response.statusCode(),
          response.body().strip(), millis, target);
      allOk &= response.statusCode() / 100 == 2;
    }
    return allOk ? 0 : HookyCommand.FAILED;
  }

  private byte[] body() throws IOException {
    if (file != null) {
      return Files.readAllBytes(file);
    }
    FixtureBuilder builder;
    try {
      builder = CustomerIoFixtures.named(eventName);
    } catch (IllegalArgumentException e) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    for (String set : sets) {
      int equals = set.indexOf('=');
      if (equals <= 0) {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(),
            "--set takes PATH=VALUE, e.g. data.customer_id=42; got " + set);
      }
      builder.set(set.substring(0, equals), set.substring(equals + 1));
    }
    CustomerIoFixture fixture = builder.build();
    return fixture.bytes();
  }
}
