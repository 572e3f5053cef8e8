package dev.rtnl4j.cli;

import dev.rtnl4j.kmod.KmodException;
import dev.rtnl4j.kmod.LinkKindModules;
import dev.rtnl4j.kmod.ModuleSettings;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code rtnl4j preload KIND...}: makes link kinds available before containers start (loads
 * {@code rtnl-link-KIND}, {@code char-major-10-200} for tun/tap), and says per kind whether it
 * was loaded, already live, built in, or why it is not available. Exit status 1 when a kind is
 * not available.
 */
@Command(name = "preload", sortOptions = false,
    description = "Load the modules of link kinds (veth, bridge, macvlan, ipvlan, tun, tap, vxlan, dummy, vlan).")
public final class PreloadCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "KIND", arity = "1..*", description = "Link kinds.")
  List<String> kinds = new ArrayList<>();

  @Option(names = {"-S", "--set-version"}, paramLabel = "RELEASE", description = "Kernel release instead of uname -r.")
  String release;

  @Option(names = {"-d", "--dirname"}, paramLabel = "ROOT", description = "Root directory of /lib/modules.")
  String root;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
  boolean help;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      String rel = release != null ? release : ModuleSettings.runningRelease();
      ModuleSettings s = ModuleSettings.forRelease(rel);
      if (root != null) {
        s = s.withModuleDirectory(Path.of(root + "/lib/modules/" + rel));
      }
      int status = 0;
      for (LinkKindModules.KindReport r : LinkKindModules.preload(s, kinds)) {
        out.println(r.kind() + " (" + r.alias() + "): " + r.status().name().toLowerCase(java.util.Locale.ROOT)
            .replace('_', ' ') + (r.detail().isEmpty() ? "" : " — " + r.detail()));
        if (r.status() == LinkKindModules.Status.NOT_AVAILABLE) {
          status = 1;
        }
      }
      return status;
    } catch (KmodException e) {
      err.println("preload: " + e.getMessage());
      return 1;
    } finally {
      out.flush();
      err.flush();
    }
  }
}
