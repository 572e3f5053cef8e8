package dev.rtnl4j.netns;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs iproute2 (argv, no shell) as the witness of what the kernel holds. */
final class IpTool {
  private IpTool() {}

  /** Runs the command, fails with its output unless it exits 0, returns stdout. */
  static String run(String... argv) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(List.of(argv)).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int rc = p.waitFor();
    if (rc != 0) {
      throw new AssertionError(String.join(" ", argv) + " exited " + rc + ": " + out);
    }
    return out;
  }

  /** The names {@code ip -j netns list} shows. */
  static List<String> netnsNames() throws IOException, InterruptedException {
    String json = run("ip", "-j", "netns", "list");
    List<String> names = new ArrayList<>();
    Matcher m = Pattern.compile("\"name\":\"([^\"]*)\"").matcher(json);
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }
}
