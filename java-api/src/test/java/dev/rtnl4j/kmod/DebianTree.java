package dev.rtnl4j.kmod;

import dev.rtnl4j.testkit.Require;
import java.nio.file.Files;
import java.nio.file.Path;

/** Debian's 6.1 module tree, installed here by linux-image-amd64: real indexes to test against. */
final class DebianTree {
  static final String RELEASE = "6.1.0-56-amd64";
  static final Path DIR = Path.of("/lib/modules", RELEASE);

  private DebianTree() {}

  static Path require() {
    Require.that(Files.isRegularFile(DIR.resolve("modules.dep.bin")),
        DIR + " is missing: install the Debian package linux-image-amd64");
    return DIR;
  }
}
