package dev.rtnl4j.sys;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

/**
 * The binding: one downcall handle per C function and a thin static accessor for each.
 *
 * <p>Accessors that can fail with errno take the caller's capture buffer (from {@link #newErrnoState})
 * first and return {@code >= 0} or {@code -errno}; they never allocate. Functions of the
 * {@code posix_spawn} family return their error number directly (not in errno) and are bound
 * without capture. Policy (retries, exceptions, buffers) lives in the classes above.
 */
final class LibC {
  private LibC() {}

  private static final Linker LINKER = Linker.nativeLinker();
  private static final SymbolLookup LOOKUP = LINKER.defaultLookup();
  private static final Linker.Option ERRNO = Linker.Option.captureCallState("errno");

  /** Layout of the capture buffer (holds errno). */
  static final StructLayout ERRNO_STATE = Linker.Option.captureStateLayout();
  private static final long ERRNO_OFFSET = ERRNO_STATE.byteOffset(MemoryLayout.PathElement.groupElement("errno"));

  /** A capture buffer for errno, owned by {@code arena}'s owner (a socket, a thread). */
  static MemorySegment newErrnoState(Arena arena) {
    return arena.allocate(ERRNO_STATE);
  }

  /** The errno captured by the last call that used {@code state}. */
  static int errno(MemorySegment state) {
    return state.get(JAVA_INT, ERRNO_OFFSET);
  }

  @SuppressWarnings("restricted")
  private static MethodHandle bind(String name, FunctionDescriptor fd, Linker.Option... options) {
    MemorySegment symbol = LOOKUP.find(name).orElseThrow(() -> new UnsatisfiedLinkError("C library has no " + name));
    return LINKER.downcallHandle(symbol, fd, options);
  }

  @SuppressWarnings("restricted")
  private static MethodHandle optional(String name, FunctionDescriptor fd) {
    return LOOKUP.find(name).map(symbol -> LINKER.downcallHandle(symbol, fd)).orElse(null);
  }

  private static MethodHandle withErrno(String name, FunctionDescriptor fd) {
    return bind(name, fd, ERRNO);
  }

