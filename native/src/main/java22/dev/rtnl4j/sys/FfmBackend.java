package dev.rtnl4j.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;

/**
 * The {@code ffm} backend: every call goes to {@code LibC}'s downcall handle (one binding, no
 * second copy), with errno captured into a buffer of the calling thread's own (allocated once per
 * thread, never per call) and the addresses wrapped as zero-length segments (which escape analysis
 * removes). The {@code posix_spawn} family's error
 * number is negated here, to answer {@code -error} as {@link NativeBackend} says. Needs JDK 22.
 */
final class FfmBackend implements NativeBackend {
  FfmBackend() {}

  private static MemorySegment at(long address) {
    return MemorySegment.ofAddress(address);
  }

  /** Each thread's errno capture buffer: a call's errno is never another thread's. */
  private static final ThreadLocal<MemorySegment> ERRNO_STATE =
      ThreadLocal.withInitial(() -> LibC.newErrnoState(Arena.ofAuto()));

  private static MemorySegment st() {
    return ERRNO_STATE.get();
  }

  @Override
  public String name() {
    return "ffm";
  }

  @Override
  public long address(ByteBuffer direct) {
    NativeBackends.requireDirect(direct);
    // the segment of a buffer starts at its position; the address asked for is that of index 0
    return MemorySegment.ofBuffer(direct).address() - direct.position();
  }

  @Override
  public int socket(int domain, int type, int protocol) {
    return LibC.socket(st(), domain, type, protocol);
  }

  @Override
  public int bind(int fd, long addr, int addrLen) {
    return LibC.bind(st(), fd, at(addr), addrLen);
  }

  @Override
  public int connect(int fd, long addr, int addrLen) {
    return LibC.connect(st(), fd, at(addr), addrLen);
  }

  @Override
  public int getsockname(int fd, long addr, long addrLenPtr) {
    return LibC.getsockname(st(), fd, at(addr), at(addrLenPtr));
  }

  @Override
  public int setsockopt(int fd, int level, int name, long value, int valueLen) {
    return LibC.setsockopt(st(), fd, level, name, at(value), valueLen);
  }

  @Override
  public int getsockopt(int fd, int level, int name, long value, long valueLenPtr) {
    return LibC.getsockopt(st(), fd, level, name, at(value), at(valueLenPtr));
  }

  @Override
  public long sendto(int fd, long buf, long len, int flags, long addr, int addrLen) {
    return LibC.sendto(st(), fd, at(buf), len, flags, at(addr), addrLen);
  }

  @Override
  public long sendmsg(int fd, long msghdr, int flags) {
    return LibC.sendmsg(st(), fd, at(msghdr), flags);
  }

  @Override
  public long recvfrom(int fd, long buf, long len, int flags, long addr, long addrLenPtr) {
    return LibC.recvfrom(st(), fd, at(buf), len, flags, at(addr), at(addrLenPtr));
  }

  @Override
  public long recvmsg(int fd, long msghdr, int flags) {
    return LibC.recvmsg(st(), fd, at(msghdr), flags);
  }

  @Override
  public int poll(long fds, int nfds, int timeoutMillis) {
    return LibC.poll(st(), at(fds), nfds, timeoutMillis);
  }

  @Override
  public long read(int fd, long buf, long len) {
    return LibC.read(st(), fd, at(buf), len);
  }

  @Override
  public long write(int fd, long buf, long len) {
    return LibC.write(st(), fd, at(buf), len);
  }

  @Override
  public int close(int fd) {
    return LibC.close(st(), fd);
  }

  @Override
  public int open(long path, int flags, int mode) {
    return LibC.open(st(), at(path), flags, mode);
  }

  @Override
  public int ioctl(int fd, long request, long arg) {
    return LibC.ioctl(st(), fd, request, arg);
  }

  @Override
  public int flock(int fd, int operation) {
    return LibC.flock(st(), fd, operation);
  }

  @Override
  public int setns(int fd, int nstype) {
    return LibC.setns(st(), fd, nstype);
  }

