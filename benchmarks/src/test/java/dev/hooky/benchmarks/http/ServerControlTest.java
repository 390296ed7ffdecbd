package dev.hooky.benchmarks.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The server side of the control channel, and what the driver reads from /proc. */
class ServerControlTest {
  @Test
  void announcesThePortAnswersCommandsAndStopsOnQuit() throws Exception {
    FakeTarget target = new FakeTarget();
    List<String> lines = serve(target, "handled\nwaiting\nwhat\nquit\nhandled\n");
    assertEquals(List.of("PORT 4242", "HANDLED 17", "WAITING 3",
        "ERROR unknown command \"what\"", "BYE"), lines);
    assertTrue(target.stopped);
  }

  @Test
  void theEndOfInputStopsTheServerToo() throws Exception {
    FakeTarget target = new FakeTarget();
    assertEquals(List.of("PORT 4242", "HANDLED 17"), serve(target, "handled\n"));
    assertTrue(target.stopped);
  }

  @Test
  void cpuTimesAndThreadNamesComeFromProcStatLines() {
    // The name may hold spaces and parentheses; fields are counted after the last ')'.
    String stat = "4242 (qtp1 (x) -7) S 1 4242 4242 0 -1 4194368 97 0 0 0 1234 567 0 0 20 0"
        + " 40 0 3190 7000000000 30000 18446744073709551615";
    assertEquals(1234 + 567, ServerCpu.cpuTicks(stat));
    assertEquals("qtp1 (x) -7", ServerCpu.threadName(stat));
    assertEquals("HTTP server", ServerCpu.group("qtp1 (x) -7"));
    assertEquals("HTTP server", ServerCpu.group("hooky-http-12"));
    assertEquals("HTTP server", ServerCpu.group("http-nio-127.0."));
    assertEquals("workers", ServerCpu.group("hooky-worker-1"));
    assertEquals("inbox writer", ServerCpu.group("hooky-inbox-wri"));
    assertEquals("other", ServerCpu.group("G1 Young RemSet"));
  }

  private static List<String> serve(ServerControl.Target target, String commands)
      throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ServerControl.serve(target, new BufferedReader(new StringReader(commands)),
        new PrintStream(out, true, StandardCharsets.UTF_8));
    return out.toString(StandardCharsets.UTF_8).lines().toList();
  }

  private static final class FakeTarget implements ServerControl.Target {
    boolean stopped;

    @Override
    public int port() {
      return 4242;
    }

    @Override
    public long handled() {
      return 17;
    }

    @Override
    public long waiting() {
      return 3;
    }

    @Override
    public void stop() {
      stopped = true;
    }
  }
}