  private static final MethodHandle SOCKET = withErrno("socket", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
  private static final MethodHandle BIND = withErrno("bind", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
  private static final MethodHandle CONNECT = withErrno("connect", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
  private static final MethodHandle GETSOCKNAME = withErrno("getsockname", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
  private static final MethodHandle SETSOCKOPT = withErrno("setsockopt", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
  private static final MethodHandle GETSOCKOPT = withErrno("getsockopt", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
  private static final MethodHandle SENDMSG = withErrno("sendmsg", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));
  private static final MethodHandle RECVMSG = withErrno("recvmsg", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));
  private static final MethodHandle RECVFROM = withErrno("recvfrom", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, ADDRESS));
  private static final MethodHandle SENDTO = withErrno("sendto", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));
  private static final MethodHandle CLOSE = withErrno("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
  private static final MethodHandle READ = withErrno("read", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
  private static final MethodHandle WRITE = withErrno("write", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
  private static final MethodHandle OPEN = bind("open", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT),
      ERRNO, Linker.Option.firstVariadicArg(2));
  private static final MethodHandle IOCTL_PTR = bind("ioctl", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS),
      ERRNO, Linker.Option.firstVariadicArg(2));
  private static final MethodHandle IOCTL_LONG = bind("ioctl", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG),
      ERRNO, Linker.Option.firstVariadicArg(2));
  private static final MethodHandle POLL = withErrno("poll", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
  private static final MethodHandle SETNS = withErrno("setns", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
  private static final MethodHandle UNSHARE = withErrno("unshare", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
  private static final MethodHandle MOUNT = withErrno("mount", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS));
  private static final MethodHandle UMOUNT2 = withErrno("umount2", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
  private static final MethodHandle SYSCALL = bind("syscall",
      FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG),
      ERRNO, Linker.Option.firstVariadicArg(1));
  private static final MethodHandle WAITPID = withErrno("waitpid", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
  private static final MethodHandle WAITID = withErrno("waitid", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
  private static final MethodHandle KILL = withErrno("kill", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
  private static final MethodHandle FLOCK = withErrno("flock", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
  private static final MethodHandle GETPID = bind("getpid", FunctionDescriptor.of(JAVA_INT));
  private static final MethodHandle STRERROR = bind("strerror", FunctionDescriptor.of(ADDRESS, JAVA_INT));

  // posix_spawn and helpers: they return an error number, errno is not used.
  private static final MethodHandle POSIX_SPAWN = bind("posix_spawn",
      FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
  private static final MethodHandle FA_INIT = bind("posix_spawn_file_actions_init", FunctionDescriptor.of(JAVA_INT, ADDRESS));
  private static final MethodHandle FA_DESTROY = bind("posix_spawn_file_actions_destroy", FunctionDescriptor.of(JAVA_INT, ADDRESS));
  private static final MethodHandle FA_ADDDUP2 = bind("posix_spawn_file_actions_adddup2", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
  private static final MethodHandle FA_ADDCLOSE = bind("posix_spawn_file_actions_addclose", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
  private static final MethodHandle FA_ADDOPEN = bind("posix_spawn_file_actions_addopen",
      FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
  private static final MethodHandle FA_ADDCHDIR = bind("posix_spawn_file_actions_addchdir_np", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
  /** glibc 2.34 and later; null before (then the fds to close are listed from /proc/self/fd). */
  private static final MethodHandle FA_ADDCLOSEFROM = optional("posix_spawn_file_actions_addclosefrom_np",
      FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
  private static final MethodHandle ATTR_INIT = bind("posix_spawnattr_init", FunctionDescriptor.of(JAVA_INT, ADDRESS));
  private static final MethodHandle ATTR_DESTROY = bind("posix_spawnattr_destroy", FunctionDescriptor.of(JAVA_INT, ADDRESS));
  private static final MethodHandle ATTR_SETFLAGS = bind("posix_spawnattr_setflags", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_SHORT));
  private static final MethodHandle ATTR_SETSIGMASK = bind("posix_spawnattr_setsigmask", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
  private static final MethodHandle ATTR_SETSIGDEFAULT = bind("posix_spawnattr_setsigdefault", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
  private static final MethodHandle ATTR_SETPGROUP = bind("posix_spawnattr_setpgroup", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
  private static final MethodHandle SIGEMPTYSET = bind("sigemptyset", FunctionDescriptor.of(JAVA_INT, ADDRESS));
  private static final MethodHandle SIGFILLSET = bind("sigfillset", FunctionDescriptor.of(JAVA_INT, ADDRESS));

  private static RuntimeException unexpected(Throwable t) {
    if (t instanceof RuntimeException r) {
      throw r;
    }
    if (t instanceof Error e) {
      throw e;
    }
    return new IllegalStateException("downcall failed", t);
  }

  private static int ret(MemorySegment st, int r) {
    return r < 0 ? -errno(st) : r;
  }

  private static long ret(MemorySegment st, long r) {
    return r < 0 ? -errno(st) : r;
  }

  static int socket(MemorySegment st, int domain, int type, int protocol) {
    try {
      return ret(st, (int) SOCKET.invokeExact(st, domain, type, protocol));
    } catch (Throwable t) {
      throw unexpected(t);
    }
  }

  static int bind(MemorySegment st, int fd, MemorySegment addr, int len) {
    try {
      return ret(st, (int) BIND.invokeExact(st, fd, addr, len));
    } catch (Throwable t) {
      throw unexpected(t);
    }
  }

  static int connect(MemorySegment st, int fd, MemorySegment addr, int len) {
    try {
      return ret(st, (int) CONNECT.invokeExact(st, fd, addr, len));
    } catch (Throwable t) {
      throw unexpected(t);
    }
  }

  static int getsockname(MemorySegment st, int fd, MemorySegment addr, MemorySegment lenPtr) {
    try {
      return ret(st, (int) GETSOCKNAME.invokeExact(st, fd, addr, lenPtr));
    } catch (Throwable t) {
      throw unexpected(t);
    }
  }

  static int setsockopt(MemorySegment st, int fd, int level, int name, MemorySegment value, int len) {
    try {
      return ret(st, (int) SETSOCKOPT.invokeExact(st, fd, level, name, value, len));
    } catch (Throwable t) {
      throw unexpected(t);
    }
  }

  static int getsockopt(MemorySegment st, int fd, int level, int name, MemorySegment value, MemorySegment lenPtr) {
    try {
      return ret(st, (int) GETSOCKOPT.invokeExact(st, fd, level, name, value, lenPtr));
    } catch (Throwable t) {
      throw unexpected(t);
    }
  }

  static long sendmsg(MemorySegment st, int fd, MemorySegment msghdr, int flags) {
    try {
      return ret(st, (long) SENDMSG.invokeExact(st, fd, msghdr, flags));
    } catch (Throwable t) {
      throw unexpected(t);
    }
  }

  static long recvmsg(MemorySegment st, int fd, MemorySegment msghdr, int flags) {
    try {
      return ret(st, (long) RECVMSG.invokeExact(st, fd, msghdr, flags));
    } catch (Throwable t) {
      throw unexpected(t);
    }
  }

  static long sendto(MemorySegment st, int fd, MemorySegment buf, long len, int flags, MemorySegment addr, int addrLen) {
    try {
      return ret(st, (long) SENDTO.invokeExact(st, fd, buf, len, flags, addr, addrLen));
    } catch (Throwable t) {
      throw unexpected(t);
    }
  }

  static long recvfrom(MemorySegment st, int fd, MemorySegment buf, long len, int flags, MemorySegment addr, MemorySegment addrLenPtr) {
    try {
      return ret(st, (long) RECVFROM.invokeExact(st, fd, buf, len, flags, addr, addrLenPtr));
    } catch (Throwable t) {
      throw unexpected(t);
    }
  }

  static int close(MemorySegment st, int fd) {
    try {
      return ret(st, (int) CLOSE.invokeExact(st, fd));
    } catch (Throwable t) {
      throw unexpected(t);
    }
  }

  static long read(MemorySegment st, int fd, MemorySegment buf, long len) {
    try {
      return ret(st, (long) READ.invokeExact(st, fd, buf, len));
    } catch (Throwable t) {
      throw unexpected(t);
    }
  }

  static long write(MemorySegment st, int fd, MemorySegment buf, long len) {
    try {
      return ret(st, (long) WRITE.invokeExact(st, fd, buf, len));
    } catch (Throwable t) {
      throw unexpected(t);
    }
  }

  static int open(MemorySegment st, MemorySegment path, int flags, int mode) {
    try {
      return ret(st, (int) OPEN.invokeExact(st, path, flags, mode));
    } catch (Throwable t) {
      throw unexpected(t);
    }
  }

  static int ioctl(MemorySegment st, int fd, long request, MemorySegment arg) {
    try {
      return ret(st, (int) IOCTL_PTR.invokeExact(st, fd, request, arg));
    } catch (Throwable t) {
      throw unexpected(t);
    }
  }

  static int ioctl(MemorySegment st, int fd, long request, long arg) {
    try {
      return ret(st, (int) IOCTL_LONG.invokeExact(st, fd, request, arg));
    } catch (Throwable t) {
      throw unexpected(t);
    }
  }

  static int poll(MemorySegment st, MemorySegment fds, long nfds, int timeoutMillis) {
    try {
      return ret(st, (int) POLL.invokeExact(st, fds, nfds, timeoutMillis));
    } catch (Throwable t) {
      throw unexpected(t);
    }
  }

  static int setns(MemorySegment st, int fd, int nstype) {
    try {
      return ret(st, (int) SETNS.invokeExact(st, fd, nstype));
    } catch (Throwable t) {
      throw unexpected(t);
    }
  }

  static int unshare(MemorySegment st, int flags) {
    try {
      return ret(st, (int) UNSHARE.invokeExact(st, flags));
    } catch (Throwable t) {
      throw unexpected(t);
    }
  }

  static int mount(MemorySegment st, MemorySegment source, MemorySegment target, MemorySegment fstype, long flags, MemorySegment data) {
    try {
      return ret(st, (int) MOUNT.invokeExact(st, source, target, fstype, flags, data));
    } catch (Throwable t) {
      throw unexpected(t);
    }
  }

  static int umount2(MemorySegment st, MemorySegment target, int flags) {
    try {
      return ret(st, (int) UMOUNT2.invokeExact(st, target, flags));
    } catch (Throwable t) {
      throw unexpected(t);
    }
  }

  /** {@code syscall(nr, a, b, c, d)}; pointers are passed as their addresses. */
  static long syscall(MemorySegment st, long nr, long a, long b, long c, long d) {
    try {
      return ret(st, (long) SYSCALL.invokeExact(st, nr, a, b, c, d));
    } catch (Throwable t) {
      throw unexpected(t);
    }
  }

  static int waitpid(MemorySegment st, int pid, MemorySegment status, int options) {
    try {
      return ret(st, (int) WAITPID.invokeExact(st, pid, status, options));
    } catch (Throwable t) {
      throw unexpected(t);
    }
  }

  static int waitid(MemorySegment st, int idtype, int id, MemorySegment siginfo, int options) {
    try {
      return ret(st, (int) WAITID.invokeExact(st, idtype, id, siginfo, options));
    } catch (Throwable t) {
      throw unexpected(t);
    }
  }

  static int kill(MemorySegment st, int pid, int sig) {
    try {
      return ret(st, (int) KILL.invokeExact(st, pid, sig));
    } catch (Throwable t) {
      throw unexpected(t);
    }
  }

  static int flock(MemorySegment st, int fd, int operation) {
    try {
      return ret(st, (int) FLOCK.invokeExact(st, fd, operation));
    } catch (Throwable t) {
      throw unexpected(t);
    }
  }

  static int getpid() {
    try {
      return (int) GETPID.invokeExact();
    } catch (Throwable t) {
      throw unexpected(t);
    }
  }

  static MemorySegment strerror(int errno) {
    try {
      return (MemorySegment) STRERROR.invokeExact(errno);
    } catch (Throwable t) {
      throw unexpected(t);
    }
  }

  static int posixSpawn(MemorySegment pidOut, MemorySegment path, MemorySegment fileActions, MemorySegment attr,
      MemorySegment argv, MemorySegment envp) {
    try {
      return (int) POSIX_SPAWN.invokeExact(pidOut, path, fileActions, attr, argv, envp);
    } catch (Throwable t) {
      throw unexpected(t);
    }
  }

  static int fileActionsInit(MemorySegment fa) {
    try {
      return (int) FA_INIT.invokeExact(fa);
    } catch (Throwable t) {
      throw unexpected(t);
    }
  }

  static int fileActionsDestroy(MemorySegment fa) {
    try {
      return (int) FA_DESTROY.invokeExact(fa);
    } catch (Throwable t) {
      throw unexpected(t);
    }
  }

  static int fileActionsAddDup2(MemorySegment fa, int fd, int newFd) {
    try {
      return (int) FA_ADDDUP2.invokeExact(fa, fd, newFd);
    } catch (Throwable t) {
      throw unexpected(t);
    }
  }

  static int fileActionsAddClose(MemorySegment fa, int fd) {
    try {
      return (int) FA_ADDCLOSE.invokeExact(fa, fd);
    } catch (Throwable t) {
      throw unexpected(t);
    }
  }

  static int fileActionsAddOpen(MemorySegment fa, int fd, MemorySegment path, int flags, int mode) {
    try {
      return (int) FA_ADDOPEN.invokeExact(fa, fd, path, flags, mode);
    } catch (Throwable t) {
      throw unexpected(t);
    }
  }

  /** True when the C library has {@code posix_spawn_file_actions_addclosefrom_np}. */
  static boolean hasFileActionsAddCloseFrom() {
    return FA_ADDCLOSEFROM != null;
  }

  static int fileActionsAddCloseFrom(MemorySegment fa, int from) {
    try {
      return (int) FA_ADDCLOSEFROM.invokeExact(fa, from);
    } catch (Throwable t) {
      throw unexpected(t);
    }
  }

  static int fileActionsAddChdir(MemorySegment fa, MemorySegment path) {
    try {
      return (int) FA_ADDCHDIR.invokeExact(fa, path);
    } catch (Throwable t) {
      throw unexpected(t);
    }
  }

  static int spawnAttrInit(MemorySegment attr) {
    try {
      return (int) ATTR_INIT.invokeExact(attr);
    } catch (Throwable t) {
      throw unexpected(t);
    }
  }

  static int spawnAttrDestroy(MemorySegment attr) {
    try {
      return (int) ATTR_DESTROY.invokeExact(attr);
    } catch (Throwable t) {
      throw unexpected(t);
    }
  }

  static int spawnAttrSetFlags(MemorySegment attr, short flags) {
    try {
      return (int) ATTR_SETFLAGS.invokeExact(attr, flags);
    } catch (Throwable t) {
      throw unexpected(t);
    }
  }

  static int spawnAttrSetSigMask(MemorySegment attr, MemorySegment sigset) {
    try {
      return (int) ATTR_SETSIGMASK.invokeExact(attr, sigset);
    } catch (Throwable t) {
      throw unexpected(t);
    }
  }

  static int spawnAttrSetSigDefault(MemorySegment attr, MemorySegment sigset) {
    try {
      return (int) ATTR_SETSIGDEFAULT.invokeExact(attr, sigset);
    } catch (Throwable t) {
      throw unexpected(t);
    }
  }

  static int spawnAttrSetPgroup(MemorySegment attr, int pgroup) {
    try {
      return (int) ATTR_SETPGROUP.invokeExact(attr, pgroup);
    } catch (Throwable t) {
      throw unexpected(t);
    }
  }

  static int sigemptyset(MemorySegment set) {
    try {
      return (int) SIGEMPTYSET.invokeExact(set);
    } catch (Throwable t) {
      throw unexpected(t);
    }
  }

  static int sigfillset(MemorySegment set) {
    try {
      return (int) SIGFILLSET.invokeExact(set);
    } catch (Throwable t) {
      throw unexpected(t);
    }
  }
}
