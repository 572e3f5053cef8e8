package dev.rtnl4j.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rtnl4j.testkit.Require;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyscallsTest {
  @Test
  void closingAClosedFdAnswersEbadf() {
    int fd = NativeException.check(Syscalls.open("/dev/null", Syscalls.O_RDONLY | Syscalls.O_CLOEXEC, 0), "open /dev/null");
    assertEquals(0, Syscalls.close(fd));
    int r = Syscalls.close(fd);
    assertEquals(-Errno.EBADF, r);
    NativeException e = assertThrows(NativeException.class, () -> NativeException.check(r, "close"));
    assertEquals("close: EBADF (Bad file descriptor)", e.getMessage());
  }

  @Test
  void badSocketTypeAnswersEinval() {
    assertEquals(-Errno.EINVAL, Syscalls.socket(Syscalls.AF_UNIX, 999, 0));
  }

  @Test
  void setnsWithAFileThatIsNoNamespaceAnswersEinval() {
    int fd = Syscalls.open("/dev/null", Syscalls.O_RDONLY | Syscalls.O_CLOEXEC, 0);
    try {
      assertEquals(-Errno.EINVAL, Syscalls.setns(fd, Syscalls.CLONE_NEWNET));
    } finally {
      Syscalls.close(fd);
    }
  }

  @Test
  void unshareWithAnUnknownFlagAnswersEinval() {
    assertEquals(-Errno.EINVAL, Syscalls.unshare(0x1));
  }

  @Test
  void openingAMissingFileAnswersEnoent() {
    assertEquals(-Errno.ENOENT, Syscalls.open("/nonexistent/rtnl4j", Syscalls.O_RDONLY, 0));
  }

  /**
   * finit_module/init_module through syscall(2). This machine's kernel (6.18) is built without
   * module support and answers ENOSYS; a kernel with modules refuses /dev/null's empty image
   * instead.
   */
  @Test
  void finitModuleAnswersEnosysWithoutModuleSupportElseRefusesAnEmptyImage() {
    int fd = Syscalls.open("/dev/null", Syscalls.O_RDONLY | Syscalls.O_CLOEXEC, 0);
    try {
      int r = Syscalls.finitModule(fd, "", 0);
      assertModuleLoadsRefused(r, Syscalls.initModule(Scratch.allocate(64), ""));
    } finally {
      Syscalls.close(fd);
    }
  }

  /**
   * The answers of finit_module (of /dev/null) and init_module (of 64 zero bytes): ENOSYS on a
   * kernel without module support, else a refusal of another kind.
   */
  static void assertModuleLoadsRefused(int finit, int init) {
    if (Files.notExists(Path.of("/proc/modules"))) {
      assertEquals("ENOSYS", Errno.name(finit));
      assertEquals("ENOSYS", Errno.name(init));
    } else {
      assertTrue(finit < 0 && finit != -Errno.ENOSYS, "finit_module of /dev/null answered " + Errno.name(finit));
      assertTrue(init < 0 && init != -Errno.ENOSYS, "init_module of 64 zero bytes answered " + Errno.name(init));
    }
  }

  @Test
  void getpidThroughSyscallMatchesTheJvmsPid() {
    long pid = ProcessHandle.current().pid();
    assertEquals(pid, Syscalls.getpid());
    assertEquals(pid, Syscalls.getpidSyscall());
  }

  @Test
  void pidfdOpenOfSelfWorksAndOfABadPidAnswersEinval() {
    int fd = Syscalls.pidfdOpen(Syscalls.getpid(), 0);
    assertTrue(fd >= 0, Errno.name(fd));
    assertEquals(0, Syscalls.pidfdSendSignal(fd, 0), "signal 0 checks the process exists");
    Syscalls.close(fd);
    assertEquals(-Errno.EINVAL, Syscalls.pidfdOpen(-1, 0));
  }

  @Test
  void variadicIoctlWithAPointerReadsTheIndexOfLo() {
    int fd = Syscalls.socket(Syscalls.AF_INET, Syscalls.SOCK_DGRAM | Syscalls.SOCK_CLOEXEC, 0);
    assertTrue(fd >= 0);
    try {
      ByteBuffer ifreq = Scratch.allocate(40);
      ifreq.put(0, "lo\0".getBytes(StandardCharsets.US_ASCII));
      assertEquals(0, Syscalls.ioctl(fd, 0x8933 /* SIOCGIFINDEX */, ifreq));
      assertEquals(1, ifreq.getInt(16));
      ifreq.put(0, "rtnl4j-none\0".getBytes(StandardCharsets.US_ASCII));
      assertEquals(-Errno.ENODEV, Syscalls.ioctl(fd, 0x8933, ifreq));
      assertEquals(-Errno.ENOTTY, Syscalls.ioctl(fd, 0x800454cfL /* TUNGETFEATURES */, 0L));
    } finally {
      Syscalls.close(fd);
    }
  }

  @Test
  void mountAndUnmountATmpfs(@TempDir Path dir) throws Exception {
    Require.sandbox();
    Path target = Files.createDirectory(dir.resolve("mnt"));
    assertEquals(0, Syscalls.mount("rtnl4j-test", target.toString(), "tmpfs", 0, "size=1m"));
    try {
      Files.writeString(target.resolve("x"), "y");
      assertTrue(Files.readString(Path.of("/proc/self/mounts")).contains(target.toString()));
    } finally {
      assertEquals(0, Syscalls.umount2(target.toString(), 0));
    }
    assertTrue(Files.notExists(target.resolve("x")), "the file lived on the tmpfs");
    assertEquals(-Errno.EINVAL, Syscalls.umount2(target.toString(), 0), "not a mount point any more");
  }

  @Test
  void renameMovesAFileInOneStepAndUnlinkRemovesIt(@TempDir Path dir) throws Exception {
    Path from = Files.writeString(dir.resolve("a.new"), "state");
    Path to = dir.resolve("a");
    assertEquals(0, Syscalls.rename(from.toString(), to.toString()));
    assertEquals("state", Files.readString(to));
    assertTrue(Files.notExists(from));
    assertEquals(-Errno.ENOENT, Syscalls.rename(from.toString(), to.toString()), "nothing left to move");
    assertEquals(0, Syscalls.unlink(to.toString()));
    assertTrue(Files.notExists(to));
    assertEquals(-Errno.ENOENT, Syscalls.unlink(to.toString()), "already gone");
    assertEquals(-Errno.EISDIR, Syscalls.unlink(dir.toString()), "a directory is not unlinked");
  }

  @Test
  void pwriteWritesAtItsOffsetWithoutMovingTheFilePositionOrTheBuffer(@TempDir Path dir) throws Exception {
    Path f = Files.writeString(dir.resolve("f"), "leader:     ;");
    int fd = NativeException.check(Syscalls.open(f.toString(), Syscalls.O_WRONLY | Syscalls.O_CLOEXEC, 0), "open " + f);
    try {
      ByteBuffer digits = ByteBuffer.allocateDirect(8).put("4242".getBytes(StandardCharsets.US_ASCII)).flip();
      assertEquals(4, Syscalls.pwrite(fd, digits, 8));
      assertEquals(0, digits.position(), "the buffer's position is left to the caller");
      ByteBuffer tail = ByteBuffer.allocateDirect(1).put((byte) '!').flip();
      assertEquals(1, Syscalls.write(fd, tail), "a write goes where the file position is: the start");
    } finally {
      Syscalls.close(fd);
    }
    assertEquals("!eader: 4242;", Files.readString(f));
    assertEquals(-Errno.EBADF, Syscalls.pwrite(fd, ByteBuffer.allocateDirect(1), 0), "a closed fd");
  }
}
