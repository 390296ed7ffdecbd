package dev.hooky.cli;

import java.net.URI;
import java.net.http.HttpRequest;
import picocli.CommandLine.Option;

/** The options of commands that talk to the admin API, defaulting from the environment. */
final class AdminApi {
  @Option(names = "--admin", paramLabel = "URL", description = "Admin API base URL. Default:"
      + " http://127.0.0.1:$HOOKY_ADMIN_PORT/api (8081).")
  String url;

  @Option(names = "--token", description = "Admin token. Default: $HOOKY_ADMIN_TOKEN.")
  String token;

  URI resolve(HookyCommand hooky, String path) {
    String base = url != null ? url
        : "http://127.0.0.1:" + hooky.env("HOOKY_ADMIN_PORT", "8081") + "/api";
    return URI.create(base.replaceAll("/+$", "") + path);
  }

  HttpRequest.Builder request(HookyCommand hooky, String path) {
    String bearer = token != null ? token : hooky.env("HOOKY_ADMIN_TOKEN", "");
    return HttpRequest.newBuilder(resolve(hooky, path)).header("Authorization", "Bearer " + bearer);
  }
}
