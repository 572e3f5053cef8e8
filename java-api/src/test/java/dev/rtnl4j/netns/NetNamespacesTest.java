package dev.rtnl4j.netns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rtnl4j.sys.NativeException;
import dev.rtnl4j.testkit.Require;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Named network namespaces against the real kernel, with iproute2 as the witness. */
class NetNamespacesTest {
  private final NetNamespaces namespaces = NetNamespaces.standard();
  private final List<String> created = new ArrayList<>();

  @BeforeEach
  void sandbox() {
    Require.sandbox();
    Require.tool("/usr/sbin/ip", "iproute2");
  }

  @AfterEach
  void cleanUp() {
    for (String name : created) {
      if (namespaces.exists(name)) {
        namespaces.delete(name);
      }
    }
  }

  private NetNamespace create(String name) {
    created.add(name);
    return namespaces.create(name);
  }

  @Test
  void createdNamespaceIsSeenAndEnteredByIpNetns() throws Exception {
    try (NetNamespace blue = create("blue")) {
      assertTrue(namespaces.list().contains("blue"));
      assertEquals(List.of("blue"), IpTool.netnsNames().stream().filter("blue"::equals).toList());
      // ip netns exec enters the very namespace our handle holds
      String link = IpTool.run("ip", "netns", "exec", "blue", "readlink", "/proc/self/ns/net").strip();
      assertEquals("net:[" + blue.inode() + "]", link);
      assertEquals(blue.name().orElseThrow(), "blue");
      try (NetNamespace self = NetNamespace.current()) {
        assertFalse(blue.isSameNamespaceAs(self), "a created namespace is a new one");
      }
      try (NetNamespace again = NetNamespace.open("blue")) {
        assertTrue(again.isSameNamespaceAs(blue));
      }
      // a fresh namespace has only lo, and it is down
      String links = IpTool.run("ip", "-n", "blue", "-o", "link", "show");
      assertEquals(1, links.lines().count(), links);
      assertTrue(links.contains(": lo: "), links);
    }
  }

  @Test
  void createOnThisThreadLeavesTheThreadInsideUntilNetnsRunnerBringsItBack() throws Exception {
    created.add("here");
    try (NetNamespace self = NetNamespace.current()) {
      NetNamespace made = dev.rtnl4j.sys.NetnsRunner.call(self.fd(), () -> {
        NetNamespace ns = namespaces.createOnThisThread("here");
        assertEquals("net:[" + ns.inode() + "]", Files.readSymbolicLink(Path.of("/proc/thread-self/ns/net")).toString(),
            "the calling thread is in the namespace it created");
        return ns;
      });
      try (made) {
        assertFalse(made.isSameNamespaceAs(self), "a new namespace");
        assertEquals("net:[" + self.inode() + "]", Files.readSymbolicLink(Path.of("/proc/thread-self/ns/net")).toString());
        assertEquals("net:[" + made.inode() + "]",
            IpTool.run("ip", "netns", "exec", "here", "readlink", "/proc/self/ns/net").strip(), "bound under its name");
      }
    }
  }

  @Test
  void namespaceDirectoryBecomesSharedMountAndNameIsNsfsBindMount() throws Exception {
    try (NetNamespace ns = create("mounted")) {
      List<String> info = Files.readAllLines(Path.of("/proc/self/mountinfo"));
      String dir = info.stream().filter(l -> l.split(" ")[4].equals("/run/netns")).reduce((a, b) -> b).orElseThrow();
      assertTrue(dir.contains(" shared:"), dir);
      String file = info.stream().filter(l -> l.split(" ")[4].equals("/run/netns/mounted")).findFirst().orElseThrow();
      assertTrue(file.contains(" - nsfs "), file);
      assertTrue(file.contains("net:[" + ns.inode() + "]"), file);
    }
  }

