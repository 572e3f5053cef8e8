package dev.rtnl4j.it.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rtnl4j.testkit.Require;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GuestImageTest {

  @Test
  void namesThatTheShellWouldInterpretAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> new GuestPhase(List.of("a.B"), List.of("dummy;reboot")));
    assertThrows(IllegalArgumentException.class, () -> new GuestPhase(List.of("a.B $(reboot)"), List.of()));
    assertThrows(IllegalArgumentException.class, () -> new GuestPhase(List.of(), List.of()));
    assertThrows(IllegalArgumentException.class, () -> GuestImage.initScript(
        List.of(GuestPhase.cleanKernel(List.of("a.B"))), Map.of("A=B", "x")));
  }

  @Test
  void environmentValuesAreSingleQuotedInInit() {
    String init = GuestImage.initScript(List.of(GuestPhase.cleanKernel(List.of("a.B"))), Map.of("X", "it's $(x)"));
    assertTrue(init.contains("export X='it'\\''s $(x)'\n"), init);
  }

  @Test
  void initRunsEachPhaseAfterItsPreloadsAndPowersOff() {
    String init = GuestImage.initScript(List.of(GuestPhase.cleanKernel(List.of("a.B")),
        new GuestPhase(List.of("c.D"), List.of("dummy"))), Map.of());
    int phase1 = init.indexOf("java @/rtnl4j/phase-1.args");
    int preload = init.indexOf("modprobe dummy");
    int phase2 = init.indexOf("java @/rtnl4j/phase-2.args");
    assertTrue(phase1 > 0 && preload > phase1 && phase2 > preload, init);
    assertTrue(init.strip().endsWith("poweroff -f"), init);
  }

  @Test
  void argumentFileRunsGuestMainOnTheGuestClasspath() {
    String args = GuestImage.argumentFile(2, List.of("/rtnl4j/cp/0-test-classes.jar", "/rtnl4j/cp/1-x.jar"), true,
        GuestPhase.cleanKernel(List.of("a.B", "c.D")));
    List<String> lines = args.lines().toList();
    assertEquals(List.of("/rtnl4j/cp/0-test-classes.jar:/rtnl4j/cp/1-x.jar", GuestMain.class.getName(), "a.B", "c.D"),
        lines.subList(lines.indexOf("-cp") + 1, lines.size()));
    assertTrue(lines.contains("-Drtnl4j.vm.phase=2"));
    assertTrue(lines.contains("-XX:SharedArchiveFile=/rtnl4j/app.jsa"), args);
    assertTrue(lines.containsAll(GuestImage.JVM_OPTIONS), args);
  }

  @Test
  void onlyAStaticBusyboxPassesTheStaticCheck() {
    Require.tool("/bin/busybox", "busybox-static");
    assertTrue(StaticElf.isStaticExecutable(Path.of("/bin/busybox")));
    assertFalse(StaticElf.isStaticExecutable(Path.of(System.getProperty("java.home"), "bin", "java")));
    assertFalse(StaticElf.isStaticExecutable(Path.of("/etc/passwd")));
  }

  @Test
  void kernelReleasesCompareByTheirNumbers() {
    assertTrue(GuestKernel.compareVersions("6.1.0-56-amd64", "6.1.0-100-amd64") < 0);
    assertTrue(GuestKernel.compareVersions("6.10.0-1-amd64", "6.9.0-9-amd64") > 0);
    assertEquals(0, GuestKernel.compareVersions("6.1.0-56-amd64", "6.1.0-56-amd64"));
  }
}
