package dev.rtnl4j.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rtnl4j.testkit.Require;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class NetnsRunnerTest {
  static final int IFF_UP = 1;

  Path netns;

  /** Creates a network namespace the way `ip netns add` does: unshare on a thread, bind-mount its ns file. */
  @BeforeEach
  void createNamespace() throws Exception {
    Require.sandbox();
    netns = Path.of("/run/netns/rtnl4j-native-test");
    Files.deleteIfExists(netns);
    Files.createFile(netns);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread t = new Thread(() -> {
      try {
        NativeException.check(Syscalls.unshare(Syscalls.CLONE_NEWNET), "unshare(CLONE_NEWNET)");
        NativeException.check(Syscalls.mount("/proc/thread-self/ns/net", netns.toString(), null, Syscalls.MS_BIND, null),
            "bind-mount the new netns");
      } catch (Throwable e) {
        failure.set(e);
      }
    });
    t.start();
    t.join();
    if (failure.get() != null) {
      throw new AssertionError("creating the test namespace failed", failure.get());
    }
  }

  @AfterEach
  void removeNamespace() throws IOException {
    if (netns != null) {
      Syscalls.umount2(netns.toString(), Syscalls.MNT_DETACH);
      Files.deleteIfExists(netns);
    }
  }

  static String currentNetns() throws IOException {
    return Files.readSymbolicLink(Path.of("/proc/thread-self/ns/net")).toString();
  }

  @Test
  void threadEntersTheNamespaceAndReturnsToItsOwn() throws Exception {
    AtomicReference<String[]> seen = new AtomicReference<>();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread t = new Thread(() -> {
      try {
        String before = currentNetns();
        int fd = NetnsRunner.openNamespace(netns);
        try {
          String inside = NetnsRunner.callOnThisThread(fd, NetnsRunnerTest::currentNetns);
          seen.set(new String[] {before, inside, currentNetns()});
        } finally {
          Syscalls.close(fd);
        }
      } catch (Throwable e) {
        failure.set(e);
      }
    });
    t.start();
    t.join();
    if (failure.get() != null) {
      throw new AssertionError(failure.get());
    }
    String[] s = seen.get();
    assertNotEquals(s[0], s[1], "inside differs from before");
    assertEquals(s[0], s[2], "the thread came back to its namespace");
    assertEquals(Files.readSymbolicLink(netns.getFileSystem().getPath("/proc/self/ns/net")).toString(), s[0]);
  }

  @Test
  void dedicatedThreadRunsInsideAndCallerNeverMoves() throws Exception {
    String mine = currentNetns();
    String inside = NetnsRunner.call(netns, NetnsRunnerTest::currentNetns);
    assertNotEquals(mine, inside);
    assertEquals(mine, currentNetns());
    String viaFd;
    int fd = NetnsRunner.openNamespace(netns);
    try {
      viaFd = NetnsRunner.call(fd, NetnsRunnerTest::currentNetns);
    } finally {
      Syscalls.close(fd);
    }
    assertEquals(inside, viaFd);
  }

  @Test
  void submitReturnsBeforeTheTaskRunsAndTheTaskRunsInsideOnTheRunnersThread() throws Exception {
    String mine = currentNetns();
    CountDownLatch release = new CountDownLatch(1);
    int fd = NetnsRunner.openNamespace(netns);
    try (NetnsRunner runner = NetnsRunner.dedicated("test-submit")) {
      CompletableFuture<String> inside = runner.submit(fd, () -> {
        release.await();
        return currentNetns() + " on " + Thread.currentThread().getName();
      });
      assertTrue(!inside.isDone(), "submit did not wait for the task");
      assertEquals(mine, currentNetns(), "the caller never moved");
      release.countDown();
      String seen = inside.get(10, TimeUnit.SECONDS);
      assertNotEquals(mine + " on test-submit", seen);
      assertTrue(seen.endsWith(" on test-submit"), seen);
      NativeException bad = assertThrows(NativeException.class, () -> {
        try {
          runner.submit(fd, () -> { throw new NativeException("open something inside", -Errno.ENOENT); }).get();
        } catch (ExecutionException e) {
          throw e.getCause();
        }
      });
      assertEquals("ENOENT", bad.errnoName(), "a task's failure reaches the caller as is");
    } finally {
      Syscalls.close(fd);
    }
  }

  @Test
  void socketOpenedInsideSeesTheOtherNamespacesLinks() throws Exception {
    try (NetlinkSocket here = NetlinkSocket.open(0);
         NetlinkSocket there = NetlinkSocket.openIn(netns, NetlinkSocket.NETLINK_ROUTE, 0)) {
      boolean hereUp = (loFlags(here) & IFF_UP) != 0;
      // Make lo's state inside the opposite of lo's state here, through the socket opened inside.
      setLoUp(there, !hereUp);
      assertEquals(!hereUp, (loFlags(there) & IFF_UP) != 0, "lo inside changed");
      assertEquals(hereUp, (loFlags(here) & IFF_UP) != 0, "lo here untouched");
    }
  }

  @Test
  void dedicatedRunnerReusesOneThreadAndReturnsItEachTime() throws Exception {
    String mine = currentNetns();
    NetnsRunner runner = NetnsRunner.dedicated("rtnl4j-netns-test");
    try {
      String[] first = runner.run(netns, () -> new String[] {Thread.currentThread().getName() + "#" + Thread.currentThread().getId(), currentNetns()});
      int fd = NetnsRunner.openNamespace(Path.of("/proc/self/ns/net"));
      String home;
      try {
        home = runner.run(fd, NetnsRunnerTest::currentNetns);
      } finally {
        Syscalls.close(fd);
      }
      String[] again = runner.run(netns, () -> new String[] {Thread.currentThread().getName() + "#" + Thread.currentThread().getId(), currentNetns()});
      assertEquals(first[0], again[0], "same worker thread");
      assertTrue(first[0].startsWith("rtnl4j-netns-test#"), first[0]);
      assertEquals(first[1], again[1]);
      assertNotEquals(mine, first[1]);
      assertEquals(mine, home, "between tasks the worker is back home");
      IOException e = assertThrows(IOException.class, () -> runner.run(netns, () -> {
        throw new IOException("task failed");
      }));
      assertEquals("task failed", e.getMessage());
      NativeException bad = assertThrows(NativeException.class, () -> runner.run(Path.of("/dev/null"), () -> 1));
      assertEquals("EINVAL", bad.errnoName());
      assertEquals(again[1], runner.run(netns, NetnsRunnerTest::currentNetns), "still usable after failures");
      runner.close();
      IllegalStateException closed = assertThrows(IllegalStateException.class, () -> runner.run(netns, () -> 1));
      assertTrue(closed.getMessage().contains("closed"));
    } finally {
      runner.close();
    }
    assertEquals(mine, currentNetns());
  }

  @Test
  void taskExceptionPropagatesAndTheNamespaceIsLeftAnyway() throws Exception {
    String mine = currentNetns();
    IOException e = assertThrows(IOException.class, () -> NetnsRunner.call(netns, () -> {
      throw new IOException("task failed");
    }));
    assertEquals("task failed", e.getMessage());
    assertEquals(mine, currentNetns());
  }

  @Test
  void aFileThatIsNoNamespaceFailsWithEinval() {
    NativeException e = assertThrows(NativeException.class, () -> NetnsRunner.call(Path.of("/dev/null"), () -> 1));
    assertEquals("EINVAL", e.errnoName());
    assertTrue(e.getMessage().startsWith("setns into network namespace fd"), e.getMessage());
    NativeException m = assertThrows(NativeException.class, () -> NetnsRunner.call(Path.of("/run/netns/missing"), () -> 1));
    assertEquals("ENOENT", m.errnoName());
    assertTrue(m.getMessage().contains("/run/netns/missing"), m.getMessage());
  }

  static int loFlags(NetlinkSocket s) {
    int seq = s.nextSequence();
    s.send(NetlinkSocketTest.getLink(seq, 1), 0, 32);
    ByteBuffer reply = s.receive();
    assertEquals(NetlinkSocketTest.RTM_NEWLINK, reply.getShort(4));
    return reply.getInt(24);
  }

  static void setLoUp(NetlinkSocket s, boolean up) {
    ByteBuffer m = Scratch.allocate(32);
    int seq = s.nextSequence();
    m.putInt(0, 32);
    m.putShort(4, NetlinkSocketTest.RTM_NEWLINK);
    m.putShort(6, (short) (NetlinkSocketTest.NLM_F_REQUEST | NetlinkSocketTest.NLM_F_ACK));
    m.putInt(8, seq);
    m.putInt(20, 1);                 // ifi_index: lo
    m.putInt(24, up ? IFF_UP : 0);   // ifi_flags
    m.putInt(28, IFF_UP);            // ifi_change
    s.send(m, 0, 32);
    ByteBuffer ack = s.receive();
    assertEquals(NetlinkSocketTest.NLMSG_ERROR, ack.getShort(4));
    assertEquals(0, ack.getInt(16), "ack error " + Errno.name(ack.getInt(16)));
    assertEquals(seq, ack.getInt(8));
  }
}
