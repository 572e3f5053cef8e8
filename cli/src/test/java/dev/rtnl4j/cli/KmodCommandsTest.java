package dev.rtnl4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rtnl4j.testkit.DebianKernel;
import dev.rtnl4j.testkit.Require;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class KmodCommandsTest {
  record Run(String out, String err, int status) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(new Main()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err));
    cl.setExitCodeExceptionMapper(t -> 1);
    int status = cl.execute(args);
    return new Run(out.toString(), err.toString(), status);
  }

  @Test
  void kernelConfigCheckSaysWhichRequirementsAreMetAndFailsOtherwise(@TempDir Path tmp) throws IOException {
    Path cfg = tmp.resolve("config");
    Files.writeString(cfg, "CONFIG_MODULES=y\nCONFIG_BRIDGE=m\n# CONFIG_DUMMY is not set\n");
    Run ok = run("kernel-config", "check", "-f", cfg.toString(), "CONFIG_BRIDGE=m", "CONFIG_BRIDGE", "MODULES=y",
        "CONFIG_DUMMY=n", "CONFIG_VETH=n");
    assertEquals(0, ok.status(), ok.out() + ok.err());
    assertTrue(ok.out().endsWith(cfg + ": 5 of 5 requirements met\n"), ok.out());
    Run bad = run("kernel-config", "check", "-f", cfg.toString(), "CONFIG_BRIDGE=y", "CONFIG_VETH");
    assertEquals(1, bad.status());
    assertTrue(bad.out().contains("FAIL CONFIG_BRIDGE is m, not y\n"), bad.out());
    assertTrue(bad.out().contains("FAIL CONFIG_VETH is not set, not y or m\n"), bad.out());
    assertEquals(2, run("kernel-config", "check", "-f", cfg.toString(), "CONFIG_X=maybe").status());
  }

  @Test
  void modulesLoadDryRunListsThePlansOfTheConfiguredModules(@TempDir Path tmp) throws IOException {
    String release = DebianKernel.require();
    Path dir = Files.createDirectories(tmp.resolve("modules-load.d"));
    Files.writeString(dir.resolve("nixos.conf"), "# boot.kernelModules\nbridge\n; comment\n  veth  \nno-such-module\n");
    Run r = run("modules-load", "-S", release, "--no-kernel-command-line", "-n", dir.toString());
    assertEquals(0, r.status(), r.err());
    assertEquals("""
        insmod /lib/modules/RELEASE/kernel/net/llc/llc.ko\s
        insmod /lib/modules/RELEASE/kernel/net/802/stp.ko\s
        insmod /lib/modules/RELEASE/kernel/net/bridge/bridge.ko\s
        insmod /lib/modules/RELEASE/kernel/drivers/net/veth.ko\s
        no-such-module: not found in /lib/modules/RELEASE
        """.replace("RELEASE", release), r.out());
  }
}