  @Test
  void directoryThatIsNotAMountPointIsBoundOnItselfFirst() throws Exception {
    Path dir = Path.of("/run/netns/rtnl4j-alt-dir");
    NetNamespaces alt = NetNamespaces.in(dir);
    try (NetNamespace ns = alt.create("inner")) {
      assertEquals(List.of("inner"), alt.list());
      List<String> info = Files.readAllLines(Path.of("/proc/self/mountinfo"));
      String self = info.stream().filter(l -> l.split(" ")[4].equals(dir.toString())).findFirst().orElseThrow();
      assertTrue(self.contains(" shared:"), self);
      try (NetNamespace again = alt.open("inner")) {
        assertTrue(again.isSameNamespaceAs(ns));
      }
      alt.delete("inner");
      assertEquals(List.of(), alt.list());
    } finally {
      dev.rtnl4j.sys.Syscalls.umount2(dir.toString(), dev.rtnl4j.sys.Syscalls.MNT_DETACH);
      Files.deleteIfExists(dir);
    }
  }

  @Test
  void anInstanceMakesItsDirectorySharedOnceAndANewInstanceAgain() throws Exception {
    Path dir = Path.of("/run/netns/rtnl4j-once-dir");
    NetNamespaces once = NetNamespaces.in(dir);
    try {
      once.create("first").close();
      assertTrue(isMountPoint(dir), "the first create binds the directory on itself");
      once.delete("first");
      assertEquals(0, dev.rtnl4j.sys.Syscalls.umount2(dir.toString(), dev.rtnl4j.sys.Syscalls.MNT_DETACH));

      once.create("second").close();
      assertFalse(isMountPoint(dir), "the same instance does not mount the directory again");
      once.delete("second");

      NetNamespaces fresh = NetNamespaces.in(dir);
      fresh.create("third").close();
      assertTrue(isMountPoint(dir), "a new instance makes it shared again");
      fresh.delete("third");
    } finally {
      dev.rtnl4j.sys.Syscalls.umount2(dir.toString(), dev.rtnl4j.sys.Syscalls.MNT_DETACH);
      for (String n : List.of("first", "second", "third")) {
        Files.deleteIfExists(dir.resolve(n));
      }
      Files.deleteIfExists(dir);
    }
  }

  private static boolean isMountPoint(Path dir) throws IOException {
    return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream().anyMatch(l -> l.split(" ")[4].equals(dir.toString()));
  }

  @Test
  void creatingAnExistingNameFailsWithEexistNamingIt() {
    try (NetNamespace first = create("taken")) {
      NativeException e = assertThrows(NativeException.class, () -> namespaces.create("taken"));
      assertEquals("EEXIST", e.errnoName());
      assertTrue(e.getMessage().contains("\"taken\""), e.getMessage());
      assertTrue(e.getMessage().contains("/run/netns/taken"), e.getMessage());
      // the first one is untouched
      try (NetNamespace again = namespaces.open("taken")) {
        assertTrue(again.isSameNamespaceAs(first));
      }
    }
  }

  @Test
  void openingAnUnknownNameFailsWithEnoentNamingIt() {
    NativeException e = assertThrows(NativeException.class, () -> NetNamespace.open("no-such-ns"));
    assertEquals("ENOENT", e.errnoName());
    assertTrue(e.getMessage().contains("\"no-such-ns\""), e.getMessage());
    assertTrue(e.getMessage().contains("no network namespace of that name"), e.getMessage());
  }

  @Test
  void deletingRemovesTheNameButOpenHandlesKeepTheNamespace() throws Exception {
    NetNamespace ns = create("doomed");
    try (ns) {
      long inode = ns.inode();
      namespaces.delete("doomed");
      assertFalse(namespaces.exists("doomed"));
      assertFalse(IpTool.netnsNames().contains("doomed"));
      assertEquals(inode, ns.inode());
      String link = ns.call(() -> Files.readSymbolicLink(Path.of("/proc/thread-self/ns/net")).toString());
      assertEquals("net:[" + inode + "]", link, "the handle still enters the namespace");
    }
    NativeException e = assertThrows(NativeException.class, () -> namespaces.delete("doomed"));
    assertEquals("ENOENT", e.errnoName());
    assertTrue(e.getMessage().contains("\"doomed\""), e.getMessage());
  }

  @Test
  void namespaceAddedByIpIsOpenedByNameAndByPath() throws Exception {
    created.add("from-ip");
    IpTool.run("ip", "netns", "add", "from-ip");
    try (NetNamespace byName = NetNamespace.open("from-ip");
        NetNamespace byPath = NetNamespace.openPath(Path.of("/run/netns/from-ip"))) {
      assertTrue(byName.isSameNamespaceAs(byPath));
      assertEquals(byName.inode(), Files.readAttributes(Path.of("/run/netns/from-ip"), "unix:ino").get("ino"));
    }
    namespaces.delete("from-ip");
    assertFalse(IpTool.netnsNames().contains("from-ip"));
  }

