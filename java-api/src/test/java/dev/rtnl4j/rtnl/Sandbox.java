package dev.rtnl4j.rtnl;

import dev.rtnl4j.sys.NetlinkSocket;
import dev.rtnl4j.sys.NetnsRunner;
import dev.rtnl4j.sys.NativeException;
import dev.rtnl4j.sys.Syscalls;
import dev.rtnl4j.testkit.Require;
import java.nio.file.Path;

/** Test helpers that need the sandbox: named namespaces (made with ip netns add), clients inside them. */
final class Sandbox {
  private Sandbox() {}

  static void require() {
    Require.sandbox();
  }

  /** Creates /run/netns/NAME with ip netns add, brings its lo up. */
  static void netns(String name) {
    Ip.run("netns", "add", name);
  }

  static void deleteNetns(String name) {
    Ip.run("netns", "del", name);
  }

  /** A client whose socket lives in netns NAME. */
  static Rtnl clientIn(String name) throws Exception {
    NetlinkSocket s = NetnsRunner.call(Path.of("/run/netns/" + name), () -> NetlinkSocket.open(NetlinkSocket.NETLINK_ROUTE));
    return Rtnl.over(s, name);
  }

  /** Opens /run/netns/NAME read-only; the caller closes it. */
  static int openNetns(String name) {
    int fd = Syscalls.open("/run/netns/" + name, Syscalls.O_RDONLY | Syscalls.O_CLOEXEC, 0);
    if (fd < 0) {
      throw new NativeException("open /run/netns/" + name, fd);
    }
    return fd;
  }
}