  @Override
  public int unshare(int flags) {
    return LibC.unshare(st(), flags);
  }

  @Override
  public int mount(long source, long target, long fstype, long flags, long data) {
    return LibC.mount(st(), at(source), at(target), at(fstype), flags, at(data));
  }

  @Override
  public int umount2(long target, int flags) {
    return LibC.umount2(st(), at(target), flags);
  }

  @Override
  @SuppressWarnings("restricted")
  public String strerror(int errnum) {
    MemorySegment s = LibC.strerror(errnum);
    return s.equals(MemorySegment.NULL) ? null : s.reinterpret(4096).getString(0);
  }

  @Override
  public int getpid() {
    return LibC.getpid();
  }

  @Override
  public int kill(int pid, int sig) {
    return LibC.kill(st(), pid, sig);
  }

  @Override
  public int waitpid(int pid, long status, int options) {
    return LibC.waitpid(st(), pid, at(status), options);
  }

  @Override
  public int waitid(int idtype, int id, long siginfo, int options) {
    return LibC.waitid(st(), idtype, id, at(siginfo), options);
  }

  @Override
  public long syscall(long number, long a, long b, long c, long d) {
    return LibC.syscall(st(), number, a, b, c, d);
  }

  @Override
  public int posixSpawn(long pidOut, long path, long fileActions, long attr, long argv, long envp) {
    return -LibC.posixSpawn(at(pidOut), at(path), at(fileActions), at(attr), at(argv), at(envp));
  }

  @Override
  public int fileActionsInit(long fileActions) {
    return -LibC.fileActionsInit(at(fileActions));
  }

  @Override
  public int fileActionsDestroy(long fileActions) {
    return -LibC.fileActionsDestroy(at(fileActions));
  }

  @Override
  public int fileActionsAddDup2(long fileActions, int fd, int newFd) {
    return -LibC.fileActionsAddDup2(at(fileActions), fd, newFd);
  }

  @Override
  public int fileActionsAddClose(long fileActions, int fd) {
    return -LibC.fileActionsAddClose(at(fileActions), fd);
  }

  @Override
  public int fileActionsAddOpen(long fileActions, int fd, long path, int flags, int mode) {
    return -LibC.fileActionsAddOpen(at(fileActions), fd, at(path), flags, mode);
  }

  @Override
  public int fileActionsAddChdir(long fileActions, long path) {
    return -LibC.fileActionsAddChdir(at(fileActions), at(path));
  }

  @Override
  public boolean hasFileActionsAddCloseFrom() {
    return LibC.hasFileActionsAddCloseFrom();
  }

  @Override
  public int fileActionsAddCloseFrom(long fileActions, int from) {
    if (!hasFileActionsAddCloseFrom()) {
      throw NativeBackends.noCloseFrom();
    }
    return -LibC.fileActionsAddCloseFrom(at(fileActions), from);
  }

  @Override
  public int spawnAttrInit(long attr) {
    return -LibC.spawnAttrInit(at(attr));
  }

  @Override
  public int spawnAttrDestroy(long attr) {
    return -LibC.spawnAttrDestroy(at(attr));
  }

  @Override
  public int spawnAttrSetFlags(long attr, short flags) {
    return -LibC.spawnAttrSetFlags(at(attr), flags);
  }

  @Override
  public int spawnAttrSetSigMask(long attr, long sigset) {
    return -LibC.spawnAttrSetSigMask(at(attr), at(sigset));
  }

  @Override
  public int spawnAttrSetSigDefault(long attr, long sigset) {
    return -LibC.spawnAttrSetSigDefault(at(attr), at(sigset));
  }

  @Override
  public int spawnAttrSetPgroup(long attr, int pgroup) {
    return -LibC.spawnAttrSetPgroup(at(attr), pgroup);
  }

  @Override
  public int sigemptyset(long set) {
    return LibC.sigemptyset(at(set));
  }

  @Override
  public int sigfillset(long set) {
    return LibC.sigfillset(at(set));
  }
}
