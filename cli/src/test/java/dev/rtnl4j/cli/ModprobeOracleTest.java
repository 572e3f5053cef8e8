package dev.rtnl4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rtnl4j.kmod.KernelModule;
import dev.rtnl4j.kmod.KernelModules;
import dev.rtnl4j.kmod.ModuleSettings;
import dev.rtnl4j.kmod.ProbeOptions;
import dev.rtnl4j.testkit.DebianKernel;
import dev.rtnl4j.testkit.Require;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * kmod's own {@code modprobe} is the oracle: {@code rtnl4j modprobe} (run in-process) must print
 * the same bytes on stdout and stderr and exit with the same status, for every module of Debian's
 * 6.1 module tree, for aliases, and for test configurations.
 */
class ModprobeOracleTest {
  /** Debian's kernel release ("6.1.0-57-amd64"), found under /lib/modules ("none" when missing: the tests then skip, or fail in CI). */
  static final String RELEASE = DebianKernel.newest().orElse("none");
  static final Path TREE = Path.of("/lib/modules", RELEASE);
  static final String MODPROBE = "/usr/sbin/modprobe";

  record Run(String out, String err, int status) {}

  @BeforeAll
  static void preconditions() {
    Require.tool(MODPROBE, "kmod");
    DebianKernel.require();
  }

  static Run kmod(List<String> args) throws IOException, InterruptedException {
    List<String> argv = new ArrayList<>();
    argv.add(MODPROBE);
    argv.addAll(args);
    Path errFile = Files.createTempFile("kmod", ".err");
    try {
      Process p = new ProcessBuilder(argv).redirectError(errFile.toFile()).start();
      byte[] out = p.getInputStream().readAllBytes();
      int status = p.waitFor();
      return new Run(new String(out, StandardCharsets.ISO_8859_1),
          new String(Files.readAllBytes(errFile), StandardCharsets.ISO_8859_1), status);
    } finally {
      Files.deleteIfExists(errFile);
    }
  }

  static final StringWriter OUT = new StringWriter();
  static final StringWriter ERR = new StringWriter();
  /** One command line, reused (picocli resets the options before each run), as a shell would. */
  static final CommandLine CLI = new CommandLine(new ModprobeCommand())
      .setOut(new PrintWriter(OUT)).setErr(new PrintWriter(ERR));

  static synchronized Run rtnl4j(List<String> args) {
    OUT.getBuffer().setLength(0);
    ERR.getBuffer().setLength(0);
    int status = CLI.execute(args.toArray(String[]::new));
    return new Run(OUT.toString(), ERR.toString(), status);
  }

  static List<String> args(String... a) {
    List<String> l = new ArrayList<>(List.of("-S", RELEASE));
    l.addAll(List.of(a));
    return l;
  }

  static List<String> allModules() throws IOException {
    List<String> names = new ArrayList<>();
    for (String line : Files.readAllLines(TREE.resolve("modules.dep"), StandardCharsets.ISO_8859_1)) {
      int colon = line.indexOf(':');
      if (colon > 0) {
        String file = line.substring(line.lastIndexOf('/', colon) + 1, colon);
        names.add(file.substring(0, file.indexOf('.')));
      }
    }
    return names;
  }

  /** The output of one kmod run over many names, cut back into one piece per name. */
  static List<String> kmodPerName(List<String> names, String separator) throws Exception {
    List<String> a = args("-a", "-D");
    for (String n : names) {
      a.add(n);
      a.add(separator);
    }
    Run r = kmod(a);
    assertEquals(0, r.status(), r.err());
    String sep = "builtin " + separator + "\n";
    List<String> pieces = new ArrayList<>(List.of(r.out().split(java.util.regex.Pattern.quote(sep), -1)));
    assertEquals("", pieces.remove(pieces.size() - 1));
    assertEquals(names.size(), pieces.size(), "kmod's output did not split into one piece per module");
    return pieces;
  }

