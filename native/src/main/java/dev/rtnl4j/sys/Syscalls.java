package dev.rtnl4j.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Thin public access to the Linux system calls rtnl4j needs, plus their constants.
 *
 * <p>Every method returns {@code >= 0} on success or {@code -errno} on failure; none throws for a
 * failed call (use {@link NativeException#check(int, String)} to turn a result into an exception
 * where the context is known). Every call goes through this JVM's {@link NativeBackends#get()
 * backend} (FFM or JNA), which reads errno on the calling thread, never allocating per call; the
 * first call throws {@link IllegalStateException} (and so does every later one) when the backend
 * named by {@code -Drtnl4j.backend} or {@code RTNL4J_BACKEND} cannot be used. Methods taking
 * {@code String} paths allocate the C string in a short-lived arena; the others do not allocate.
 * Pointers ({@code MemorySegment}) must be native segments, passed by their address.
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

  private static NativeBackend sys() {
    return NativeBackends.get();
  }

  /** {@code getpid()} (cannot fail). */
  public static int getpid() {
    return sys().getpid();
  }

  /** {@code syscall(SYS_getpid)}: a system call with errno capture, for measuring the downcall. */
  public static long getpidSyscall() {
    return sys().syscall(SyscallNumbers.GETPID, 0, 0, 0, 0);
  }

  /** {@code socket(domain, type, protocol)}: the new fd or -errno. */
  public static int socket(int domain, int type, int protocol) {
    return sys().socket(domain, type, protocol);
  }

  /** {@code bind(fd, addr, addr.byteSize())}. */
  public static int bind(int fd, MemorySegment addr) {
    return sys().bind(fd, addr.address(), (int) addr.byteSize());
  }

  /** {@code connect(fd, addr, addr.byteSize())}. */
  public static int connect(int fd, MemorySegment addr) {
    return sys().connect(fd, addr.address(), (int) addr.byteSize());
  }

  /** {@code getsockname(fd, addr, lenPtr)}; {@code lenPtr} is an int in/out. */
  public static int getsockname(int fd, MemorySegment addr, MemorySegment lenPtr) {
    return sys().getsockname(fd, addr.address(), lenPtr.address());
  }

  /** {@code setsockopt(fd, level, name, value, value.byteSize())}. */
  public static int setsockopt(int fd, int level, int name, MemorySegment value) {
    return sys().setsockopt(fd, level, name, value.address(), (int) value.byteSize());
  }

  /** {@code getsockopt(fd, level, name, value, lenPtr)}; {@code lenPtr} is an int in/out. */
  public static int getsockopt(int fd, int level, int name, MemorySegment value, MemorySegment lenPtr) {
    return sys().getsockopt(fd, level, name, value.address(), lenPtr.address());
  }

  /** {@code sendmsg(fd, msghdr, flags)}: bytes sent or -errno. */
  public static long sendmsg(int fd, MemorySegment msghdr, int flags) {
    return sys().sendmsg(fd, msghdr.address(), flags);
  }

  /** {@code recvmsg(fd, msghdr, flags)}: bytes received (the full length with MSG_TRUNC) or -errno. */
  public static long recvmsg(int fd, MemorySegment msghdr, int flags) {
    return sys().recvmsg(fd, msghdr.address(), flags);
  }

  /** {@code sendto(fd, buf, buf.byteSize(), flags, addr, addr.byteSize())}; {@code addr} may be NULL. */
  public static long sendto(int fd, MemorySegment buf, int flags, MemorySegment addr) {
    return sys().sendto(fd, buf.address(), buf.byteSize(), flags, addr.address(), (int) addr.byteSize());
  }

  /** {@code read(fd, buf, buf.byteSize())}. */
  public static long read(int fd, MemorySegment buf) {
    return sys().read(fd, buf.address(), buf.byteSize());
  }

  /** {@code write(fd, buf, buf.byteSize())}. */
  public static long write(int fd, MemorySegment buf) {
    return sys().write(fd, buf.address(), buf.byteSize());
  }

  /** {@code close(fd)}. Never retried on EINTR (Linux closes the fd anyway). */
  public static int close(int fd) {
    return sys().close(fd);
  }

  /** {@code open(path, flags, mode)}: the fd or -errno. */
  public static int open(String path, int flags, int mode) {
    try (Arena a = Arena.ofConfined()) {
      return sys().open(a.allocateFrom(path).address(), flags, mode);
    }
  }

  /** {@code open(path, flags, mode)} with a C string already in native memory. */
  public static int open(MemorySegment path, int flags, int mode) {
    return sys().open(path.address(), flags, mode);
  }

  /** {@code ioctl(fd, request, arg)} with a pointer argument. */
  public static int ioctl(int fd, long request, MemorySegment arg) {
    return sys().ioctl(fd, request, arg.address());
  }

  /** {@code ioctl(fd, request, arg)} with an integer argument. */
  public static int ioctl(int fd, long request, long arg) {
    return sys().ioctl(fd, request, arg);
  }

  /** {@code poll(fds, nfds, timeoutMillis)}: the number of ready fds, 0 on timeout, or -errno. */
  public static int poll(MemorySegment fds, int nfds, int timeoutMillis) {
    return sys().poll(fds.address(), nfds, timeoutMillis);
  }

  /** {@code setns(fd, nstype)}: moves the calling thread into a namespace. */
  public static int setns(int fd, int nstype) {
    return sys().setns(fd, nstype);
  }

  /** {@code unshare(flags)}: gives the calling thread new namespaces. */
  public static int unshare(int flags) {
    return sys().unshare(flags);
  }

  /** {@code mount(source, target, fstype, flags, data)}; null strings are passed as NULL. */
  public static int mount(String source, String target, String fstype, long flags, String data) {
    try (Arena a = Arena.ofConfined()) {
      return sys().mount(cstr(a, source), cstr(a, target), cstr(a, fstype), flags, cstr(a, data));
    }
  }

  /** {@code umount2(target, flags)}. */
  public static int umount2(String target, int flags) {
    try (Arena a = Arena.ofConfined()) {
      return sys().umount2(a.allocateFrom(target).address(), flags);
    }
  }

  /**
   * {@code finit_module(fd, params, flags)} through {@code syscall(313, …)} (glibc has no wrapper).
   * On a kernel without module support the answer is {@code -ENOSYS}.
   */
  public static int finitModule(int fd, String params, int flags) {
    try (Arena a = Arena.ofConfined()) {
      return sys().finitModule(fd, a.allocateFrom(params == null ? "" : params).address(), flags);
    }
  }

  /** {@code init_module(image, image.byteSize(), params)} through {@code syscall(175, …)}. */
  public static int initModule(MemorySegment image, String params) {
    try (Arena a = Arena.ofConfined()) {
      return sys().initModule(image.address(), image.byteSize(), a.allocateFrom(params == null ? "" : params).address());
    }
  }

  /** {@code pidfd_open(pid, flags)} through {@code syscall(434, …)}: a pidfd or -errno. */
  public static int pidfdOpen(int pid, int flags) {
    return sys().pidfdOpen(pid, flags);
  }

  /** {@code pidfd_send_signal(pidfd, sig, NULL, 0)} through {@code syscall(424, …)}. */
  public static int pidfdSendSignal(int pidfd, int sig) {
    return sys().pidfdSendSignal(pidfd, sig);
  }

  /** {@code kill(pid, sig)}. */
  public static int kill(int pid, int sig) {
    return sys().kill(pid, sig);
  }

  /**
   * {@code waitpid(pid, status, options)}: the pid reaped (0 with WNOHANG and nothing to reap) or
   * -errno; {@code status} is an int segment receiving the wait status, or NULL.
   */
  public static int waitpid(int pid, MemorySegment status, int options) {
    return sys().waitpid(pid, status.address(), options);
  }

  /** {@code waitid(idtype, id, siginfo, options)}; {@code siginfo} is 128 bytes. */
  public static int waitid(int idtype, int id, MemorySegment siginfo, int options) {
    return sys().waitid(idtype, id, siginfo.address(), options);
  }

  /** The size of {@code siginfo_t} (128). */
  public static long siginfoSize() {
    return Structs.SIGINFO.byteSize();
  }

  private static long cstr(Arena a, String s) {
    return s == null ? 0 : a.allocateFrom(s).address();
  }
}
