package dev.rtnl4j.kmod;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModprobeConfigTest {

  @Test
  void linesAreParsedAsKmodParsesThem() {
    ModprobeConfig c = ModprobeConfig.parse(Path.of("t.conf"), """
        # comment
        alias my-alias snd-pcsp extra words
        alias pci:v[0-9a-f]*-x my-mod
        options snd-pcsp\tindex=-2   foo=1\s
        options  veth   c=3
        options lonely
        blacklist some-fb
        install veth /bin/echo $CMDLINE_OPTS
        remove veth /bin/true
        softdep ext4 pre: a  b post: c
        softdep lone d e
        options joined a=1 \\
          b=2\\x
          # indented comment: a bad line for kmod
        include /etc/other
        nonsense here
        """);
    assertEquals(List.of(new ModprobeConfig.Alias("my_alias", "snd_pcsp"),
        new ModprobeConfig.Alias("pci:v[0-9a-f]*_x", "my_mod")), c.aliases());
    assertEquals(List.of(new ModprobeConfig.Options("snd_pcsp", "index=-2   foo=1 "),
        new ModprobeConfig.Options("veth", "  c=3"), new ModprobeConfig.Options("joined", "a=1   b=2x")), c.options());
    assertEquals(List.of("some_fb"), c.blacklist());
    assertEquals(List.of(new ModprobeConfig.Command("veth", "/bin/echo $CMDLINE_OPTS")), c.installCommands());
    assertEquals(List.of(new ModprobeConfig.Command("veth", "/bin/true")), c.removeCommands());
    assertEquals(List.of(new ModprobeConfig.Softdep("ext4", List.of("a", "b"), List.of("c")),
        new ModprobeConfig.Softdep("lone", List.of(), List.of())), c.softdeps());
    assertEquals(List.of("t.conf line 6: ignoring bad line starting with 'options'",
        "t.conf line 14: ignoring bad line starting with '#'",
        "t.conf: command include is deprecated and not parsed anymore",
        "t.conf line 16: ignoring bad line starting with 'nonsense'"),
        c.problems().stream().map(ModprobeConfig.Problem::message).toList());
  }

  @Test
  void filesAreReadInNameOrderAndAnEarlierDirectoryHidesTheSameName(@TempDir Path tmp) throws IOException {
    Path etc = Files.createDirectories(tmp.resolve("etc"));
    Path lib = Files.createDirectories(tmp.resolve("lib"));
    Path mods = Files.createDirectories(tmp.resolve("modules"));
    Files.writeString(etc.resolve("b.conf"), "options m from=etc-b\n");
    Files.writeString(lib.resolve("b.conf"), "options m from=lib-b\n");
    Files.writeString(lib.resolve("a.conf"), "options m from=lib-a\n");
    Files.writeString(lib.resolve("c.alias"), "options m from=lib-c-alias\n");
    Files.writeString(lib.resolve("d.txt"), "options m from=never\n");
    Files.writeString(lib.resolve(".e.conf"), "options m from=hidden\n");
    Files.writeString(mods.resolve("modules.softdep"), "softdep m pre: x\n");
    Files.writeString(lib.resolve("z.conf"), "softdep m pre: y\n");
    ModprobeConfig c = ModprobeConfig.load(List.of(etc, tmp.resolve("missing"), lib), mods,
        "modprobe.blacklist=m,n m.p=1 x=y");
    assertEquals(List.of("from=lib-a", "from=etc-b", "from=lib-c-alias", "p=1"),
        c.options().stream().map(ModprobeConfig.Options::options).toList());
    assertEquals(List.of("x", "y"), c.softdeps().stream().map(s -> s.pre().get(0)).toList(),
        "modules.softdep is sorted in among the files by its name");
    assertEquals(List.of("m", "n"), c.blacklist());
  }

  @Test
  void kernelCommandLineGivesOptionsAndBlacklistAsKmodsParserDoes() {
    ModprobeConfig.Builder b = new ModprobeConfig.Builder();
    KernelCommandLine.parseModuleOptions("BOOT_IMAGE=/vmlinuz root=/dev/sda1 ro modprobe.blacklist=a-b,c "
        + "snd-pcsp.index=-2 foo.bar.baz=1 mod.flag \"quoted.v=a b\" q.v=\"x y\" x=1.2 0.0.0.0:80 "
        + "nomodule dyn.dbg=\"file a.c +p\"\n ignored.after=newline", b);
    ModprobeConfig c = b.build();
    assertEquals(List.of("a-b", "c"), c.blacklist());
    assertEquals(List.of(new ModprobeConfig.Options("snd_pcsp", "index=-2"), new ModprobeConfig.Options("mod", "flag"),
        new ModprobeConfig.Options("quoted", "v=a b\""), new ModprobeConfig.Options("q", "v=\"x y\""),
        new ModprobeConfig.Options("dyn", "dbg=\"file a.c +p\"")), c.options());
  }

  @Test
  void modulesLoadOnTheCommandLineIsReadAsSystemdReadsIt() {
    assertEquals(List.of("a", "b", "c_d", "e"),
        KernelCommandLine.modulesToLoad("quiet modules_load=a,b modules-load=c_d rd.modules_load=x \"modules_load=e\"", false));
    assertEquals(List.of("x"), KernelCommandLine.modulesToLoad("rd.modules-load=x", true));
    assertEquals(List.of(), KernelCommandLine.modulesToLoad(null, false));
  }

  @Test
  void namesAreCanonicalisedAsKmodDoes() {
    assertEquals("snd_pcsp", ModuleNames.normalize("snd-pcsp"));
    assertEquals("ext4", ModuleNames.normalize("ext4.ko.xz"));
    assertEquals("crc32c_intel", ModuleNames.fromPath("kernel/arch/x86/crypto/crc32c-intel.ko"));
    assertEquals("pci:v*d[0-9-a]_x", ModuleNames.normalizeAlias("pci:v*d[0-9-a]-x"));
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> ModuleNames.normalizeAlias("a]b"));
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> ModuleNames.normalizeAlias("a[b"));
  }
}