  @Test
  void showDependsOfEveryModuleOfTheTreeIsWhatKmodPrints() throws Exception {
    List<String> names = allModules();
    assertTrue(names.size() > 4000, "expected the whole Debian tree, got " + names.size());
    // One kmod process over all names (a process per module takes minutes on 2 shared cores);
    // "unix" is built in, so "builtin unix" separates the pieces.
    List<String> expected = kmodPerName(names, "unix");
    int matched = 0;
    List<String> mismatches = new ArrayList<>();
    ModuleSettings settings = ModuleSettings.forRelease(RELEASE);
    try (KernelModules km = KernelModules.open(settings)) {
      for (int i = 0; i < names.size(); i++) {
        StringBuilder actual = new StringBuilder();
        for (KernelModule m : km.lookup(names.get(i))) {
          actual.append(km.plan(m, null, ProbeOptions.showDepends()).showDepends());
        }
        if (actual.toString().equals(expected.get(i))) {
          matched++;
        } else if (mismatches.size() < 10) {
          mismatches.add(names.get(i) + ":\nkmod:\n" + expected.get(i) + "rtnl4j:\n" + actual);
        }
      }
    }
    System.out.printf("modprobe --show-depends oracle: %d modules compared, %d matched%n", names.size(), matched);
    assertEquals(names.size(), matched, String.join("\n", mismatches));
  }

  @Test
  void theCommandOverEveryModuleOfTheTreePrintsWhatKmodPrints() throws Exception {
    List<String> a = args("-a", "--show-depends");
    a.addAll(allModules());
    Run expected = kmod(a);
    assertEquals(0, expected.status(), expected.err());
    assertEquals(expected, rtnl4j(a));
  }

  @Test
  void perProcessRunsOfASampleMatchIncludingStderrAndStatus() throws Exception {
    List<String> names = allModules();
    Collections.shuffle(names, new Random(4023));
    List<String> sample = new ArrayList<>(names.subList(0, 30));
    sample.addAll(List.of("bridge", "veth", "macvlan", "ipvlan", "tun", "dummy", "vxlan", "8021q", "ext4",
        "uhci-hcd", "snd-pcsp", "cifs", "unix", "no-such-module", "ext4.ko"));
    for (String n : sample) {
      assertSame(args("--show-depends", n));
    }
  }

  static final List<String> ALIASES = List.of("rtnl-link-dummy", "rtnl-link-veth", "rtnl-link-bridge",
      "rtnl-link-vxlan", "rtnl-link-macvlan", "rtnl-link-ipvlan", "rtnl-link-vlan", "rtnl-link-nope",
      "net-pf-16-proto-0", "net-pf-10", "net-pf-17", "char-major-10-200", "devname:net/tun", "fs-ext4",
      "fs-btrfs", "crypto-crc32c", "crypto-sha256", "symbol:stp_proto_register", "symbol:no_such_symbol",
      "pci:v00008086d000010D3sv00008086sd0000A01Fbc02sc00i00", "usb:v0BDAp8153d3000dc00dsc00dp00icFFisc00ip00in00",
      "bad]alias", "bad[alias", "platform:leds-gpio", "tcp-md5");

  @Test
  void aliasesResolveAsKmodResolvesThem() throws Exception {
    for (String a : ALIASES) {
      assertSame(args("--show-depends", a));
      assertSame(args("-R", a));
    }
  }

  @Test
  void everyPlainAliasOfTheTreeResolvesAsWithKmod() throws Exception {
    Set<String> aliases = new LinkedHashSet<>();
    for (String line : Files.readAllLines(TREE.resolve("modules.alias"), StandardCharsets.ISO_8859_1)) {
      String[] w = line.split(" ");
      if (w.length == 3 && w[0].equals("alias") && !w[1].matches(".*[\\[\\]*?].*")) {
        aliases.add(w[1]);
      }
    }
    assertTrue(aliases.size() > 3000, "aliases: " + aliases.size());
    List<String> a = args("-a", "-D");
    a.addAll(aliases);
    Run expected = kmod(a);
    Run actual = rtnl4j(a);
    System.out.printf("modprobe -a --show-depends oracle: %d aliases compared%n", aliases.size());
    assertEquals(expected, actual);
  }

