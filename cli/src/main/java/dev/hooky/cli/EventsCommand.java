package dev.hooky.cli;

import dev.hooky.customerio.Channel;
import dev.hooky.customerio.CustomerIoEventType;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code hooky events}: the catalog, with descriptions. */
@Command(name = "events", mixinStandardHelpOptions = true,
    description = "List the Customer.io events Hooky knows.")
final class EventsCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--channel", description = "Only this channel: customer, email, push, sms,"
      + " slack, webhook, in_app, whatsapp.")
  String channel;

  @Override
  public Integer call() {
    Channel only = null;
    if (channel != null) {
      only = Channel.fromObjectType(channel.toLowerCase(Locale.ROOT)).orElseThrow(() ->
          new picocli.CommandLine.ParameterException(spec.commandLine(),
              "no channel \"" + channel + "\"; channels: customer, email, push, sms, slack,"
                  + " webhook, in_app, whatsapp"));
    }
    PrintWriter out = spec.commandLine().getOut();
    for (CustomerIoEventType type : CustomerIoEventType.values()) {
      if (only == null || type.channel() == only) {
        out.printf("%-42s %s%n", type.eventName(), type.description());
      }
    }
    return 0;
  }
}
