package dev.rtnl4j.sys;

import java.nio.ByteBuffer;

/**
 * The C library and Linux system calls rtnl4j's upper layers need, behind one interface with two
 * implementations: {@code ffm} (the Foreign Function and Memory API, JDK 22 and later) and
 * {@code jna} (JNA's direct mapping, for JDK 17 to 21). {@link NativeBackends#get()} picks one per
 * JVM.
 *
 * <p>The calls take what the system calls take: memory as raw native addresses ({@code long}) and
 * lengths, never a JDK or JNA memory type, so this interface names nothing of
 * the FFM API and compiles with {@code --release 17}. Callers lay their structs out
 * in direct, native-order {@link ByteBuffer}s (the offsets of {@code Structs}) and pass
 * {@link #address(ByteBuffer)} of them; a buffer must stay reachable (referenced by the caller)
 * until the call that uses its address has returned. Passing the address of memory that is not
 * allocated crashes the JVM, as it would a C program.
 *
 * <p>Every call returns {@code >= 0} on success or {@code -errno} on failure and none throws for a
 * failed call (turn a result into an exception with {@link NativeException#check(int, String)}).
 * The {@code posix_spawn} family, which returns its error number instead of setting errno, answers
 * {@code -error} too. errno is read on the calling thread right after the call, so a result is
 * never another thread's error. Implementations are stateless and safe for any thread; the calls
 * allocate nothing on the Java heap except {@link #address(ByteBuffer)}.
 */
public interface NativeBackend {
  /** {@code "ffm"} or {@code "jna"}: the value of {@code -Drtnl4j.backend} that selects this backend. */
  String name();

  /**
   * The native address of a direct buffer's first byte (index 0, whatever its position). Call it
   * once per buffer and keep the result: it allocates a little.
   *
   * @throws IllegalArgumentException if the buffer is not direct (a heap buffer has no fixed address)
   */
  long address(ByteBuffer direct);

  // ---- sockets

  /** {@code socket(domain, type, protocol)}: the new fd. */
  int socket(int domain, int type, int protocol);

  /** {@code bind(fd, addr, addrLen)}. */
  int bind(int fd, long addr, int addrLen);

  /** {@code connect(fd, addr, addrLen)}. */
  int connect(int fd, long addr, int addrLen);

  /** {@code getsockname(fd, addr, addrLenPtr)}; {@code addrLenPtr} points to an int, in/out. */
  int getsockname(int fd, long addr, long addrLenPtr);

  /** {@code setsockopt(fd, level, name, value, valueLen)}. */
  int setsockopt(int fd, int level, int name, long value, int valueLen);

  /** {@code getsockopt(fd, level, name, value, valueLenPtr)}; {@code valueLenPtr} points to an int, in/out. */
  int getsockopt(int fd, int level, int name, long value, long valueLenPtr);

  /** {@code sendto(fd, buf, len, flags, addr, addrLen)}: bytes sent; {@code addr} may be 0 (NULL). */
  long sendto(int fd, long buf, long len, int flags, long addr, int addrLen);

  /** {@code sendmsg(fd, msghdr, flags)}: bytes sent. */
  long sendmsg(int fd, long msghdr, int flags);

  /**
   * {@code recvfrom(fd, buf, len, flags, addr, addrLenPtr)}: bytes received (the datagram's full
   * length with {@code MSG_TRUNC}); {@code addr} and {@code addrLenPtr} may be 0 (NULL).
   */
  long recvfrom(int fd, long buf, long len, int flags, long addr, long addrLenPtr);

  /** {@code recvmsg(fd, msghdr, flags)}: bytes received (the full length with {@code MSG_TRUNC}). */
  long recvmsg(int fd, long msghdr, int flags);

  /** {@code poll(fds, nfds, timeoutMillis)}: the number of ready fds, 0 on time-out. */
  int poll(long fds, int nfds, int timeoutMillis);

  // ---- files

  /** {@code read(fd, buf, len)}: bytes read. */
  long read(int fd, long buf, long len);

  /** {@code write(fd, buf, len)}: bytes written. */
  long write(int fd, long buf, long len);

  /** {@code close(fd)}. Never retry it on EINTR (Linux closes the fd anyway). */
  int close(int fd);

  /** {@code open(path, flags, mode)}; {@code path} is a NUL-terminated string. */
  int open(long path, int flags, int mode);

  /** {@code ioctl(fd, request, arg)}: {@code arg} is an integer or an address (both travel in one register). */
  int ioctl(int fd, long request, long arg);

  /** {@code flock(fd, operation)} (see {@link Flock} for the operations). */
  int flock(int fd, int operation);

  // ---- namespaces and mounts

  /** {@code setns(fd, nstype)}: moves the calling thread into a namespace. */
  int setns(int fd, int nstype);

  /** {@code unshare(flags)}: gives the calling thread new namespaces. */
  int unshare(int flags);

  /** {@code mount(source, target, fstype, flags, data)}; any string may be 0 (NULL). */
  int mount(long source, long target, long fstype, long flags, long data);

  /** {@code umount2(target, flags)}. */
  int umount2(long target, int flags);

  // ---- errors

  /**
   * {@code strerror(errnum)}: the C library's text for an error number ("File exists"), or null
   * when it gives none. Allocates the string; not for hot paths.
   */
  String strerror(int errnum);

  // ---- processes

  /** {@code getpid()} (cannot fail). */
  int getpid();

  /** {@code kill(pid, sig)}. */
  int kill(int pid, int sig);

  /** {@code waitpid(pid, status, options)}: the pid reaped (0 with WNOHANG and none); {@code status} may be 0. */
  int waitpid(int pid, long status, int options);

