package dev.rtnl4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rtnl4j.testkit.Require;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ExitStatusTest {

  /** Every command and sub-command, as its argv prefix ("link show"). */
  private static List<List<String>> commands(CommandLine cl, List<String> prefix) {
    List<List<String>> out = new ArrayList<>();
    for (var e : cl.getSubcommands().entrySet()) {
      if (e.getKey().equals("help") || !e.getValue().getCommandName().equals(e.getKey())) {
        continue; // the help command, and aliases (list, ls)
      }
      List<String> p = new ArrayList<>(prefix);
      p.add(e.getKey());
      out.add(p);
      out.addAll(commands(e.getValue(), p));
    }
    return out;
  }

  @Test
  void helpOnEveryCommandExitsZeroAndPrintsUsage() {
    List<List<String>> all = commands(Main.commandLine(), List.of());
    assertTrue(all.size() >= 19, "commands found: " + all);
    for (List<String> c : all) {
      List<String> args = new ArrayList<>(c);
      args.add("--help");
      CliRun r = CliRun.of(args.toArray(String[]::new));
      assertEquals(0, r.status(), c + ": " + r);
      assertTrue(r.out().contains("Usage: rtnl4j " + String.join(" ", c)), c + ": " + r);
    }
  }

  @Test
  void badUsageExitsTwoWithOneLineOnStderrThatPointsToHelp() {
    for (String[] args : new String[][] {
        {"--no-such-option"},
        {"bootbench"},
        {"bootbench", "--containers", "0"},
        {"bootbench", "--containers", "2", "--mode", "sideways"},
        {"bootbench", "--containers", "2", "--image", "relative/dir"},
        {"demo", "--containers", "x"},
        {"link", "show", "--bogus"},
        {"bench", "w3", "--containers", "1", "--netns-prefix", "p"}}) {
      CliRun r = CliRun.of(args);
      assertEquals(2, r.status(), String.join(" ", args) + ": " + r);
      assertEquals("", r.out(), String.join(" ", args) + ": " + r);
      assertEquals(1, r.err().lines().count(), String.join(" ", args) + ": " + r);
      assertTrue(r.err().startsWith("rtnl4j"), r.err());
      assertTrue(r.err().strip().endsWith("--help')"), r.err());
    }
    CliRun missing = CliRun.of("bootbench");
    assertTrue(missing.err().contains("--containers"), missing.err());
    CliRun mode = CliRun.of("bootbench", "--containers", "2", "--mode", "sideways");
    assertTrue(mode.err().contains("--mode must be prepared, compat, seed, both or all, not 'sideways'"), mode.err());
  }

  @Test
  void failureExitsOneWithOneLineThatSaysWhatToDo() {
    Require.sandbox();
    CliRun noDev = CliRun.of("link", "show", "no-such-dev0");
    assertEquals(1, noDev.status(), noDev.toString());
    assertEquals("rtnl4j link show: no interface \"no-such-dev0\"; list them with: rtnl4j link show\n",
        noDev.err().replace("\r", ""));
    CliRun noNs = CliRun.of("addr", "show", "-n", "no-such-ns");
    assertEquals(1, noNs.status(), noNs.toString());
    assertEquals(1, noNs.err().lines().count(), noNs.toString());
    assertTrue(noNs.err().contains("network namespace \"no-such-ns\" cannot be opened")
        && noNs.err().contains("ENOENT") && noNs.err().contains("list them with: ip netns list"), noNs.err());
  }

  @Test
  void successExitsZero() {
    Require.sandbox();
    CliRun r = CliRun.of("link", "show");
    assertEquals(0, r.status(), r.toString());
    assertTrue(r.out().startsWith("1: lo: <LOOPBACK"), r.out());
    assertEquals("", r.err());
  }
}
