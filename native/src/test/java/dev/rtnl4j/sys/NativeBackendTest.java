package dev.rtnl4j.sys;

import static dev.rtnl4j.sys.NetlinkSocketTest.IFLA_IFNAME;
import static dev.rtnl4j.sys.NetlinkSocketTest.NLMSG_ERROR;
import static dev.rtnl4j.sys.NetlinkSocketTest.NLM_F_REQUEST;
import static dev.rtnl4j.sys.NetlinkSocketTest.RTM_GETLINK;
import static dev.rtnl4j.sys.NetlinkSocketTest.RTM_NEWLINK;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.rtnl4j.testkit.Require;
import java.io.IOException;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Both native backends, call for call, against the real kernel (the test JVM's own network namespace). */
class NativeBackendTest {
  static final short NLMSG_DONE = 3;
  static final short NLM_F_DUMP = 0x300;
  static final int SIOCGIFINDEX = 0x8933;
  static final int CLD_EXITED = 1;
  static final int CLD_KILLED = 2;
  static final int SOCKADDR_NL = Structs.SOCKADDR_NL;
  static final int NL_PID = Structs.NL_PID;

  /**
   * The backends this JDK has, each loaded whatever this JVM's choice is: FFM and JNA from JDK 22,
   * JNA alone before (where {@code NativeBackendsTest} checks that FFM is refused by name). The
   * tests' names show which ran.
   */
  static Stream<Named<NativeBackend>> backends() {
    Stream<String> names = Runtime.version().feature() >= NativeBackends.FFM_SINCE ? Stream.of("ffm", "jna") : Stream.of("jna");
    return names.map(name -> Named.of(name, NativeBackends.named(name)));
  }

  static Direct netlinkAddress(NativeBackend nb) {
    return Direct.allocate(nb, SOCKADDR_NL).putShort((int) Structs.NL_FAMILY, Syscalls.AF_NETLINK);
  }

  /** {@code RTM_GETLINK}: a dump of every link, or (dump false) the link with {@code ifindex}. */
  static Direct getlink(NativeBackend nb, int seq, boolean dump, int ifindex) {
    return Direct.allocate(nb, 32).putInt(0, 32).putShort(4, RTM_GETLINK)
        .putShort(6, NLM_F_REQUEST | (dump ? NLM_F_DUMP : 0)).putInt(8, seq).putInt(20, ifindex);
  }

  /** The IFLA_IFNAME of the RTM_NEWLINK at {@code off}, or null. */
  static String linkName(Direct rx, int off) {
    int len = rx.getInt(off);
    for (int a = off + 32; a + 4 <= off + len; a += (rx.getShort(a) + 3) & ~3) {
      if ((rx.getShort(a + 2) & 0x3fff) == IFLA_IFNAME) {
        return rx.string(a + 4, rx.getShort(a) - 4);
      }
    }
    return null;
  }

  static int openNetlinkRoute(NativeBackend nb) {
    int fd = nb.socket(Syscalls.AF_NETLINK, Syscalls.SOCK_RAW | Syscalls.SOCK_CLOEXEC, NetlinkSocket.NETLINK_ROUTE);
    assertTrue(fd >= 0, "socket(AF_NETLINK): " + Errno.name(fd));
    return fd;
  }

  @ParameterizedTest
  @MethodSource("backends")
  void aNetlinkRouteSocketBindsGetsItsPortIdAndDumpsTheLinksWithLo(NativeBackend nb) {
    int fd = openNetlinkRoute(nb);
    try {
      Direct local = netlinkAddress(nb);
      assertEquals(0, nb.bind(fd, local.address(), SOCKADDR_NL));
      Direct len = Direct.allocate(nb, 4).putInt(0, SOCKADDR_NL);
      assertEquals(0, nb.getsockname(fd, local.address(), len.address()));
      assertEquals(SOCKADDR_NL, len.getInt(0));
      assertEquals(Syscalls.AF_NETLINK, local.getShort((int) Structs.NL_FAMILY));
      int portId = local.getInt(NL_PID);
      assertNotEquals(0, portId, "the kernel gave the socket a port id");

      Direct request = getlink(nb, 7, true, 0);
      Direct kernel = netlinkAddress(nb);
      assertEquals(32, nb.sendto(fd, request.address(), 32, 0, kernel.address(), SOCKADDR_NL));

      Direct pollFd = Direct.allocate(nb, 8).putInt((int) Structs.POLL_FD, fd).putShort((int) Structs.POLL_EVENTS, Syscalls.POLLIN);
      assertEquals(1, nb.poll(pollFd.address(), 1, 5000), "the answer is ready");
      assertEquals(Syscalls.POLLIN, pollFd.getShort((int) Structs.POLL_REVENTS) & Syscalls.POLLIN);

      Direct rx = Direct.allocate(nb, 32768);
      Direct from = Direct.allocate(nb, SOCKADDR_NL);
      Direct fromLen = Direct.allocate(nb, 4);
      List<String> names = new ArrayList<>();
      boolean done = false;
      while (!done) {
        fromLen.putInt(0, SOCKADDR_NL);
        long n = nb.recvfrom(fd, rx.address(), 32768, 0, from.address(), fromLen.address());
        assertTrue(n > 0, "recvfrom: " + Errno.name((int) n));
        assertEquals(0, from.getInt(NL_PID), "the datagram came from the kernel");
        for (int off = 0; off < n; off += (rx.getInt(off) + 3) & ~3) {
          assertEquals(7, rx.getInt(off + 8), "sequence number");
          assertEquals(portId, rx.getInt(off + 12), "the answer is addressed to our port id");
          switch (rx.getShort(off + 4)) {
            case NLMSG_DONE -> done = true;
            case NLMSG_ERROR -> fail("the dump failed: " + Errno.name(rx.getInt(off + 16)));
            case RTM_NEWLINK -> names.add(linkName(rx, off));
            default -> fail("unexpected message type " + rx.getShort(off + 4));
          }
        }
      }
      assertTrue(names.contains("lo"), "links: " + names);
    } finally {
      assertEquals(0, nb.close(fd));
    }
    assertEquals(-Errno.EBADF, nb.close(fd), "closed once");
  }

  @ParameterizedTest
  @MethodSource("backends")
  void sendmsgAndRecvmsgCarryAGetlinkOfIndexOneAndItsAnswerLo(NativeBackend nb) {
    int fd = openNetlinkRoute(nb);
    try {
      Direct kernel = netlinkAddress(nb);
      Direct request = getlink(nb, 11, false, 1);
      Direct rx = Direct.allocate(nb, 8192);
      Direct iov = Direct.allocate(nb, 16).putLong((int) Structs.IOV_BASE, request.address()).putLong((int) Structs.IOV_LEN, 32);
      Direct msg = Direct.allocate(nb, Structs.MSGHDR)
          .putLong((int) Structs.MSG_NAME, kernel.address()).putInt((int) Structs.MSG_NAMELEN, SOCKADDR_NL)
          .putLong((int) Structs.MSG_IOV, iov.address()).putLong((int) Structs.MSG_IOVLEN, 1);
      assertEquals(32, nb.sendmsg(fd, msg.address(), 0));

      iov.putLong((int) Structs.IOV_BASE, rx.address()).putLong((int) Structs.IOV_LEN, 8192);
      long n = nb.recvmsg(fd, msg.address(), 0);
      assertTrue(n > 32, "recvmsg: " + Errno.name((int) n));
      assertEquals(0, msg.getInt((int) Structs.MSG_FLAGS) & Syscalls.MSG_TRUNC, "the answer fit");
      assertEquals(n, rx.getInt(0), "one message, the whole datagram");
      assertEquals(RTM_NEWLINK, rx.getShort(4));
      assertEquals(11, rx.getInt(8));
      assertEquals(1, rx.getInt(20), "ifi_index");
      assertEquals("lo", linkName(rx, 0));
    } finally {
      nb.close(fd);
    }
  }

  @ParameterizedTest
  @MethodSource("backends")
  void aSocketOptionSetIsReadBack(NativeBackend nb) {
    int fd = openNetlinkRoute(nb);
    try {
      Direct value = Direct.allocate(nb, 4).putInt(0, 100_000);
      assertEquals(0, nb.setsockopt(fd, Syscalls.SOL_SOCKET, Syscalls.SO_RCVBUF, value.address(), 4));
      Direct len = Direct.allocate(nb, 4).putInt(0, 4);
      value.putInt(0, 0);
      assertEquals(0, nb.getsockopt(fd, Syscalls.SOL_SOCKET, Syscalls.SO_RCVBUF, value.address(), len.address()));
      assertEquals(4, len.getInt(0));
      assertEquals(200_000, value.getInt(0), "the kernel doubles SO_RCVBUF for its bookkeeping");
      assertEquals(-Errno.EINVAL, nb.setsockopt(fd, Syscalls.SOL_SOCKET, Syscalls.SO_RCVBUF, value.address(), 1));
    } finally {
      nb.close(fd);
    }
  }

  @ParameterizedTest
  @MethodSource("backends")
  void failedCallsAnswerTheirOwnErrno(NativeBackend nb) {
    assertEquals(-Errno.EBADF, nb.close(-1));
    assertEquals(-Errno.EAFNOSUPPORT, nb.socket(1000, Syscalls.SOCK_DGRAM, 0));
    assertEquals(-Errno.EINVAL, nb.socket(Syscalls.AF_UNIX, 999, 0));
    Direct missing = Direct.string(nb, "/nonexistent/rtnl4j");
    assertEquals(-Errno.ENOENT, nb.open(missing.address(), Syscalls.O_RDONLY, 0));
    Reference.reachabilityFence(missing);
    assertEquals(-Errno.ESRCH, nb.kill(0x3fffffff, 0), "no such process");
    assertEquals(-Errno.EINVAL, nb.pidfdOpen(-1, 0));
    assertEquals(-Errno.EBADF, nb.flock(-1, Flock.LOCK_EX));
    assertEquals(-Errno.EBADF, nb.read(-1, 0, 0));
    assertEquals(-Errno.EINVAL, nb.unshare(0x1), "0x1 is no namespace flag");
    assertEquals(-Errno.ECHILD, nb.waitpid(0x3fffffff, 0, Syscalls.WNOHANG));
    Direct devNullPath = Direct.string(nb, "/dev/null");
    int devNull = nb.open(devNullPath.address(), Syscalls.O_RDONLY | Syscalls.O_CLOEXEC, 0);
    Reference.reachabilityFence(devNullPath);
    assertTrue(devNull >= 0, Errno.name(devNull));
    try {
      assertEquals(-Errno.EINVAL, nb.setns(devNull, Syscalls.CLONE_NEWNET), "/dev/null is no namespace");
      assertEquals(-Errno.ENOTTY, nb.ioctl(devNull, 0x800454cfL /* TUNGETFEATURES */, 0L));
    } finally {
      assertEquals(0, nb.close(devNull));
    }
  }

  @ParameterizedTest
  @MethodSource("backends")
  void ioctlWithAnAddressReadsTheIndexOfLo(NativeBackend nb) {
    int fd = nb.socket(Syscalls.AF_INET, Syscalls.SOCK_DGRAM | Syscalls.SOCK_CLOEXEC, 0);
    assertTrue(fd >= 0, Errno.name(fd));
    try {
      Direct ifreq = Direct.allocate(nb, 40);
      ifreq.buf().put(0, "lo".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      assertEquals(0, nb.ioctl(fd, SIOCGIFINDEX, ifreq.address()));
      assertEquals(1, ifreq.getInt(16));
      Direct none = Direct.string(nb, "rtnl4j-none");
      Direct ifreq2 = Direct.allocate(nb, 40);
      ifreq2.buf().put(0, none.buf(), 0, 11);
      assertEquals(-Errno.ENODEV, nb.ioctl(fd, SIOCGIFINDEX, ifreq2.address()));
    } finally {
      nb.close(fd);
    }
  }

  /** Two threads fail over and over with different errors: each reads its own errno, never the other's. */
  @ParameterizedTest
  @MethodSource("backends")
  void errnoIsReadOnTheThreadThatFailed(NativeBackend nb) throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      assertErrnoIsPerThread(nb, threads, threads);
    } finally {
      threads.shutdownNow();
    }
  }

  /**
   * Fails {@code close(-1)} (EBADF) 20,000 times on one executor and {@code open} of a missing
   * file (ENOENT) 20,000 times on the other, at the same time, and checks every answer.
   */
  static void assertErrnoIsPerThread(NativeBackend nb, ExecutorService one, ExecutorService other) throws Exception {
    Direct missing = Direct.string(nb, "/nonexistent/rtnl4j");
    Callable<Integer> badFd = () -> {
      for (int i = 0; i < 20_000; i++) {
        int r = nb.close(-1);
        if (r != -Errno.EBADF) {
          return r;
        }
      }
      return 0;
    };
    Callable<Integer> noFile = () -> {
      for (int i = 0; i < 20_000; i++) {
        int r = nb.open(missing.address(), Syscalls.O_RDONLY, 0);
        if (r != -Errno.ENOENT) {
          return r;
        }
      }
      return 0;
    };
    Future<Integer> a = one.submit(badFd);
    Future<Integer> b = other.submit(noFile);
    assertEquals(0, a.get(), "close(-1) answered another errno");
    assertEquals(0, b.get(), "open of a missing file answered another errno");
    Reference.reachabilityFence(missing);
  }

  @ParameterizedTest
  @MethodSource("backends")
  void getpidAndGettidAreThisProcessAndThisThread(NativeBackend nb) throws IOException {
    long pid = ProcessHandle.current().pid();
    assertEquals(pid, nb.getpid());
    assertEquals(pid, nb.syscall(SyscallNumbers.GETPID, 0, 0, 0, 0));
    // /proc/thread-self is a link to PID/task/TID
    String self = Files.readSymbolicLink(Path.of("/proc/thread-self")).toString();
    assertEquals(self.substring(self.lastIndexOf('/') + 1), Integer.toString(nb.gettid()));
  }

  @ParameterizedTest
  @MethodSource("backends")
  void finitModuleAnswersEnosysWithoutModuleSupportElseRefusesAnEmptyImage(NativeBackend nb) {
    Direct noParams = Direct.string(nb, "");
    Direct devNull = Direct.string(nb, "/dev/null");
    int fd = nb.open(devNull.address(), Syscalls.O_RDONLY | Syscalls.O_CLOEXEC, 0);
    Reference.reachabilityFence(devNull);
    try {
      SyscallsTest.assertModuleLoadsRefused(nb.finitModule(fd, noParams.address(), 0),
          nb.initModule(Direct.allocate(nb, 64).address(), 64, noParams.address()));
    } finally {
      nb.close(fd);
    }
  }

  static String netns() throws IOException {
    return Files.readSymbolicLink(Path.of("/proc/thread-self/ns/net")).toString();
  }

  /** On a platform thread of its own: unshare gives it a new network namespace, setns takes it back. */
  @ParameterizedTest
  @MethodSource("backends")
  void unshareMovesAThreadToANewNetworkNamespaceAndSetnsBringsItBack(NativeBackend nb) throws Exception {
    Require.sandbox();
    AtomicReference<String[]> seen = new AtomicReference<>();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread t = new Thread(() -> {
      try {
        Direct ownPath = Direct.string(nb, "/proc/thread-self/ns/net");
        int own = nb.open(ownPath.address(), Syscalls.O_RDONLY | Syscalls.O_CLOEXEC, 0);
        Reference.reachabilityFence(ownPath);
        assertTrue(own >= 0, Errno.name(own));
        String before = netns();
        assertEquals(0, nb.unshare(Syscalls.CLONE_NEWNET));
        String inside = netns();
        assertEquals(0, nb.setns(own, Syscalls.CLONE_NEWNET));
        assertEquals(0, nb.close(own));
        seen.set(new String[] {before, inside, netns()});
      } catch (Throwable e) {
        failure.set(e);
      }
    }, "netns-" + nb.name());
    t.start();
    t.join();
    if (failure.get() != null) {
      throw new AssertionError("on the namespace thread", failure.get());
    }
    String[] s = seen.get();
    assertNotEquals(s[0], s[1], "unshare made a new namespace");
    assertEquals(s[0], s[2], "setns returned to the first");
    assertEquals(s[0], netns(), "the test's own thread never moved");
  }

  @ParameterizedTest
  @MethodSource("backends")
  void mountAndUnmountATmpfs(NativeBackend nb, @TempDir Path dir) throws Exception {
    Require.sandbox();
    Path target = Files.createDirectory(dir.resolve("mnt"));
    Direct path = Direct.string(nb, target.toString());
    Direct source = Direct.string(nb, "rtnl4j-test");
    Direct fstype = Direct.string(nb, "tmpfs");
    Direct options = Direct.string(nb, "size=1m");
    // the buffers must stay reachable until the call returns, or the collector may free them under it
    assertEquals(0, nb.mount(source.address(), path.address(), fstype.address(), 0, options.address()));
    Reference.reachabilityFence(new Object[] {source, fstype, options});
    try {
      Files.writeString(target.resolve("x"), "y");
    } finally {
      assertEquals(0, nb.umount2(path.address(), 0));
    }
    assertTrue(Files.notExists(target.resolve("x")), "the file lived on the tmpfs");
    assertEquals(-Errno.EINVAL, nb.umount2(path.address(), 0), "not a mount point any more");
  }

  /** How a child ended, from {@code waitid}'s siginfo: si_code and si_status. */
  record Ended(int pid, int code, int status) {}

  static Ended waitid(NativeBackend nb, int idtype, int id) {
    Direct siginfo = Direct.allocate(nb, Structs.SIGINFO);
    int r;
    do {
      r = nb.waitid(idtype, id, siginfo.address(), Syscalls.WEXITED);
    } while (r == -Errno.EINTR);
    assertEquals(0, r, "waitid: " + Errno.name(r));
    assertEquals(Syscalls.SIGCHLD, siginfo.getInt((int) Structs.SI_SIGNO));
    return new Ended(siginfo.getInt((int) Structs.SI_PID), siginfo.getInt((int) Structs.SI_CODE),
        siginfo.getInt((int) Structs.SI_STATUS));
  }

  /**
   * posix_spawn with {@code env} as the whole environment, stdout to {@code stdout} (or inherited
   * when null), signals reset, fds from 3 closed, in a process group of its own: its pid, or -error.
   */
  static int spawn(NativeBackend nb, Path stdout, List<String> env, String... argv) {
    Direct fa = Direct.allocate(nb, Structs.POSIX_SPAWN_FILE_ACTIONS);
    Direct attr = Direct.allocate(nb, Structs.POSIX_SPAWNATTR);
    assertEquals(0, nb.fileActionsInit(fa.address()));
    assertEquals(0, nb.spawnAttrInit(attr.address()));
    try {
      Direct out = stdout == null ? null : Direct.string(nb, stdout.toString());
      if (out != null) {
        assertEquals(0, nb.fileActionsAddOpen(fa.address(), 1, out.address(),
            Syscalls.O_WRONLY | Syscalls.O_CREAT | Syscalls.O_TRUNC, 0644));
        assertEquals(0, nb.fileActionsAddDup2(fa.address(), 1, 2));
      }
      Direct root = Direct.string(nb, "/");
      assertEquals(0, nb.fileActionsAddChdir(fa.address(), root.address()));
      assertTrue(nb.hasFileActionsAddCloseFrom(), "glibc 2.34 or later");
      assertEquals(0, nb.fileActionsAddCloseFrom(fa.address(), 3));
      Direct empty = Direct.allocate(nb, Structs.SIGSET);
      Direct all = Direct.allocate(nb, Structs.SIGSET);
      assertEquals(0, nb.sigemptyset(empty.address()));
      assertEquals(0, nb.sigfillset(all.address()));
      assertEquals(0, nb.spawnAttrSetSigMask(attr.address(), empty.address()));
      assertEquals(0, nb.spawnAttrSetSigDefault(attr.address(), all.address()));
      assertEquals(0, nb.spawnAttrSetPgroup(attr.address(), 0));
      assertEquals(0, nb.spawnAttrSetFlags(attr.address(), (short) (Spawn.SETSIGMASK | Spawn.SETSIGDEF | Spawn.SETPGROUP)));
      Direct[] args = Stream.of(argv).map(a -> Direct.string(nb, a)).toArray(Direct[]::new);
      Direct[] envs = env.stream().map(e -> Direct.string(nb, e)).toArray(Direct[]::new);
      Direct pid = Direct.allocate(nb, 4);
      Direct argvArray = Direct.pointers(nb, args);
      Direct envArray = Direct.pointers(nb, envs);
      int r = nb.posixSpawn(pid.address(), args[0].address(), fa.address(), attr.address(), argvArray.address(), envArray.address());
      // the strings and arrays must stay reachable until the call returns
      Reference.reachabilityFence(new Object[] {args, envs, argvArray, envArray, out, root, empty, all});
      return r < 0 ? r : pid.getInt(0);
    } finally {
      assertEquals(0, nb.spawnAttrDestroy(attr.address()));
      assertEquals(0, nb.fileActionsDestroy(fa.address()));
    }
  }

  @ParameterizedTest
  @MethodSource("backends")
  void posixSpawnOfTrueAndFalseEndWithTheirExitCodes(NativeBackend nb) {
    int t = spawn(nb, null, List.of(), "/bin/true");
    assertTrue(t > 0, "posix_spawn /bin/true: " + Errno.name(t));
    assertEquals(new Ended(t, CLD_EXITED, 0), waitid(nb, Syscalls.P_PID, t));
    int f = spawn(nb, null, List.of(), "/bin/false");
    assertTrue(f > 0, "posix_spawn /bin/false: " + Errno.name(f));
    assertEquals(new Ended(f, CLD_EXITED, 1), waitid(nb, Syscalls.P_PID, f));
  }

  @ParameterizedTest
  @MethodSource("backends")
  void posixSpawnOfAMissingProgramAnswersEnoentAndLeavesNoChild(NativeBackend nb) {
    List<Children.Child> before = Children.now();
    assertEquals(-Errno.ENOENT, spawn(nb, null, List.of(), "/nonexistent/rtnl4j-program"));
    assertEquals(before.stream().map(Children.Child::pid).toList(), Children.now().stream().map(Children.Child::pid).toList(),
        "no child was left behind");
  }

  @ParameterizedTest
  @MethodSource("backends")
  void theChildGetsExactlyTheEnvironmentAndTheStdoutFileItWasGiven(NativeBackend nb, @TempDir Path dir) throws IOException {
    Path out = dir.resolve("env");
    int pid = spawn(nb, out, List.of("RTNL4J_BACKEND_TEST=" + nb.name(), "LANG=C"), "/usr/bin/env");
    assertTrue(pid > 0, "posix_spawn /usr/bin/env: " + Errno.name(pid));
    assertEquals(new Ended(pid, CLD_EXITED, 0), waitid(nb, Syscalls.P_PID, pid));
    assertEquals("RTNL4J_BACKEND_TEST=" + nb.name() + "\nLANG=C\n", Files.readString(out));
  }

  @ParameterizedTest
  @MethodSource("backends")
  void aSpawnedChildLeadsItsGroupAndDiesOfTheSignalSentThroughItsPidfd(NativeBackend nb) throws IOException {
    int pid = spawn(nb, null, List.of(), "/bin/sleep", "30");
    assertTrue(pid > 0, "posix_spawn /bin/sleep: " + Errno.name(pid));
    int pidfd = nb.pidfdOpen(pid, 0);
    assertTrue(pidfd >= 0, "pidfd_open: " + Errno.name(pidfd));
    try {
      assertEquals(0, nb.kill(pid, 0), "the child runs");
      assertEquals(pid, Children.statField(pid, 5), "posix_spawnattr_setpgroup(0) made it lead a new group");
      assertEquals(0, nb.pidfdSendSignal(pidfd, Syscalls.SIGKILL));
      assertEquals(new Ended(pid, CLD_KILLED, Syscalls.SIGKILL), waitid(nb, Syscalls.P_PIDFD, pidfd));
    } finally {
      assertEquals(0, nb.close(pidfd));
    }
  }

  @ParameterizedTest
  @MethodSource("backends")
  void aDirectBufferHasOneAddressWhateverItsPositionAndEveryBackendAgrees(NativeBackend nb) {
    ByteBuffer b = ByteBuffer.allocateDirect(64);
    long base = nb.address(b);
    assertNotEquals(0, base);
    b.position(24);
    assertEquals(base, nb.address(b));
    ByteBuffer slice = b.slice(16, 8);
    assertEquals(base + 16, nb.address(slice));
    assertEquals(List.of(base), backends().map(other -> other.getPayload().address(b)).distinct().toList());
  }

  @ParameterizedTest
  @MethodSource("backends")
  void aHeapBufferHasNoAddress(NativeBackend nb) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> nb.address(ByteBuffer.allocate(16)));
    assertEquals("a native call needs a direct ByteBuffer (ByteBuffer.allocateDirect), got a heap buffer of 16 bytes",
        e.getMessage());
  }
}
