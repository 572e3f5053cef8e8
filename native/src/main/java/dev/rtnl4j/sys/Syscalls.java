package dev.rtnl4j.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Thin public access to the Linux system calls rtnl4j needs, plus their constants.
 *
 * <p>Every method returns {@code >= 0} on success or {@code -errno} on failure; none throws for a
 * failed call (use {@link NativeException#check(int, String)} to turn a result into an exception
 * where the context is known). errno is captured into a buffer owned by the calling thread, never
 * allocated per call. Methods taking {@code String} paths allocate the C string in a short-lived
 * arena; the others do not allocate. Pointers ({@code MemorySegment}) must be native segments.
 */
public final class Syscalls {
  private Syscalls() {}

  // open(2)
  public static final int O_RDONLY = 0;
  public static final int O_WRONLY = 1;
  public static final int O_RDWR = 2;
  public static final int O_CREAT = 0x40;
  public static final int O_EXCL = 0x80;
  public static final int O_NOCTTY = 0x100;
  public static final int O_TRUNC = 0x200;
  public static final int O_APPEND = 0x400;
  public static final int O_NONBLOCK = 0x800;
  public static final int O_DIRECTORY = 0x10000;
  public static final int O_CLOEXEC = 0x80000;

  // clone/unshare/setns
  public static final int CLONE_NEWNS = 0x00020000;
  public static final int CLONE_NEWUTS = 0x04000000;
  public static final int CLONE_NEWIPC = 0x08000000;
  public static final int CLONE_NEWUSER = 0x10000000;
  public static final int CLONE_NEWPID = 0x20000000;
  public static final int CLONE_NEWNET = 0x40000000;

  // mount(2)
  public static final long MS_RDONLY = 1;
  public static final long MS_NOSUID = 2;
  public static final long MS_NODEV = 4;
  public static final long MS_NOEXEC = 8;
  public static final long MS_REMOUNT = 32;
  public static final long MS_BIND = 4096;
  public static final long MS_MOVE = 8192;
  public static final long MS_REC = 16384;
  public static final long MS_PRIVATE = 1 << 18;
  public static final long MS_SLAVE = 1 << 19;
  public static final long MS_SHARED = 1 << 20;
  // umount2(2)
  public static final int MNT_FORCE = 1;
  public static final int MNT_DETACH = 2;
  public static final int UMOUNT_NOFOLLOW = 8;

  // finit_module(2)
  public static final int MODULE_INIT_IGNORE_MODVERSIONS = 1;
  public static final int MODULE_INIT_IGNORE_VERMAGIC = 2;
  public static final int MODULE_INIT_COMPRESSED_FILE = 4;

  // sockets
  public static final int AF_UNIX = 1;
  public static final int AF_INET = 2;
  public static final int AF_INET6 = 10;
  public static final int AF_NETLINK = 16;
  public static final int SOCK_STREAM = 1;
  public static final int SOCK_DGRAM = 2;
  public static final int SOCK_RAW = 3;
  public static final int SOCK_NONBLOCK = 0x800;
  public static final int SOCK_CLOEXEC = 0x80000;
  public static final int SOL_SOCKET = 1;
  public static final int SO_SNDBUF = 7;
  public static final int SO_RCVBUF = 8;
  public static final int SO_PASSCRED = 16;
  public static final int SO_PEERCRED = 17;
  public static final int SO_RCVTIMEO = 20;
  public static final int SO_SNDBUFFORCE = 32;
  public static final int SO_RCVBUFFORCE = 33;
  public static final int SCM_RIGHTS = 1;
  public static final int SCM_CREDENTIALS = 2;
  public static final int MSG_PEEK = 0x2;
  public static final int MSG_TRUNC = 0x20;
  public static final int MSG_DONTWAIT = 0x40;
  public static final int MSG_CTRUNC = 0x8;
  public static final int MSG_NOSIGNAL = 0x4000;
  public static final int MSG_CMSG_CLOEXEC = 0x40000000;

  // poll(2)
  public static final short POLLIN = 0x1;
  public static final short POLLERR = 0x8;
  public static final short POLLHUP = 0x10;

  // wait
  public static final int WNOHANG = 1;
  public static final int WUNTRACED = 2;
  public static final int WEXITED = 4;
  public static final int WNOWAIT = 0x01000000;
  public static final int P_ALL = 0;
  public static final int P_PID = 1;
  public static final int P_PGID = 2;
  public static final int P_PIDFD = 3;

  // signals
  public static final int SIGHUP = 1;
  public static final int SIGINT = 2;
  public static final int SIGKILL = 9;
  public static final int SIGTERM = 15;
  public static final int SIGCHLD = 17;
  public static final int SIGCONT = 18;
  public static final int SIGSTOP = 19;

  private static final ThreadLocal<MemorySegment> ERRNO_STATE =
      ThreadLocal.withInitial(() -> LibC.newErrnoState(Arena.ofAuto()));

  /** This thread's errno capture buffer. */
  static MemorySegment errnoState() {
    return ERRNO_STATE.get();
  }

  /** {@code getpid()} (cannot fail). */
  public static int getpid() {
    return LibC.getpid();
  }

  /** {@code syscall(SYS_getpid)}: a system call with errno capture, for measuring the downcall. */
  public static long getpidSyscall() {
    return LibC.syscall(errnoState(), SyscallNumbers.GETPID, 0, 0, 0, 0);
  }

  /** {@code socket(domain, type, protocol)}: the new fd or -errno. */
  public static int socket(int domain, int type, int protocol) {
    return LibC.socket(errnoState(), domain, type, protocol);
  }

  /** {@code bind(fd, addr, addr.byteSize())}. */
  public static int bind(int fd, MemorySegment addr) {
    return LibC.bind(errnoState(), fd, addr, (int) addr.byteSize());
  }

  /** {@code connect(fd, addr, addr.byteSize())}. */
  public static int connect(int fd, MemorySegment addr) {
    return LibC.connect(errnoState(), fd, addr, (int) addr.byteSize());
  }

  /** {@code getsockname(fd, addr, lenPtr)}; {@code lenPtr} is an int in/out. */
  public static int getsockname(int fd, MemorySegment addr, MemorySegment lenPtr) {
    return LibC.getsockname(errnoState(), fd, addr, lenPtr);
  }

  /** {@code setsockopt(fd, level, name, value, value.byteSize())}. */
  public static int setsockopt(int fd, int level, int name, MemorySegment value) {
    return LibC.setsockopt(errnoState(), fd, level, name, value, (int) value.byteSize());
  }

  /** {@code getsockopt(fd, level, name, value, lenPtr)}; {@code lenPtr} is an int in/out. */
  public static int getsockopt(int fd, int level, int name, MemorySegment value, MemorySegment lenPtr) {
    return LibC.getsockopt(errnoState(), fd, level, name, value, lenPtr);
  }

  /** {@code sendmsg(fd, msghdr, flags)}: bytes sent or -errno. */
  public static long sendmsg(int fd, MemorySegment msghdr, int flags) {
    return LibC.sendmsg(errnoState(), fd, msghdr, flags);
  }

  /** {@code recvmsg(fd, msghdr, flags)}: bytes received (the full length with MSG_TRUNC) or -errno. */
  public static long recvmsg(int fd, MemorySegment msghdr, int flags) {
    return LibC.recvmsg(errnoState(), fd, msghdr, flags);
  }

  /** {@code sendto(fd, buf, buf.byteSize(), flags, addr, addr.byteSize())}; {@code addr} may be NULL. */
  public static long sendto(int fd, MemorySegment buf, int flags, MemorySegment addr) {
    return LibC.sendto(errnoState(), fd, buf, buf.byteSize(), flags, addr, (int) addr.byteSize());
  }

  /** {@code read(fd, buf, buf.byteSize())}. */
  public static long read(int fd, MemorySegment buf) {
    return LibC.read(errnoState(), fd, buf, buf.byteSize());
  }

  /** {@code write(fd, buf, buf.byteSize())}. */
  public static long write(int fd, MemorySegment buf) {
    return LibC.write(errnoState(), fd, buf, buf.byteSize());
  }

  /** {@code close(fd)}. Never retried on EINTR (Linux closes the fd anyway). */
  public static int close(int fd) {
    return LibC.close(errnoState(), fd);
  }

  /** {@code open(path, flags, mode)}: the fd or -errno. */
  public static int open(String path, int flags, int mode) {
    try (Arena a = Arena.ofConfined()) {
      return LibC.open(errnoState(), a.allocateFrom(path), flags, mode);
    }
  }

  /** {@code open(path, flags, mode)} with a C string already in native memory. */
  public static int open(MemorySegment path, int flags, int mode) {
    return LibC.open(errnoState(), path, flags, mode);
  }

  /** {@code ioctl(fd, request, arg)} with a pointer argument. */
  public static int ioctl(int fd, long request, MemorySegment arg) {
    return LibC.ioctl(errnoState(), fd, request, arg);
  }

  /** {@code ioctl(fd, request, arg)} with an integer argument. */
  public static int ioctl(int fd, long request, long arg) {
    return LibC.ioctl(errnoState(), fd, request, arg);
  }

  /** {@code poll(fds, nfds, timeoutMillis)}: the number of ready fds, 0 on timeout, or -errno. */
  public static int poll(MemorySegment fds, int nfds, int timeoutMillis) {
    return LibC.poll(errnoState(), fds, nfds, timeoutMillis);
  }

  /**
   * {@code setns(fd, nstype)}: moves the calling thread into a namespace. Made through this JVM's
   * {@link NativeBackends#get() backend}.
   *
   * @throws IllegalStateException when the backend named by {@code -Drtnl4j.backend} or
   *     {@code RTNL4J_BACKEND} cannot be used
   */
  public static int setns(int fd, int nstype) {
    return NativeBackends.get().setns(fd, nstype);
  }

  /**
   * {@code unshare(flags)}: gives the calling thread new namespaces. Made through this JVM's
   * {@link NativeBackends#get() backend}.
   *
   * @throws IllegalStateException when the backend named by {@code -Drtnl4j.backend} or
   *     {@code RTNL4J_BACKEND} cannot be used
   */
  public static int unshare(int flags) {
    return NativeBackends.get().unshare(flags);
  }

  /** {@code mount(source, target, fstype, flags, data)}; null strings are passed as NULL. */
  public static int mount(String source, String target, String fstype, long flags, String data) {
    try (Arena a = Arena.ofConfined()) {
      return LibC.mount(errnoState(), cstr(a, source), cstr(a, target), cstr(a, fstype), flags, cstr(a, data));
    }
  }

  /** {@code umount2(target, flags)}. */
  public static int umount2(String target, int flags) {
    try (Arena a = Arena.ofConfined()) {
      return LibC.umount2(errnoState(), a.allocateFrom(target), flags);
    }
  }

  /**
   * {@code finit_module(fd, params, flags)} through {@code syscall(313, …)} (glibc has no wrapper).
   * On a kernel without module support the answer is {@code -ENOSYS}.
   */
  public static int finitModule(int fd, String params, int flags) {
    try (Arena a = Arena.ofConfined()) {
      return (int) LibC.syscall(errnoState(), SyscallNumbers.FINIT_MODULE, fd, a.allocateFrom(params == null ? "" : params).address(),
          flags, 0);
    }
  }

  /** {@code init_module(image, image.byteSize(), params)} through {@code syscall(175, …)}. */
  public static int initModule(MemorySegment image, String params) {
    try (Arena a = Arena.ofConfined()) {
      return (int) LibC.syscall(errnoState(), SyscallNumbers.INIT_MODULE, image.address(), image.byteSize(),
          a.allocateFrom(params == null ? "" : params).address(), 0);
    }
  }

  /** {@code pidfd_open(pid, flags)} through {@code syscall(434, …)}: a pidfd or -errno. */
  public static int pidfdOpen(int pid, int flags) {
    return (int) LibC.syscall(errnoState(), SyscallNumbers.PIDFD_OPEN, pid, flags, 0, 0);
  }

  /** {@code pidfd_send_signal(pidfd, sig, NULL, 0)} through {@code syscall(424, …)}. */
  public static int pidfdSendSignal(int pidfd, int sig) {
    return (int) LibC.syscall(errnoState(), SyscallNumbers.PIDFD_SEND_SIGNAL, pidfd, sig, 0, 0);
  }

  /** {@code kill(pid, sig)}. */
  public static int kill(int pid, int sig) {
    return LibC.kill(errnoState(), pid, sig);
  }

  /**
   * {@code waitpid(pid, status, options)}: the pid reaped (0 with WNOHANG and nothing to reap) or
   * -errno; {@code status} is an int segment receiving the wait status, or NULL.
   */
  public static int waitpid(int pid, MemorySegment status, int options) {
    return LibC.waitpid(errnoState(), pid, status, options);
  }

  /** {@code waitid(idtype, id, siginfo, options)}; {@code siginfo} is 128 bytes. */
  public static int waitid(int idtype, int id, MemorySegment siginfo, int options) {
    return LibC.waitid(errnoState(), idtype, id, siginfo, options);
  }

  /** The size of {@code siginfo_t} (128). */
  public static long siginfoSize() {
    return Structs.SIGINFO.byteSize();
  }

  private static MemorySegment cstr(Arena a, String s) {
    return s == null ? MemorySegment.NULL : a.allocateFrom(s);
  }
}
