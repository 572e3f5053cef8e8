package dev.rtnl4j.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpawnTest {
  @Test
  void trueExitsWithZero() {
    int pid = Spawn.command("/bin/true").start();
    assertTrue(pid > 0);
    Spawn.ExitStatus st = Spawn.waitFor(pid);
    assertEquals(pid, st.pid());
    assertTrue(st.exited());
    assertEquals(0, st.exitCode());
  }

  @Test
  void falseExitsWithOne() {
    Spawn.ExitStatus st = Spawn.waitFor(Spawn.command("/bin/false").start());
    assertTrue(st.exited());
    assertEquals(1, st.exitCode());
    assertEquals(st.pid() + " exited with 1", st.toString().replace("pid ", ""));
  }

  @Test
  void missingProgramFailsWithEnoentAndLeavesNoChild() {
    List<Children.Child> before = Children.now();
    NativeException e = assertThrows(NativeException.class, () -> Spawn.command("/nonexistent/rtnl4j-program", "x").start());
    assertEquals("ENOENT", e.errnoName());
    assertEquals("posix_spawn /nonexistent/rtnl4j-program", e.operation());
    List<Children.Child> after = Children.now();
    assertTrue(after.stream().noneMatch(c -> c.state() == 'Z'), "zombies: " + after);
    assertEquals(before.stream().map(Children.Child::pid).toList(), after.stream().map(Children.Child::pid).toList(),
        "no child was left behind");
  }

  @Test
  void stdoutAndStdinRedirectToFiles(@TempDir Path dir) throws Exception {
    Path in = Files.writeString(dir.resolve("in"), "from a file\n");
    Path out = dir.resolve("out");
    int pid = Spawn.command("/bin/cat").stdin(in).stdout(out, false).start();
    assertEquals(0, Spawn.waitFor(pid).exitCode());
    assertEquals("from a file\n", Files.readString(out));
    pid = Spawn.command("/bin/echo", "again").stdout(out, true).start();
    assertEquals(0, Spawn.waitFor(pid).exitCode());
    assertEquals("from a file\nagain\n", Files.readString(out));
  }

  @Test
  void stderrRedirectsToAnFd(@TempDir Path dir) throws Exception {
    Path err = dir.resolve("err");
    int fd = Syscalls.open(err.toString(), Syscalls.O_WRONLY | Syscalls.O_CREAT | Syscalls.O_CLOEXEC, 0644);
    try {
      int pid = Spawn.command("/bin/ls", "/nonexistent/rtnl4j").stderr(fd).start();
      assertEquals(2, Spawn.waitFor(pid).exitCode());
    } finally {
      Syscalls.close(fd);
    }
    assertTrue(Files.readString(err).contains("/nonexistent/rtnl4j"), Files.readString(err));
  }

  @Test
  void theChildInheritsNoFdBeyondStdinStdoutAndStderr(@TempDir Path dir) throws Exception {
    // an fd without close-on-exec, as the JVM leaves the pipes of a ProcessBuilder child
    int leaked = Syscalls.open(dir.resolve("leak").toString(), Syscalls.O_WRONLY | Syscalls.O_CREAT, 0644);
    Path out = dir.resolve("fds");
    try {
      assertTrue(leaked > 2);
      assertTrue(Files.exists(Path.of("/proc/self/fd/" + leaked)));
      int pid = Spawn.command("/bin/ls", "/proc/self/fd").stdout(out, false).start();
      assertEquals(0, Spawn.waitFor(pid).exitCode());
    } finally {
      Syscalls.close(leaked);
    }
    // ls itself opens one fd (3) for the directory it lists
    assertEquals(List.of("0", "1", "2", "3"), Files.readAllLines(out).stream().sorted().toList());
  }

  @Test
  void aDup2TargetAboveTwoIsKeptAndNothingBeyondIt(@TempDir Path dir) throws Exception {
    int leaked = Syscalls.open(dir.resolve("leak").toString(), Syscalls.O_WRONLY | Syscalls.O_CREAT, 0644);
    Path out = dir.resolve("fds");
    try {
      int pid = Spawn.command("/bin/ls", "/proc/self/fd").dup2(leaked, 5).stdout(out, false).start();
      assertEquals(0, Spawn.waitFor(pid).exitCode());
    } finally {
      Syscalls.close(leaked);
    }
    // fd 5 as asked; ls lists its directory through the lowest free fd, 3
    assertEquals(List.of("0", "1", "2", "3", "5"), Files.readAllLines(out).stream().sorted().toList());
  }

  @Test
  void missingStdinFileFailsTheSpawnWithEnoent(@TempDir Path dir) {
    NativeException e = assertThrows(NativeException.class,
        () -> Spawn.command("/bin/cat").stdin(dir.resolve("missing")).start());
    assertEquals("ENOENT", e.errnoName());
    assertTrue(Children.now().stream().noneMatch(c -> c.state() == 'Z'));
  }

  @Test
  void environmentIsExactlyTheOneGiven(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("env");
    int pid = Spawn.command("/usr/bin/env").environment(Map.of("A", "1", "NOTIFY_SOCKET", "/run/x")).stdout(out, false).start();
    assertEquals(0, Spawn.waitFor(pid).exitCode());
    assertEquals(List.of("A=1", "NOTIFY_SOCKET=/run/x"), Files.readAllLines(out).stream().sorted().toList());
  }

  @Test
  void directoryAction(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("pwd");
    int pid = Spawn.command("/bin/pwd").directory(dir).stdout(out, false).start();
    assertEquals(0, Spawn.waitFor(pid).exitCode());
    assertEquals(dir.toRealPath().toString(), Files.readString(out).strip());
  }

  @Test
  void newSessionMakesTheChildASessionAndGroupLeaderWithNoSignalsBlockedOrIgnored() throws Exception {
    int pid = Spawn.command("/bin/sleep", "30").newSession().start();
    try {
      assertEquals(pid, Children.statField(pid, 6), "session id");
      assertEquals(pid, Children.statField(pid, 5), "process group");
      String status = Files.readString(Path.of("/proc/" + pid + "/status"));
      assertTrue(status.contains("SigBlk:\t0000000000000000"), status);
      assertTrue(status.contains("SigIgn:\t0000000000000000"), status);
    } finally {
      Spawn.kill(pid, Syscalls.SIGKILL);
      Spawn.waitFor(pid);
    }
  }

  @Test
  void processGroupZeroMakesANewGroupInTheSameSession() throws Exception {
    int pid = Spawn.command("/bin/sleep", "30").processGroup(0).start();
    try {
      assertEquals(pid, Children.statField(pid, 5), "process group");
      assertEquals(Children.statField(Syscalls.getpid(), 6), Children.statField(pid, 6), "same session as the JVM");
    } finally {
      Spawn.kill(pid, Syscalls.SIGKILL);
      Spawn.waitFor(pid);
    }
  }

  @Test
  void pidfdSignalKillsAndTimedWaitReportsRunningThenSignal() {
    int pid = Spawn.command("/bin/sleep", "30").start();
    int pidfd = Spawn.pidfdOpen(pid);
    try {
      assertNull(Spawn.waitFor(pid, 50), "still running");
      assertNull(Spawn.tryWait(pid));
      Spawn.signal(pidfd, Syscalls.SIGTERM);
      Spawn.ExitStatus st = Spawn.waitFor(pid, 5000);
      assertTrue(st.signaled(), st.toString());
      assertEquals(Syscalls.SIGTERM, st.signal());
      NativeException e = assertThrows(NativeException.class, () -> Spawn.signal(pidfd, Syscalls.SIGTERM));
      assertEquals("ESRCH", e.errnoName(), "the pidfd still names the reaped process, never a reused pid");
    } finally {
      Syscalls.close(pidfd);
    }
  }

  @Test
  void waitidReportsTheExitCodeInSiginfo() {
    int pid = Spawn.command("/bin/sh", "-c", "exit 7").start();
    java.nio.ByteBuffer info = Scratch.allocate(Syscalls.siginfoSize());
    assertEquals(0, Syscalls.waitid(Syscalls.P_PID, pid, info, Syscalls.WEXITED));
    assertEquals(Syscalls.SIGCHLD, info.getInt(Structs.SI_SIGNO));
    assertEquals(pid, info.getInt(Structs.SI_PID));
    assertEquals(1 /* CLD_EXITED */, info.getInt(Structs.SI_CODE));
    assertEquals(7, info.getInt(Structs.SI_STATUS));
    assertEquals(-Errno.ECHILD, Syscalls.waitpid(pid, null, Syscalls.WNOHANG), "reaped");
  }

  @Test
  void waitingForANonChildAnswersEchild() {
    NativeException e = assertThrows(NativeException.class, () -> Spawn.waitFor(1));
    assertEquals("ECHILD", e.errnoName());
  }

  @Test
  void argvWithANulByteIsRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Spawn.command("/bin/echo", "a\0b"));
    assertTrue(e.getMessage().contains("argv[1]"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Spawn.command(List.of()));
  }
}
