package dev.rtnl4j.sys;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import java.nio.ByteBuffer;

/**
 * The {@code jna} backend, for JDKs without the FFM API: JNA's direct mapping
 * ({@code Native.register} on {@code static native} methods whose arguments are all primitives,
 * addresses as {@code long}), no {@code Structure}, no proxy interface. After a call that failed,
 * errno is {@code Native.getLastError()}, which JNA saves per thread at the end of every call,
 * read on the same thread before any other native call. The {@code posix_spawn} family's error
 * number is negated here, as {@link NativeBackend} says.
 *
 */
final class JnaBackend implements NativeBackend {
  /**
   * Loads JNA and binds the C library (once per JVM).
   *
   * @throws NoClassDefFoundError when the JNA jar is missing
   * @throws UnsatisfiedLinkError when JNA's native part cannot load
   */
  JnaBackend() {
    C.bind();
  }

  /** The C library's functions, bound once by JNA to these methods of the same names. */
  private static final class C {
    private static final NativeLibrary LIB = NativeLibrary.getInstance(Platform.C_LIBRARY_NAME);
    /** glibc 2.34 and later has posix_spawn_file_actions_addclosefrom_np. */
    static final boolean HAS_CLOSEFROM = has("posix_spawn_file_actions_addclosefrom_np");

    static {
      Native.register(C.class, LIB);
    }

    /** Makes sure the class is initialised (JNA loaded, functions bound). */
    static void bind() {}

    private static boolean has(String function) {
      try {
        LIB.getFunction(function);
        return true;
      } catch (UnsatisfiedLinkError e) {
        return false;
      }
    }

    static native int socket(int domain, int type, int protocol);
    static native int bind(int fd, long addr, int len);
    static native int connect(int fd, long addr, int len);
    static native int getsockname(int fd, long addr, long lenPtr);
    static native int setsockopt(int fd, int level, int name, long value, int len);
    static native int getsockopt(int fd, int level, int name, long value, long lenPtr);
    static native long sendto(int fd, long buf, long len, int flags, long addr, int addrLen);
    static native long sendmsg(int fd, long msghdr, int flags);
    static native long recvfrom(int fd, long buf, long len, int flags, long addr, long addrLenPtr);
    static native long recvmsg(int fd, long msghdr, int flags);
    static native int poll(long fds, long nfds, int timeout);
    static native long read(int fd, long buf, long len);
    static native long write(int fd, long buf, long len);
    static native int close(int fd);
    static native int open(long path, int flags, int mode);
    static native int ioctl(int fd, long request, long arg);
    static native int flock(int fd, int operation);
    static native int setns(int fd, int nstype);
    static native int unshare(int flags);
    static native int mount(long source, long target, long fstype, long flags, long data);
    static native int umount2(long target, int flags);
    static native int getpid();
    static native Pointer strerror(int errnum);
    static native int kill(int pid, int sig);
    static native int waitpid(int pid, long status, int options);
    static native int waitid(int idtype, int id, long siginfo, int options);
    static native long syscall(long number, long a, long b, long c, long d);
    static native int posix_spawn(long pidOut, long path, long fileActions, long attr, long argv, long envp);
    static native int posix_spawn_file_actions_init(long fa);
    static native int posix_spawn_file_actions_destroy(long fa);
    static native int posix_spawn_file_actions_adddup2(long fa, int fd, int newFd);
    static native int posix_spawn_file_actions_addclose(long fa, int fd);
    static native int posix_spawn_file_actions_addopen(long fa, int fd, long path, int flags, int mode);
    static native int posix_spawn_file_actions_addchdir_np(long fa, long path);
    static native int posix_spawn_file_actions_addclosefrom_np(long fa, int from);
    static native int posix_spawnattr_init(long attr);
    static native int posix_spawnattr_destroy(long attr);
    static native int posix_spawnattr_setflags(long attr, short flags);
    static native int posix_spawnattr_setsigmask(long attr, long sigset);
    static native int posix_spawnattr_setsigdefault(long attr, long sigset);
    static native int posix_spawnattr_setpgroup(long attr, int pgroup);
    static native int sigemptyset(long set);
    static native int sigfillset(long set);
  }

  /** A failed call's -errno, read on this thread right after the call. */
  private static int ret(int r) {
    return r < 0 ? -Native.getLastError() : r;
  }

  private static long ret(long r) {
    return r < 0 ? -Native.getLastError() : r;
  }

  @Override
  public String name() {
    return "jna";
  }

  @Override
  public long address(ByteBuffer direct) {
    NativeBackends.requireDirect(direct);
    return Pointer.nativeValue(Native.getDirectBufferPointer(direct));
  }

  @Override
  public int socket(int domain, int type, int protocol) {
    return ret(C.socket(domain, type, protocol));
  }

  @Override
  public int bind(int fd, long addr, int addrLen) {
    return ret(C.bind(fd, addr, addrLen));
  }

  @Override
  public int connect(int fd, long addr, int addrLen) {
    return ret(C.connect(fd, addr, addrLen));
  }

  @Override
  public int getsockname(int fd, long addr, long addrLenPtr) {
    return ret(C.getsockname(fd, addr, addrLenPtr));
  }

  @Override
  public int setsockopt(int fd, int level, int name, long value, int valueLen) {
    return ret(C.setsockopt(fd, level, name, value, valueLen));
  }

