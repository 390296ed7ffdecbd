package dev.hooky.cli;

import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code hooky replay}: one delivery, or every dead letter since a time. */
@Command(name = "replay", mixinStandardHelpOptions = true,
    description = "Replay a delivery (hooky replay EVENT_ID) or dead letters"
        + " (hooky replay --dead-letters --since 2h).")
final class ReplayCommand implements Callable<Integer> {
  @ParentCommand
  HookyCommand hooky;

  @Spec
  CommandSpec spec;

  @Mixin
  AdminApi api;

  @Parameters(index = "0", arity = "0..1", paramLabel = "EVENT_ID",
      description = "The event id of the delivery to replay.")
  String eventId;

  @Option(names = "--dead-letters", description = "Replay every dead letter since --since.")
  boolean deadLetters;

  @Option(names = "--since", description = "With --dead-letters: an instant or a time ago (2h).")
  String since;

  @Override
  public Integer call() throws IOException, InterruptedException {
    String path;
    if (deadLetters && eventId == null && since != null) {
      path = "/dead-letters/replay?since=" + URLEncoder.encode(since, StandardCharsets.UTF_8);
    } else if (!deadLetters && eventId != null && since == null) {
      path = "/deliveries/" + URLEncoder.encode(eventId, StandardCharsets.UTF_8) + "/replay";
    } else {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(),
          "give EVENT_ID, or --dead-letters with --since");
    }
    HttpResponse<String> response;
    try {
      response = HttpClient.newHttpClient().send(api.request(hooky, path)
          .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      spec.commandLine().getErr().println("could not reach " + api.resolve(hooky, path) + ": "
          + e.getMessage());
      return HookyCommand.FAILED;
    }
    spec.commandLine().getOut().println(response.statusCode() + " " + response.body());
    return response.statusCode() == 200 ? 0 : HookyCommand.FAILED;
  }
}