  /** {@code waitid(idtype, id, siginfo, options)}; {@code siginfo} is 128 bytes. */
  int waitid(int idtype, int id, long siginfo, int options);

  /** {@code syscall(number, a, b, c, d)}: a system call by its x86_64 number; addresses are passed as they are. */
  long syscall(long number, long a, long b, long c, long d);

  /** {@code gettid()} through {@code syscall(2)}: the calling thread's kernel id. */
  default int gettid() {
    return (int) syscall(SyscallNumbers.GETTID, 0, 0, 0, 0);
  }

  /** {@code renameat(olddirfd, oldpath, newdirfd, newpath)} through {@code syscall(2)}; the paths are NUL-terminated strings. */
  default int renameat(int oldDirFd, long oldPath, int newDirFd, long newPath) {
    return (int) syscall(SyscallNumbers.RENAMEAT, oldDirFd, oldPath, newDirFd, newPath);
  }

  /** {@code pwrite(fd, buf, len, offset)} through {@code syscall(2)}: the bytes written, or -errno. */
  default long pwrite(int fd, long buf, long len, long offset) {
    return syscall(SyscallNumbers.PWRITE64, fd, buf, len, offset);
  }

  /** {@code unlinkat(dirfd, path, flags)} through {@code syscall(2)}; {@code path} is a NUL-terminated string. */
  default int unlinkat(int dirFd, long path, int flags) {
    return (int) syscall(SyscallNumbers.UNLINKAT, dirFd, path, flags, 0);
  }

  /** {@code pidfd_open(pid, flags)} through {@code syscall(2)}: a pidfd. */
  default int pidfdOpen(int pid, int flags) {
    return (int) syscall(SyscallNumbers.PIDFD_OPEN, pid, flags, 0, 0);
  }

  /** {@code pidfd_send_signal(pidfd, sig, NULL, 0)} through {@code syscall(2)}. */
  default int pidfdSendSignal(int pidfd, int sig) {
    return (int) syscall(SyscallNumbers.PIDFD_SEND_SIGNAL, pidfd, sig, 0, 0);
  }

  /** {@code finit_module(fd, params, flags)} through {@code syscall(2)}; {@code params} is a NUL-terminated string. */
  default int finitModule(int fd, long params, int flags) {
    return (int) syscall(SyscallNumbers.FINIT_MODULE, fd, params, flags, 0);
  }

  /** {@code init_module(image, len, params)} through {@code syscall(2)}. */
  default int initModule(long image, long len, long params) {
    return (int) syscall(SyscallNumbers.INIT_MODULE, image, len, params, 0);
  }

  // ---- posix_spawn: these answer 0 or -error (the error number the function returns)

  /**
   * {@code posix_spawn(pidOut, path, fileActions, attr, argv, envp)}: {@code pidOut} receives the
   * child's pid (an int); {@code argv} and {@code envp} are NULL-terminated arrays of string
   * addresses; {@code fileActions} and {@code attr} may be 0.
   */
  int posixSpawn(long pidOut, long path, long fileActions, long attr, long argv, long envp);

  /** {@code posix_spawn_file_actions_init(fa)}: {@code fa} is 80 bytes (glibc x86_64). */
  int fileActionsInit(long fileActions);

  /** {@code posix_spawn_file_actions_destroy(fa)}. */
  int fileActionsDestroy(long fileActions);

  /** {@code posix_spawn_file_actions_adddup2(fa, fd, newFd)}. */
  int fileActionsAddDup2(long fileActions, int fd, int newFd);

  /** {@code posix_spawn_file_actions_addclose(fa, fd)}. */
  int fileActionsAddClose(long fileActions, int fd);

  /** {@code posix_spawn_file_actions_addopen(fa, fd, path, flags, mode)}. */
  int fileActionsAddOpen(long fileActions, int fd, long path, int flags, int mode);

  /** {@code posix_spawn_file_actions_addchdir_np(fa, path)}. */
  int fileActionsAddChdir(long fileActions, long path);

  /** True when the C library has {@code posix_spawn_file_actions_addclosefrom_np} (glibc 2.34 and later). */
  boolean hasFileActionsAddCloseFrom();

  /**
   * {@code posix_spawn_file_actions_addclosefrom_np(fa, from)}.
   *
   * @throws UnsupportedOperationException when {@link #hasFileActionsAddCloseFrom()} is false
   */
  int fileActionsAddCloseFrom(long fileActions, int from);

  /** {@code posix_spawnattr_init(attr)}: {@code attr} is 336 bytes (glibc x86_64). */
  int spawnAttrInit(long attr);

  /** {@code posix_spawnattr_destroy(attr)}. */
  int spawnAttrDestroy(long attr);

  /** {@code posix_spawnattr_setflags(attr, flags)}. */
  int spawnAttrSetFlags(long attr, short flags);

  /** {@code posix_spawnattr_setsigmask(attr, sigset)}. */
  int spawnAttrSetSigMask(long attr, long sigset);

  /** {@code posix_spawnattr_setsigdefault(attr, sigset)}. */
  int spawnAttrSetSigDefault(long attr, long sigset);

  /** {@code posix_spawnattr_setpgroup(attr, pgroup)}. */
  int spawnAttrSetPgroup(long attr, int pgroup);

  /** {@code sigemptyset(set)}: {@code set} is a 128-byte {@code sigset_t}; 0 (it cannot fail on valid memory). */
  int sigemptyset(long set);

  /** {@code sigfillset(set)}: 0 (it cannot fail on valid memory). */
  int sigfillset(long set);
}