  @Override
  public int getsockopt(int fd, int level, int name, long value, long valueLenPtr) {
    return ret(C.getsockopt(fd, level, name, value, valueLenPtr));
  }

  @Override
  public long sendto(int fd, long buf, long len, int flags, long addr, int addrLen) {
    return ret(C.sendto(fd, buf, len, flags, addr, addrLen));
  }

  @Override
  public long sendmsg(int fd, long msghdr, int flags) {
    return ret(C.sendmsg(fd, msghdr, flags));
  }

  @Override
  public long recvfrom(int fd, long buf, long len, int flags, long addr, long addrLenPtr) {
    return ret(C.recvfrom(fd, buf, len, flags, addr, addrLenPtr));
  }

  @Override
  public long recvmsg(int fd, long msghdr, int flags) {
    return ret(C.recvmsg(fd, msghdr, flags));
  }

  @Override
  public int poll(long fds, int nfds, int timeoutMillis) {
    return ret(C.poll(fds, nfds, timeoutMillis));
  }

  @Override
  public long read(int fd, long buf, long len) {
    return ret(C.read(fd, buf, len));
  }

  @Override
  public long write(int fd, long buf, long len) {
    return ret(C.write(fd, buf, len));
  }

  @Override
  public int close(int fd) {
    return ret(C.close(fd));
  }

  @Override
  public int open(long path, int flags, int mode) {
    return ret(C.open(path, flags, mode));
  }

  @Override
  public int ioctl(int fd, long request, long arg) {
    return ret(C.ioctl(fd, request, arg));
  }

  @Override
  public int flock(int fd, int operation) {
    return ret(C.flock(fd, operation));
  }

  @Override
  public int setns(int fd, int nstype) {
    return ret(C.setns(fd, nstype));
  }

  @Override
  public int unshare(int flags) {
    return ret(C.unshare(flags));
  }

  @Override
  public int mount(long source, long target, long fstype, long flags, long data) {
    return ret(C.mount(source, target, fstype, flags, data));
  }

  @Override
  public int umount2(long target, int flags) {
    return ret(C.umount2(target, flags));
  }

  @Override
  public String strerror(int errnum) {
    Pointer p = C.strerror(errnum);
    return p == null ? null : p.getString(0);
  }

  @Override
  public int getpid() {
    return C.getpid();
  }

  @Override
  public int kill(int pid, int sig) {
    return ret(C.kill(pid, sig));
  }

  @Override
  public int waitpid(int pid, long status, int options) {
    return ret(C.waitpid(pid, status, options));
  }

  @Override
  public int waitid(int idtype, int id, long siginfo, int options) {
    return ret(C.waitid(idtype, id, siginfo, options));
  }

  @Override
  public long syscall(long number, long a, long b, long c, long d) {
    return ret(C.syscall(number, a, b, c, d));
  }

  @Override
  public int posixSpawn(long pidOut, long path, long fileActions, long attr, long argv, long envp) {
    return -C.posix_spawn(pidOut, path, fileActions, attr, argv, envp);
  }

  @Override
  public int fileActionsInit(long fileActions) {
    return -C.posix_spawn_file_actions_init(fileActions);
  }

  @Override
  public int fileActionsDestroy(long fileActions) {
    return -C.posix_spawn_file_actions_destroy(fileActions);
  }

  @Override
  public int fileActionsAddDup2(long fileActions, int fd, int newFd) {
    return -C.posix_spawn_file_actions_adddup2(fileActions, fd, newFd);
  }

  @Override
  public int fileActionsAddClose(long fileActions, int fd) {
    return -C.posix_spawn_file_actions_addclose(fileActions, fd);
  }

  @Override
  public int fileActionsAddOpen(long fileActions, int fd, long path, int flags, int mode) {
    return -C.posix_spawn_file_actions_addopen(fileActions, fd, path, flags, mode);
  }

  @Override
  public int fileActionsAddChdir(long fileActions, long path) {
    return -C.posix_spawn_file_actions_addchdir_np(fileActions, path);
  }

  @Override
  public boolean hasFileActionsAddCloseFrom() {
    return C.HAS_CLOSEFROM;
  }

  @Override
  public int fileActionsAddCloseFrom(long fileActions, int from) {
    if (!C.HAS_CLOSEFROM) {
      throw NativeBackends.noCloseFrom();
    }
    return -C.posix_spawn_file_actions_addclosefrom_np(fileActions, from);
  }

  @Override
  public int spawnAttrInit(long attr) {
    return -C.posix_spawnattr_init(attr);
  }

  @Override
  public int spawnAttrDestroy(long attr) {
    return -C.posix_spawnattr_destroy(attr);
  }

  @Override
  public int spawnAttrSetFlags(long attr, short flags) {
    return -C.posix_spawnattr_setflags(attr, flags);
  }

  @Override
  public int spawnAttrSetSigMask(long attr, long sigset) {
    return -C.posix_spawnattr_setsigmask(attr, sigset);
  }

  @Override
  public int spawnAttrSetSigDefault(long attr, long sigset) {
    return -C.posix_spawnattr_setsigdefault(attr, sigset);
  }

  @Override
  public int spawnAttrSetPgroup(long attr, int pgroup) {
    return -C.posix_spawnattr_setpgroup(attr, pgroup);
  }

  @Override
  public int sigemptyset(long set) {
    return C.sigemptyset(set);
  }

  @Override
  public int sigfillset(long set) {
    return C.sigfillset(set);
  }
}
