package dev.rtnl4j.sys;

import java.lang.ref.Reference;
import java.nio.ByteBuffer;

/**
 * Thin public access to the Linux system calls rtnl4j needs, plus their constants.
 *
 * <p>Every method returns {@code >= 0} on success or {@code -errno} on failure; none throws for a
 * failed call (use {@link NativeException#check(int, String)} to turn a result into an exception
 * where the context is known). Every call goes through this JVM's {@link NativeBackends#get()
 * backend} (FFM or JNA), which reads errno on the calling thread, never allocating per call; the
 * first call throws {@link IllegalStateException} (and so does every later one) when the backend
 * named by {@code -Drtnl4j.backend} or {@code RTNL4J_BACKEND} cannot be used. Methods taking
 * {@code String} paths allocate the NUL-terminated C string in a direct buffer per call.
 *
 * <p>Pointers are direct {@link ByteBuffer}s (a heap buffer is refused with
 * {@link IllegalArgumentException}): the memory passed is the buffer's bytes from its position to
 * its limit (position and limit are not changed), its address looked up per call (which allocates
 * a little on FFM; hot paths such as {@link NetlinkSocket} keep their addresses instead). The
 * buffer is held reachable until the call returned. Byte order is the caller's: structs are laid
 * out in {@link java.nio.ByteOrder#nativeOrder() native order}.
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
  /** The {@code dirfd} of the *at calls that means the current directory. */
  public static final int AT_FDCWD = -100;

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

  /** {@code bind(fd, addr, addr.remaining())}. */
  public static int bind(int fd, ByteBuffer addr) {
    int r = sys().bind(fd, at(addr), addr.remaining());
    Reference.reachabilityFence(addr);
    return r;
  }

  /** {@code connect(fd, addr, addr.remaining())}. */
  public static int connect(int fd, ByteBuffer addr) {
    int r = sys().connect(fd, at(addr), addr.remaining());
    Reference.reachabilityFence(addr);
    return r;
  }

  /** {@code getsockname(fd, addr, lenPtr)}; {@code lenPtr} is an int in/out. */
  public static int getsockname(int fd, ByteBuffer addr, ByteBuffer lenPtr) {
    int r = sys().getsockname(fd, at(addr), at(lenPtr));
    Reference.reachabilityFence(addr);
    Reference.reachabilityFence(lenPtr);
    return r;
  }

  /** {@code setsockopt(fd, level, name, value, value.remaining())}. */
  public static int setsockopt(int fd, int level, int name, ByteBuffer value) {
    int r = sys().setsockopt(fd, level, name, at(value), value.remaining());
    Reference.reachabilityFence(value);
    return r;
  }

  /** {@code getsockopt(fd, level, name, value, lenPtr)}; {@code lenPtr} is an int in/out. */
  public static int getsockopt(int fd, int level, int name, ByteBuffer value, ByteBuffer lenPtr) {
    int r = sys().getsockopt(fd, level, name, at(value), at(lenPtr));
    Reference.reachabilityFence(value);
    Reference.reachabilityFence(lenPtr);
    return r;
  }

  /** {@code sendmsg(fd, msghdr, flags)}: bytes sent or -errno. */
  public static long sendmsg(int fd, ByteBuffer msghdr, int flags) {
    long r = sys().sendmsg(fd, at(msghdr), flags);
    Reference.reachabilityFence(msghdr);
    return r;
  }

  /** {@code recvmsg(fd, msghdr, flags)}: bytes received (the full length with MSG_TRUNC) or -errno. */
  public static long recvmsg(int fd, ByteBuffer msghdr, int flags) {
    long r = sys().recvmsg(fd, at(msghdr), flags);
    Reference.reachabilityFence(msghdr);
    return r;
  }

  /** {@code sendto(fd, buf, buf.remaining(), flags, addr, addr.remaining())}; {@code addr} may be null (NULL). */
  public static long sendto(int fd, ByteBuffer buf, int flags, ByteBuffer addr) {
    long r = sys().sendto(fd, at(buf), buf.remaining(), flags, addr == null ? 0 : at(addr), addr == null ? 0 : addr.remaining());
    Reference.reachabilityFence(buf);
    Reference.reachabilityFence(addr);
    return r;
  }

  /** {@code read(fd, buf, buf.remaining())}: bytes read into the buffer from its position (not moved). */
  public static long read(int fd, ByteBuffer buf) {
    long r = sys().read(fd, at(buf), buf.remaining());
    Reference.reachabilityFence(buf);
    return r;
  }

  /** {@code write(fd, buf, buf.remaining())}: the bytes from the position (not moved). */
  public static long write(int fd, ByteBuffer buf) {
    long r = sys().write(fd, at(buf), buf.remaining());
    Reference.reachabilityFence(buf);
    return r;
  }

  /** {@code pwrite(fd, buf, buf.remaining(), offset)}: the bytes from the position (not moved), written at {@code offset}. */
  public static long pwrite(int fd, ByteBuffer buf, long offset) {
    long r = sys().pwrite(fd, at(buf), buf.remaining(), offset);
    Reference.reachabilityFence(buf);
    return r;
  }

  /** {@code close(fd)}. Never retried on EINTR (Linux closes the fd anyway). */
  public static int close(int fd) {
    return sys().close(fd);
  }

  /** {@code open(path, flags, mode)}: the fd or -errno. */
  public static int open(String path, int flags, int mode) {
    try (Scratch s = new Scratch()) {
      return sys().open(s.string(path), flags, mode);
    }
  }

  /** {@code open(path, flags, mode)} with a NUL-terminated C string already in a direct buffer (from its position). */
  public static int open(ByteBuffer path, int flags, int mode) {
    int r = sys().open(at(path), flags, mode);
    Reference.reachabilityFence(path);
    return r;
  }

  /** {@code ioctl(fd, request, arg)} with a pointer argument. */
  public static int ioctl(int fd, long request, ByteBuffer arg) {
    int r = sys().ioctl(fd, request, at(arg));
    Reference.reachabilityFence(arg);
    return r;
  }

  /** {@code ioctl(fd, request, arg)} with an integer argument. */
  public static int ioctl(int fd, long request, long arg) {
    return sys().ioctl(fd, request, arg);
  }

  /** {@code poll(fds, nfds, timeoutMillis)}: the number of ready fds, 0 on timeout, or -errno. */
  public static int poll(ByteBuffer fds, int nfds, int timeoutMillis) {
    if ((long) nfds * Structs.POLLFD > fds.remaining()) {
      throw new IllegalArgumentException(nfds + " pollfds need " + nfds * Structs.POLLFD + " bytes, the buffer has " + fds.remaining());
    }
    int r = sys().poll(at(fds), nfds, timeoutMillis);
    Reference.reachabilityFence(fds);
    return r;
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
    try (Scratch s = new Scratch()) {
      return sys().mount(s.string(source), s.string(target), s.string(fstype), flags, s.string(data));
    }
  }

  /** {@code rename(from, to)} (as {@code renameat} from the current directory): 0, or -errno. */
  public static int rename(String from, String to) {
    try (Scratch s = new Scratch()) {
      return sys().renameat(AT_FDCWD, s.string(from), AT_FDCWD, s.string(to));
    }
  }

  /** {@code unlink(path)} (as {@code unlinkat} from the current directory): 0, or -errno (-ENOENT: there was none). */
  public static int unlink(String path) {
    try (Scratch s = new Scratch()) {
      return sys().unlinkat(AT_FDCWD, s.string(path), 0);
    }
  }

  /** {@code umount2(target, flags)}. */
  public static int umount2(String target, int flags) {
    try (Scratch s = new Scratch()) {
      return sys().umount2(s.string(target), flags);
    }
  }

  /**
   * {@code finit_module(fd, params, flags)} through {@code syscall(313, …)} (glibc has no wrapper).
   * On a kernel without module support the answer is {@code -ENOSYS}.
   */
  public static int finitModule(int fd, String params, int flags) {
    try (Scratch s = new Scratch()) {
      return sys().finitModule(fd, s.string(params == null ? "" : params), flags);
    }
  }

  /**
   * {@code init_module(image, image.remaining(), params)} through {@code syscall(175, …)}; the
   * image is a direct buffer, e.g. a file mapped with {@link java.nio.channels.FileChannel#map}.
   */
  public static int initModule(ByteBuffer image, String params) {
    try (Scratch s = new Scratch()) {
      int r = sys().initModule(at(image), image.remaining(), s.string(params == null ? "" : params));
      Reference.reachabilityFence(image);
      return r;
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
   * -errno; {@code status} is a direct buffer whose 4 bytes from its position receive the wait
   * status (native order), or null (NULL).
   */
  public static int waitpid(int pid, ByteBuffer status, int options) {
    if (status != null && status.remaining() < 4) {
      throw new IllegalArgumentException("waitpid status needs 4 bytes, the buffer has " + status.remaining());
    }
    int r = sys().waitpid(pid, status == null ? 0 : at(status), options);
    Reference.reachabilityFence(status);
    return r;
  }

  /** {@code waitid(idtype, id, siginfo, options)}; {@code siginfo} has {@link #siginfoSize()} bytes from its position. */
  public static int waitid(int idtype, int id, ByteBuffer siginfo, int options) {
    if (siginfo.remaining() < Structs.SIGINFO) {
      throw new IllegalArgumentException("waitid needs a siginfo_t of " + Structs.SIGINFO + " bytes, the buffer has " + siginfo.remaining());
    }
    int r = sys().waitid(idtype, id, at(siginfo), options);
    Reference.reachabilityFence(siginfo);
    return r;
  }

  /** The size of {@code siginfo_t} (128). */
  public static int siginfoSize() {
    return Structs.SIGINFO;
  }

  /** The address of a direct buffer's position. @throws IllegalArgumentException for a heap buffer */
  private static long at(ByteBuffer direct) {
    return sys().address(direct) + direct.position();
  }
}
