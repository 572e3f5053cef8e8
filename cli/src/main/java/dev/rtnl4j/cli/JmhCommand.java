package dev.rtnl4j.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code rtnl4j jmh [JMH OPTIONS] [REGEXP]}: runs the JMH benchmarks of the bench module
 * ({@code dev.rtnl4j.bench.jmh}, shaded into the CLI jar) with JMH's own command line, e.g.
 * {@code rtnl4j jmh NativeCall -f 1 -wi 3 -i 5 -prof gc}, {@code rtnl4j jmh -l} to list them.
 */
@Command(name = "jmh", mixinStandardHelpOptions = true,
    description = {"Run rtnl4j's JMH benchmarks (native call, netlink round trip, veth-create encode, link dump decode, "
        + "module resolution, container spec to nspawn argv) with JMH's options.",
        "Examples: rtnl4j jmh -l; rtnl4j jmh NativeCall -f 1 -wi 3 -i 5 -prof gc; rtnl4j jmh -jh for JMH's own help."})
final class JmhCommand implements Callable<Integer> {
  @CommandLine.Unmatched
  List<String> args = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    List<String> a = new ArrayList<>();
    for (String s : args) {
      a.add(s.equals("-jh") ? "-h" : s);
    }
    org.openjdk.jmh.Main.main(a.toArray(String[]::new));
    return 0;
  }
}
