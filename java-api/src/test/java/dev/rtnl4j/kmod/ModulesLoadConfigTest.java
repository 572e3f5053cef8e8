package dev.rtnl4j.kmod;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModulesLoadConfigTest {
  @Test
  void filesAreReadByNameWithEarlierDirectoriesHidingAndMaskingLaterOnes(@TempDir Path tmp) throws IOException {
    Path etc = Files.createDirectories(tmp.resolve("etc"));
    Path usr = Files.createDirectories(tmp.resolve("usr"));
    Files.writeString(usr.resolve("nixos.conf"), "loop\n\n# comment\n; also a comment\n  bridge  \n");
    Files.writeString(usr.resolve("a.conf"), "veth\n");
    Files.writeString(usr.resolve("masked.conf"), "never\n");
    Files.writeString(usr.resolve("b.txt"), "never\n");
    Files.writeString(etc.resolve("a.conf"), "dummy\n");
    Files.createSymbolicLink(etc.resolve("masked.conf"), Path.of("/dev/null"));
    assertEquals(List.of(etc.resolve("a.conf"), usr.resolve("nixos.conf")), ModulesLoadConfig.files(List.of(etc, usr)));
    assertEquals(List.of("tun", "dummy", "loop", "bridge"),
        ModulesLoadConfig.modules(List.of(etc, tmp.resolve("missing"), usr), "quiet modules_load=tun"));
  }
}
