package dev.rtnl4j.sys;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Starts a program with {@code posix_spawn(3)}: an argv array (no shell), an environment, file
 * actions (redirect stdin/stdout/stderr to an fd or a file, close fds, change directory) and
 * attributes (signal mask emptied and every signal's disposition reset to default by default, a
 * process group, {@code POSIX_SPAWN_SETSID}). Returns the child's pid; the wait, pidfd and signal
 * helpers are static methods here.
 *
 * <p>A program that cannot be executed (missing, not executable) fails {@link #start()} with a
 * {@link NativeException} carrying the error posix_spawn returns (ENOENT, EACCES…); glibc has
 * then already reaped the short-lived child, so no zombie stays. The child inherits fds 0, 1 and 2
 * and the targets of {@link #dup2} only: every other fd is closed in the child (the JVM and other
 * libraries leave fds without close-on-exec, e.g. the pipes of a {@code ProcessBuilder} child being
 * started at the same moment; a long-lived child holding such a pipe's write end would keep the
 * reader from ever seeing end-of-file).
 *
 * <pre>{@code
 * int pid = Spawn.command("/usr/bin/systemd-nspawn", "--quiet", ...)
 *     .environment(Map.of("NOTIFY_SOCKET", path))
 *     .stdout(Path.of("/tmp/out.log"), true)
 *     .newSession()
 *     .start();
 * Spawn.ExitStatus st = Spawn.waitFor(pid);
 * }</pre>
 */
public final class Spawn {
  /** {@code POSIX_SPAWN_SETPGROUP}. */
  static final short SETPGROUP = 0x02;
  /** {@code POSIX_SPAWN_SETSIGDEF}. */
  static final short SETSIGDEF = 0x04;
  /** {@code POSIX_SPAWN_SETSIGMASK}. */
  static final short SETSIGMASK = 0x08;
  /** {@code POSIX_SPAWN_SETSID} (glibc 2.26 and later). */
  static final short SETSID = 0x80;

  private sealed interface Action permits Dup2, OpenFile, CloseFd, Chdir {}

  private record Dup2(int fd, int target) implements Action {}

  private record OpenFile(int target, String path, int flags, int mode) implements Action {}

  private record CloseFd(int fd) implements Action {}

  private record Chdir(String dir) implements Action {}

  private final List<String> argv;
  private String executable;
  private List<String> env;
  private final List<Action> actions = new ArrayList<>();
  private boolean resetSignals = true;
  private boolean setsid;
  private int processGroup = -1;

  private Spawn(List<String> argv) {
    if (argv.isEmpty()) {
      throw new IllegalArgumentException("spawn needs at least argv[0], the program");
    }
    for (int i = 0; i < argv.size(); i++) {
      String a = Objects.requireNonNull(argv.get(i), "argv[" + i + "] is null");
      if (a.indexOf('\0') >= 0) {
        throw new IllegalArgumentException("argv[" + i + "] contains a NUL byte: " + a.replace('\0', '?'));
      }
    }
    this.argv = List.copyOf(argv);
    this.executable = argv.get(0);
  }

  /** A spawn of {@code argv}; {@code argv[0]} is the program's path unless {@link #executable} says otherwise. */
  public static Spawn command(String... argv) {
    return new Spawn(List.of(argv));
  }

  /** A spawn of {@code argv}. */
  public static Spawn command(List<String> argv) {
    return new Spawn(argv);
  }

  /** The file to execute (an absolute or relative path; no PATH search), when not {@code argv[0]}. */
  public Spawn executable(String path) {
    this.executable = Objects.requireNonNull(path);
    return this;
  }

  /** The child's whole environment (replacing the default, this process's environment). */
  public Spawn environment(Map<String, String> environment) {
    List<String> l = new ArrayList<>(environment.size());
    environment.forEach((k, v) -> l.add(k + "=" + v));
    this.env = l;
    return this;
  }

  /** The child's whole environment as {@code KEY=VALUE} strings. */
  public Spawn environment(List<String> keyValues) {
    this.env = List.copyOf(keyValues);
    return this;
  }

  /** The child's stdin is {@code fd} of this process (dup2). */
  public Spawn stdin(int fd) {
    return dup2(fd, 0);
  }

  /** The child's stdin is the file {@code file}, opened read-only. */
  public Spawn stdin(Path file) {
    actions.add(new OpenFile(0, file.toString(), Syscalls.O_RDONLY, 0));
    return this;
  }

  /** The child's stdout is {@code fd} of this process. */
  public Spawn stdout(int fd) {
    return dup2(fd, 1);
  }

  /** The child's stdout goes to {@code file} (created 0644; appended to or truncated). */
  public Spawn stdout(Path file, boolean append) {
    return openOutput(1, file, append);
  }

  /** The child's stderr is {@code fd} of this process. */
  public Spawn stderr(int fd) {
    return dup2(fd, 2);
  }

  /** The child's stderr goes to {@code file} (created 0644; appended to or truncated). */
  public Spawn stderr(Path file, boolean append) {
    return openOutput(2, file, append);
  }

  /** The child gets {@code fd} of this process as its {@code target} (dup2; clears close-on-exec on target). */
  public Spawn dup2(int fd, int target) {
    actions.add(new Dup2(fd, target));
    return this;
  }

  /** The child closes {@code fd} before exec. */
  public Spawn closeFd(int fd) {
    actions.add(new CloseFd(fd));
    return this;
  }

  /** The child changes to {@code dir} before exec. */
  public Spawn directory(Path dir) {
    actions.add(new Chdir(dir.toString()));
    return this;
  }

  /** Starts the child in a new session ({@code POSIX_SPAWN_SETSID}), without a controlling terminal. */
  public Spawn newSession() {
    this.setsid = true;
    return this;
  }

  /** Puts the child in process group {@code pgid}; 0 makes a new group led by the child. */
  public Spawn processGroup(int pgid) {
    if (pgid < 0) {
      throw new IllegalArgumentException("process group must be >= 0, was " + pgid);
    }
    this.processGroup = pgid;
    return this;
  }

  /**
   * Whether to empty the child's signal mask and reset every signal to its default disposition
   * (default true: the JVM's blocked and ignored signals must not leak into the child).
   */
  public Spawn resetSignals(boolean reset) {
    this.resetSignals = reset;
    return this;
  }

  private Spawn openOutput(int target, Path file, boolean append) {
    int flags = Syscalls.O_WRONLY | Syscalls.O_CREAT | (append ? Syscalls.O_APPEND : Syscalls.O_TRUNC);
    actions.add(new OpenFile(target, file.toString(), flags, 0644));
    return this;
  }

  /**
   * Spawns the child and returns its pid.
   *
   * @throws NativeException with the error posix_spawn returned (ENOENT for a missing program,
   *     EACCES, ENOEXEC; or the error of a file action, e.g. ENOENT for a missing stdin file)
   * @throws IllegalStateException when this JVM's {@link NativeBackends#get() native backend}
   *     cannot be used (it says why)
   */
  public int start() {
    List<String> environment = env != null ? env : currentEnvironment();
    try (Scratch scratch = new Scratch()) {
      NativeBackend sys = NativeBackends.get();
      long fa = Scratch.address(scratch.buffer(Structs.POSIX_SPAWN_FILE_ACTIONS));
      long attr = Scratch.address(scratch.buffer(Structs.POSIX_SPAWNATTR));
      check(sys.fileActionsInit(fa), "posix_spawn_file_actions_init");
      try {
        check(sys.spawnAttrInit(attr), "posix_spawnattr_init");
        try {
          for (Action a : actions) {
            if (a instanceof Dup2 d) {
              check(sys.fileActionsAddDup2(fa, d.fd(), d.target()), () -> "posix_spawn_file_actions_adddup2(" + d.fd() + ", " + d.target() + ")");
            } else if (a instanceof OpenFile o) {
              check(sys.fileActionsAddOpen(fa, o.target(), scratch.string(o.path()), o.flags() | Syscalls.O_NOCTTY, o.mode()),
                  () -> "posix_spawn_file_actions_addopen(" + o.target() + ", " + o.path() + ")");
            } else if (a instanceof CloseFd c) {
              check(sys.fileActionsAddClose(fa, c.fd()), () -> "posix_spawn_file_actions_addclose(" + c.fd() + ")");
            } else {
              Chdir c = (Chdir) a;
              check(sys.fileActionsAddChdir(fa, scratch.string(c.dir())), () -> "posix_spawn_file_actions_addchdir_np(" + c.dir() + ")");
            }
          }
          closeTheRest(sys, fa);
          short flags = 0;
          if (resetSignals) {
            long empty = Scratch.address(scratch.buffer(Structs.SIGSET));
            ByteBuffer all = scratch.buffer(Structs.SIGSET);
            long allAt = Scratch.address(all);
            sys.sigemptyset(empty);
            sys.sigfillset(allAt);
            // glibc's sigfillset leaves out its internal signals 32 (SIGCANCEL) and 33 (SIGSETXID), and
            // its posix_spawn then sets them to SIG_IGN in the child, which exec keeps. Name all 64.
            all.putLong(0, -1L);
            check(sys.spawnAttrSetSigMask(attr, empty), "posix_spawnattr_setsigmask");
            check(sys.spawnAttrSetSigDefault(attr, allAt), "posix_spawnattr_setsigdefault");
            flags |= SETSIGMASK | SETSIGDEF;
          }
          if (processGroup >= 0) {
            check(sys.spawnAttrSetPgroup(attr, processGroup), "posix_spawnattr_setpgroup");
            flags |= SETPGROUP;
          }
          if (setsid) {
            flags |= SETSID;
          }
          check(sys.spawnAttrSetFlags(attr, flags), "posix_spawnattr_setflags");
          ByteBuffer pid = scratch.buffer(4);
          int err = sys.posixSpawn(Scratch.address(pid), scratch.string(executable), fa, attr,
              strings(scratch, argv), strings(scratch, environment));
          if (err != 0) {
            throw new NativeException("posix_spawn " + executable, -err);
          }
          return pid.getInt(0);
        } finally {
          sys.spawnAttrDestroy(attr);
        }
      } finally {
        sys.fileActionsDestroy(fa);
      }
    }
  }

  /**
   * Closes every fd above 2 but the targets the actions gave the child (added after them, so a
   * dup2 source is closed only once copied; glibc's child ignores EBADF for an fd not open).
   */
  private void closeTheRest(NativeBackend sys, long fa) {
    java.util.BitSet kept = new java.util.BitSet();
    for (Action a : actions) {
      if (a instanceof Dup2 d) {
        kept.set(d.target());
      } else if (a instanceof OpenFile o) {
        kept.set(o.target());
      } else if (a instanceof CloseFd c) {
        kept.clear(c.fd());
      }
    }
    int from = Math.max(3, kept.length());
    for (int fd = 3; fd < from; fd++) {
      if (!kept.get(fd)) {
        check(sys.fileActionsAddClose(fa, fd), "posix_spawn_file_actions_addclose(" + fd + ")");
      }
    }
    if (sys.hasFileActionsAddCloseFrom()) {
      check(sys.fileActionsAddCloseFrom(fa, from), () -> "posix_spawn_file_actions_addclosefrom_np(" + from + ")");
      return;
    }
    // Before glibc 2.34: close what is open now; glibc's child ignores EBADF for one closed since.
    try (java.nio.file.DirectoryStream<Path> fds = java.nio.file.Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
      for (Path f : fds) {
        int fd = Integer.parseInt(f.getFileName().toString());
        if (fd >= from) {
          check(sys.fileActionsAddClose(fa, fd), () -> "posix_spawn_file_actions_addclose(" + fd + ")");
        }
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("list /proc/self/fd to close the child's inherited fds", e);
    }
  }

  /** Throws for a call of the posix_spawn family that answered {@code -error}. */
  private static void check(int negativeError, String what) {
    if (negativeError != 0) {
      throw new NativeException(what, negativeError);
    }
  }

  /** As {@link #check(int, String)}, the words made only on failure (a spawn runs these once, cold). */
  private static void check(int negativeError, java.util.function.Supplier<String> what) {
    if (negativeError != 0) {
      throw new NativeException(what.get(), negativeError);
    }
  }

  private static List<String> currentEnvironment() {
    List<String> l = new ArrayList<>();
    System.getenv().forEach((k, v) -> l.add(k + "=" + v));
    return l;
  }

  /** A NULL-terminated {@code char *[]}, its strings and itself held by {@code scratch}: its address. */
  private static long strings(Scratch scratch, List<String> list) {
    ByteBuffer array = scratch.buffer(8 * (list.size() + 1));
    for (int i = 0; i < list.size(); i++) {
      array.putLong(8 * i, scratch.string(list.get(i)));
    }
    return Scratch.address(array);
  }

  // ---- waiting and signalling

  /**
   * How a child ended, decoded from a {@code waitpid} status.
   *
   * @param pid the child's pid
   * @param status the raw wait status
   */
  public record ExitStatus(int pid, int status) {
    /** True when the child exited normally (WIFEXITED). */
    public boolean exited() {
      return (status & 0x7f) == 0;
    }

    /** The exit code (WEXITSTATUS), meaningful when {@link #exited()}. */
    public int exitCode() {
      return (status >> 8) & 0xff;
    }

    /** True when a signal ended the child (WIFSIGNALED). */
    public boolean signaled() {
      int s = status & 0x7f;
      return s != 0 && s != 0x7f;
    }

    /** The signal that ended the child (WTERMSIG), meaningful when {@link #signaled()}. */
    public int signal() {
      return status & 0x7f;
    }

    @Override
    public String toString() {
      return "pid " + pid + (exited() ? " exited with " + exitCode() : signaled() ? " killed by signal " + signal() : " status " + status);
    }
  }

  /**
   * Waits for child {@code pid} to end and reaps it (retrying on EINTR).
   *
   * @throws NativeException ECHILD when {@code pid} is not an unreaped child of this process
   */
  public static ExitStatus waitFor(int pid) {
    ByteBuffer status = Scratch.allocate(4);
    int r;
    do {
      r = Syscalls.waitpid(pid, status, 0);
    } while (r == -Errno.EINTR);
    if (r < 0) {
      throw new NativeException("waitpid " + pid, r);
    }
    return new ExitStatus(r, status.getInt(0));
  }

  /**
   * Reaps child {@code pid} if it has ended, without blocking; null while it runs.
   *
   * @throws NativeException ECHILD when {@code pid} is not an unreaped child of this process
   */
  public static ExitStatus tryWait(int pid) {
    ByteBuffer status = Scratch.allocate(4);
    int r;
    do {
      r = Syscalls.waitpid(pid, status, Syscalls.WNOHANG);
    } while (r == -Errno.EINTR);
    if (r < 0) {
      throw new NativeException("waitpid " + pid, r);
    }
    return r == 0 ? null : new ExitStatus(r, status.getInt(0));
  }

  /**
   * Waits up to {@code timeoutMillis} for child {@code pid} to end (through a pidfd and poll) and
   * reaps it; null when it is still running after the timeout.
   *
   * @throws NativeException from pidfd_open (ESRCH), poll or waitpid
   */
  public static ExitStatus waitFor(int pid, int timeoutMillis) {
    int pidfd = pidfdOpen(pid);
    try {
      ByteBuffer pfd = Scratch.allocate(Structs.POLLFD);
      pfd.putInt(Structs.POLL_FD, pidfd);
      pfd.putShort(Structs.POLL_EVENTS, Syscalls.POLLIN);
      long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
      for (;;) {
        long left = Math.max(0, (deadline - System.nanoTime()) / 1_000_000L);
        int r = Syscalls.poll(pfd, 1, (int) left);
        if (r > 0) {
          return waitFor(pid);
        }
        if (r == 0) {
          return tryWait(pid);
        }
        if (r != -Errno.EINTR) {
          throw new NativeException("poll on pidfd of " + pid, r);
        }
      }
    } finally {
      Syscalls.close(pidfd);
    }
  }

  /**
   * Opens a pidfd for {@code pid} (close-on-exec; the caller closes it).
   *
   * @throws NativeException ESRCH when no such process
   */
  public static int pidfdOpen(int pid) {
    int fd = Syscalls.pidfdOpen(pid, 0);
    if (fd < 0) {
      throw new NativeException("pidfd_open " + pid, fd);
    }
    return fd;
  }

  /**
   * Sends {@code signal} to the process of {@code pidfd} (no pid-reuse race).
   *
   * @throws NativeException ESRCH when it has ended, EBADF for a bad fd
   */
  public static void signal(int pidfd, int signal) {
    int r = Syscalls.pidfdSendSignal(pidfd, signal);
    if (r < 0) {
      throw new NativeException("pidfd_send_signal " + signal + " to pidfd " + pidfd, r);
    }
  }

  /**
   * Sends {@code signal} to {@code pid} ({@code kill(2)}; a negative pid names a process group).
   *
   * @throws NativeException ESRCH when no such process, EPERM
   */
  public static void kill(int pid, int signal) {
    int r = Syscalls.kill(pid, signal);
    if (r < 0) {
      throw new NativeException("kill " + signal + " to " + pid, r);
    }
  }
}
