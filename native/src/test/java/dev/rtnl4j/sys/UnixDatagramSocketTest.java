package dev.rtnl4j.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;


import dev.rtnl4j.testkit.Require;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnixDatagramSocketTest {
  @Test
  void readyFromSystemdNotifyArrivesWithTheChildsPid(@TempDir Path dir) throws Exception {
    Path notify = Require.tool("/usr/bin/systemd-notify", "systemd");
    Path sock = dir.resolve("notify");
    try (UnixDatagramSocket s = UnixDatagramSocket.bind(sock)) {
      // systemd 252's systemd-notify sends as its parent's pid unless --pid=self, and waits on a
      // barrier (an fd it passes) unless --no-block.
      int pid = Spawn.command(notify.toString(), "--no-block", "--pid=self", "READY=1", "STATUS=up")
          .environment(Map.of("NOTIFY_SOCKET", s.notifySocketAddress()))
          .start();
      UnixDatagramSocket.Datagram d = s.receive(10_000);
      Spawn.ExitStatus st = Spawn.waitFor(pid);
      assertEquals(0, st.exitCode(), st.toString());
      assertNotNull(d, "no datagram within 10 s");
      assertTrue(d.text().contains("READY=1"), d.text());
      assertTrue(d.text().contains("STATUS=up"), d.text());
      assertTrue(d.text().contains("MAINPID=" + pid), d.text());
      assertEquals(pid, d.pid(), "SCM_CREDENTIALS names the sender");
      assertEquals(uid(), d.uid());
    }
  }

  @Test
  void abstractNameReceivesWithCredentialsOfThisProcess() throws Exception {
    String name = "rtnl4j-test-" + ProcessHandle.current().pid();
    try (UnixDatagramSocket s = UnixDatagramSocket.bindAbstract(name); UnixDatagramSocket c = UnixDatagramSocket.open()) {
      assertEquals("@" + name, s.notifySocketAddress());
      c.send(s.notifySocketAddress(), "X_NSPAWN_LEADER_PID=42\n".getBytes(StandardCharsets.UTF_8));
      UnixDatagramSocket.Datagram d = s.receive(1000);
      assertNotNull(d);
      assertEquals("X_NSPAWN_LEADER_PID=42\n", d.text());
      assertEquals(Syscalls.getpid(), d.pid());
      assertEquals(uid(), d.uid());
      assertEquals(0, d.fdsDropped());
    }
  }

  @Test
  void aSocketOpenedUnboundIsBoundLaterReceivesWithCredentialsAndRemovesItsFileOnClose(@TempDir Path dir) {
    Path path = dir.resolve("later");
    try (UnixDatagramSocket s = UnixDatagramSocket.open(); UnixDatagramSocket c = UnixDatagramSocket.open()) {
      assertNull(s.notifySocketAddress());
      s.bindTo(path);
      assertEquals(path.toString(), s.notifySocketAddress());
      assertTrue(Files.exists(path));
      c.send(path.toString(), "READY=1\n".getBytes(StandardCharsets.UTF_8));
      UnixDatagramSocket.Datagram d = s.receive(1000);
      assertNotNull(d);
      assertEquals("READY=1\n", d.text());
      assertEquals(Syscalls.getpid(), d.pid(), "SO_PASSCRED was on before the bind");
      IllegalStateException twice = assertThrows(IllegalStateException.class, () -> s.bindTo(dir.resolve("again")));
      assertTrue(twice.getMessage().contains("bound already"), twice.getMessage());
      NativeException taken = assertThrows(NativeException.class, () -> c.bindTo(path));
      assertEquals("EADDRINUSE", taken.errnoName(), taken.getMessage());
    }
    assertTrue(Files.notExists(path), "close removed the socket file");
  }

  @Test
  void receiveTimesOutWithNull(@TempDir Path dir) {
    try (UnixDatagramSocket s = UnixDatagramSocket.bind(dir.resolve("s"))) {
      long t0 = System.nanoTime();
      assertNull(s.receive(100));
      assertTrue(System.nanoTime() - t0 >= 90_000_000L);
      assertNull(s.receive(0));
    }
  }

  @Test
  void bindingAnExistingPathAnswersEaddrinuse(@TempDir Path dir) {
    Path p = dir.resolve("s");
    try (UnixDatagramSocket s = UnixDatagramSocket.bind(p)) {
      NativeException e = assertThrows(NativeException.class, () -> UnixDatagramSocket.bind(p));
      assertEquals("EADDRINUSE", e.errnoName());
      assertEquals(p, s.path(), "the first socket keeps its path");
      assertTrue(e.getMessage().contains(p.toString()), e.getMessage());
    }
  }

  @Test
  void sendingToNobodyAnswersAnError(@TempDir Path dir) {
    try (UnixDatagramSocket c = UnixDatagramSocket.open()) {
      NativeException e = assertThrows(NativeException.class, () -> c.send(dir.resolve("nobody").toString(), new byte[] {1}));
      assertEquals("ENOENT", e.errnoName());
    }
  }

  @Test
  void tooLongPathIsRefusedWithItsLength(@TempDir Path dir) {
    Path p = dir.resolve("x".repeat(120));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> UnixDatagramSocket.bind(p));
    assertTrue(e.getMessage().contains("more than 107"), e.getMessage());
  }

  @Test
  void closeIsIdempotentRemovesTheFileAndUseAfterCloseThrows(@TempDir Path dir) {
    Path p = dir.resolve("s");
    UnixDatagramSocket s = UnixDatagramSocket.bind(p);
    assertTrue(Files.exists(p));
    s.close();
    s.close();
    assertTrue(Files.notExists(p));
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> s.receive(0));
    assertTrue(e.getMessage().contains("closed"), e.getMessage());
  }

  @Test
  void thousandBindCloseCyclesLeakNoFd(@TempDir Path dir) throws Exception {
    long before = FdCount.now();
    Path p = dir.resolve("s");
    for (int i = 0; i < 1000; i++) {
      UnixDatagramSocket.bind(p).close();
    }
    assertEquals(before, FdCount.now());
  }

  /** File descriptors passed with SCM_RIGHTS (sd_notify's FDSTORE) are closed on arrival, not leaked. */
  @Test
  void passedFileDescriptorsAreClosedOnArrival(@TempDir Path dir) throws Exception {
    Path p = dir.resolve("s");
    try (UnixDatagramSocket s = UnixDatagramSocket.bind(p); Scratch a = new Scratch()) {
      int sender = Syscalls.socket(Syscalls.AF_UNIX, Syscalls.SOCK_DGRAM | Syscalls.SOCK_CLOEXEC, 0);
      int passed = Syscalls.open("/dev/null", Syscalls.O_RDONLY | Syscalls.O_CLOEXEC, 0);
      try {
        ByteBuffer addr = a.buffer(Structs.SOCKADDR_UN);
        addr.putShort(Structs.SUN_FAMILY, (short) Syscalls.AF_UNIX);
        addr.put(Structs.SUN_PATH, p.toString().getBytes(StandardCharsets.UTF_8));
        ByteBuffer iov = a.buffer(Structs.IOVEC);
        iov.putLong(Structs.IOV_BASE, a.string("FDSTORE=1"));
        iov.putLong(Structs.IOV_LEN, 9);
        ByteBuffer control = a.buffer(24); // CMSG_SPACE(sizeof(int)) = 24
        control.putLong(Structs.CMSG_LEN, 20);
        control.putInt(Structs.CMSG_LEVEL, Syscalls.SOL_SOCKET);
        control.putInt(Structs.CMSG_TYPE, Syscalls.SCM_RIGHTS);
        control.putInt(Structs.CMSG_DATA, passed);
        ByteBuffer msg = a.buffer(Structs.MSGHDR);
        msg.putLong(Structs.MSG_NAME, a.hold(addr));
        msg.putInt(Structs.MSG_NAMELEN, Structs.SOCKADDR_UN);
        msg.putLong(Structs.MSG_IOV, a.hold(iov));
        msg.putLong(Structs.MSG_IOVLEN, 1);
        msg.putLong(Structs.MSG_CONTROL, a.hold(control));
        msg.putLong(Structs.MSG_CONTROLLEN, 24);
        long before = FdCount.now();
        assertEquals(9, Syscalls.sendmsg(sender, msg, 0));
        UnixDatagramSocket.Datagram d = s.receive(1000);
        assertNotNull(d);
        assertEquals("FDSTORE=1", d.text());
        assertEquals(1, d.fdsDropped());
        assertEquals(Syscalls.getpid(), d.pid());
        assertEquals(before, FdCount.now(), "the received copy of the fd was closed");
      } finally {
        Syscalls.close(sender);
        Syscalls.close(passed);
      }
    }
  }

  private static int uid() throws Exception {
    return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
  }
}