  @Test
  void softdepsOptionsBlacklistAndInstallLinesFromAConfigAreAppliedAsByKmod(@TempDir Path tmp) throws Exception {
    Path a = Files.createDirectories(tmp.resolve("a"));
    Path b = Files.createDirectories(tmp.resolve("b"));
    Files.writeString(a.resolve("10-softdep.conf"), """
        softdep bridge pre: dummy veth post: tun
        softdep veth post: macvlan
        softdep macvlan pre: bridge
        softdep vxlan pre: no-such-thing
        softdep tun pre: rtnl-link-ipvlan post: crypto-crc32c
        """);
    Files.writeString(a.resolve("20-options.conf"), """
        options bridge\tfoo=1  bar=2
        options rtnl-link-dummy numdummies=3
        options veth
        options macvlan x="a b"
        alias my-link dummy
        alias wild-* veth
        options my_link via=alias
        """);
    Files.writeString(a.resolve("30-blacklist.conf"), """
        blacklist dummy
        blacklist ipvlan
        """);
    Files.writeString(a.resolve("40-install.conf"), """
        install vxlan /bin/true $CMDLINE_OPTS extra
        install tun* /bin/false
        remove vxlan /bin/true
        install ifb /bin/echo hello
        include /etc/elsewhere
        bogus words here
          # indented comment is a bad line for kmod
        """);
    Files.writeString(a.resolve("shadowed.conf"), "options ifb shadowed=a\n");
    Files.writeString(b.resolve("shadowed.conf"), "options ifb shadowed=b\n");
    Files.writeString(b.resolve("extra.alias"), "options ifb from=alias-file\n");
    Files.writeString(b.resolve("ignored.txt"), "options ifb never=1\n");
    Files.createDirectories(b.resolve("nested.conf"));
    List<String> cfg = List.of("-C", a.toString(), "-C", b.toString());
    for (String n : List.of("bridge", "veth", "macvlan", "vxlan", "tun", "dummy", "rtnl-link-dummy", "my-link",
        "wild-thing", "ipvlan", "rtnl-link-ipvlan", "ifb", "crypto-crc32c")) {
      List<String> x = new ArrayList<>(args("-D"));
      x.addAll(cfg);
      x.add(n);
      assertSame(x);
      x.add(0, "-b");
      assertSame(x);
      x.add(0, "-i");
      assertSame(x);
    }
    List<String> withParams = new ArrayList<>(args("-D"));
    withParams.addAll(cfg);
    withParams.addAll(List.of("bridge", "p=1", "q=with space", "r='quoted x'"));
    assertSame(withParams);
    List<String> show = new ArrayList<>(args("-c"));
    show.addAll(cfg);
    assertSame(show);
  }

  @Test
  void usageErrorsAndTheDefaultConfigurationMatchKmod() throws Exception {
    assertSame(args("-D"));
    assertSame(args("-c"));
    assertSame(args("-D", "-a", "veth", "no-such-module", "bridge"));
    assertSame(args("-D", "-q", "no-such-module"));
    assertSame(List.of("-d", "/nonexistent-root", "-D", "veth"));
    // kmod 30 looks a path up as a name, and finds nothing.
    assertSame(args("-D", TREE.resolve("kernel/drivers/net/veth.ko").toString()));
  }

  @Test
  void realLoadsOnThisKernelWithoutModuleSupportFailAsKmodsDo() throws Exception {
    // finit_module and init_module answer ENOSYS here: nothing can change in the kernel.
    Require.that(!Files.exists(Path.of("/proc/modules")), "needs a kernel without module support (this machine's)");
    Require.realRoot();
    assertSame(args("veth"));
    assertSame(args("bridge", "foo=1"));
    assertSame(args("unix"));
    assertSame(args("-a", "veth", "unix", "no-such-module", "rtnl-link-dummy"));
    assertSame(args("--first-time", "unix"));
  }

  static void assertSame(List<String> a) throws Exception {
    Run expected = kmod(a);
    Run actual = rtnl4j(a);
    assertEquals(expected, actual, "modprobe " + String.join(" ", a));
  }
}
