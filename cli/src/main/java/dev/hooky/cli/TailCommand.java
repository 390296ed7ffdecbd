package dev.hooky.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.Ansi;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code hooky tail}: one line per delivery and rejection as they happen (Live Logs' stream). */
@Command(name = "tail", mixinStandardHelpOptions = true,
    description = "Print deliveries and rejections as they arrive.")
final class TailCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @ParentCommand
  HookyCommand hooky;

  @Spec
  CommandSpec spec;

  @Mixin
  AdminApi api;

  @Option(names = "--event", description = "Only these events (names, or channel wildcards such"
      + " as email_*).")
  List<String> events = new ArrayList<>();

  @Option(names = "--max", hidden = true, defaultValue = "0",
      description = "Stop after this many lines (0: never).")
  int max;

  @Override
  public Integer call() throws IOException, InterruptedException {
    HttpResponse<InputStream> response;
    try {
      response = HttpClient.newHttpClient().send(api.request(hooky, "/stream").GET().build(),
          HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      spec.commandLine().getErr().println("could not reach " + api.resolve(hooky, "/stream")
          + ": " + e.getMessage());
      return HookyCommand.FAILED;
    }
    if (response.statusCode() != 200) {
      spec.commandLine().getErr().println(response.statusCode() + ": "
          + new String(response.body().readAllBytes(), StandardCharsets.UTF_8).strip());
      return HookyCommand.FAILED;
    }
    PrintWriter out = spec.commandLine().getOut();
    int printed = 0;
    try (BufferedReader lines = new BufferedReader(
        new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      String type = null;
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        if (line.startsWith("event: ")) {
          type = line.substring("event: ".length());
        } else if (line.startsWith("data: ") && type != null) {
          String text = format(type, JSON.readTree(line.substring("data: ".length())));
          if (text != null) {
            out.println(text);
            out.flush();
            if (max > 0 && ++printed >= max) {
              return 0;
            }
          }
        }
      }
    }
    return 0;
  }

  private String format(String type, JsonNode event) {
    Ansi ansi = spec.commandLine().getColorScheme().ansi();
    if (type.equals("rejection")) {
      return ansi.string("@|red " + event.path("at").asText() + " rejected "
          + event.path("status").asText() + " " + event.path("reason").asText() + "|@");
    }
    String name = event.path("event").asText(null);
    if (type.equals("delivery") && matches(name)) {
      String status = event.path("status").asText();
      String color = status.equals("pending") ? "green" : "yellow";
      return ansi.string(event.path("receivedAt").asText() + " @|" + color + " " + status
          + "|@ " + name + " " + event.path("eventId").asText());
    }
    if (type.equals("attempt") && events.isEmpty()) {
      boolean ok = event.path("outcome").asText().equals("succeeded");
      return ansi.string("  @|" + (ok ? "green handled" : "red failed") + "|@ "
          + event.path("eventId").asText());
    }
    return null;
  }

  private boolean matches(String name) {
    if (events.isEmpty()) {
      return true;
    }
    for (String pattern : events) {
      if (pattern.endsWith("*") ? name != null && name.startsWith(
          pattern.substring(0, pattern.length() - 1)) : pattern.equals(name)) {
        return true;
      }
    }
    return false;
  }
}
