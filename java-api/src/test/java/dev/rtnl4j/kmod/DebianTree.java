package dev.rtnl4j.kmod;

import dev.rtnl4j.testkit.DebianKernel;
import java.nio.file.Path;

/** Debian's 6.1 module tree, installed here by linux-image-amd64: real indexes to test against. */
final class DebianTree {
  private DebianTree() {}

  /** The newest installed Debian release ("6.1.0-57-amd64"); skips (fails in CI) without one. */
  static String release() {
    return DebianKernel.require();
  }

  /** Its module tree, /lib/modules/RELEASE. */
  static Path require() {
    return DebianKernel.requireTree();
  }
}