  @Test
  void handlesByPidAndByFdReferToTheSameNamespaceAsCurrent() {
    try (NetNamespace current = NetNamespace.current();
        NetNamespace byPid = NetNamespace.ofPid((int) ProcessHandle.current().pid());
        NetNamespace byFd = NetNamespace.ofFd(current.fd())) {
      assertTrue(current.isSameNamespaceAs(byPid));
      assertTrue(current.isSameNamespaceAs(byFd));
      assertNotEquals(current.fd(), byFd.fd(), "ofFd opens a handle of its own");
    }
  }

  @Test
  void aFileThatIsNotANamespaceIsRefused() throws IOException {
    Path plain = Path.of("/run/netns/plain-file");
    Files.writeString(plain, "not a namespace");
    try {
      NativeException e = assertThrows(NativeException.class, () -> NetNamespace.open("plain-file"));
      assertEquals("EINVAL", e.errnoName());
      assertTrue(e.getMessage().contains("not a namespace file"), e.getMessage());
      NativeException pid = assertThrows(NativeException.class, () -> NetNamespace.ofPid(Integer.MAX_VALUE));
      assertEquals("ENOENT", pid.errnoName());
    } finally {
      Files.delete(plain);
    }
  }

  @Test
  void unshareOnThisThreadMakesAnUnnamedNamespaceThatLivesByItsHandleUntilAttachNamesIt() throws Exception {
    created.add("later");
    try (NetNamespace self = NetNamespace.current()) {
      NetNamespace made = dev.rtnl4j.sys.NetnsRunner.call(self.fd(), () -> {
        NetNamespace ns = NetNamespace.unshareOnThisThread();
        assertEquals("net:[" + ns.inode() + "]", Files.readSymbolicLink(Path.of("/proc/thread-self/ns/net")).toString(),
            "the calling thread is in the namespace it made");
        return ns;
      });
      try (made) {
        assertFalse(made.isSameNamespaceAs(self), "a new namespace");
        assertTrue(made.name().isEmpty(), "no name yet");
        assertFalse(namespaces.exists("later"), "nothing bound yet");
        try (NetNamespace named = namespaces.attach("later", made)) {
          assertTrue(named.isSameNamespaceAs(made));
          assertEquals("net:[" + made.inode() + "]",
              IpTool.run("ip", "netns", "exec", "later", "readlink", "/proc/self/ns/net").strip(), "bound under its name");
        }
      }
    }
  }

  @Test
  void attachGivesAnExistingNamespaceAName() throws Exception {
    try (NetNamespace ns = create("original"); NetNamespace alias = namespaces.attach("alias", ns)) {
      created.add("alias");
      assertTrue(alias.isSameNamespaceAs(ns));
      assertTrue(IpTool.netnsNames().containsAll(List.of("original", "alias")));
    }
  }

  @Test
  void failureHalfWayRemovesTheFileItCreated() {
    NetNamespace closed = NetNamespace.current();
    closed.close();
    assertThrows(IllegalStateException.class, () -> namespaces.attach("half-way", closed));
    assertFalse(namespaces.exists("half-way"), "the file created before the failure is removed");
  }

  @Test
  void invalidNamesAreRefusedBeforeTouchingAnything() {
    for (String bad : List.of("", ".", "..", "a/b", "nul\0")) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> namespaces.create(bad));
      assertTrue(e.getMessage().contains("network namespace name"), e.getMessage());
    }
  }

  @Test
  void socketsOpenedForANamespaceLiveInIt() throws Exception {
    try (NetNamespace ns = create("sockets");
        var socket = ns.openNetlinkSocket(dev.rtnl4j.sys.NetlinkSocket.NETLINK_ROUTE)) {
      // the socket's fd, looked at from /proc, says nothing about the namespace; but the
      // calling thread must still be in its own namespace afterwards
      try (NetNamespace self = NetNamespace.current()) {
        assertFalse(self.isSameNamespaceAs(ns), "the calling thread never left its namespace");
      }
      assertTrue(socket.portId() != 0);
    }
  }
}
