package dev.rtnl4j.sys;

/**
 * x86_64 system call numbers of the calls glibc does not wrap (or wraps only recently), made
 * through {@code syscall(2)} by both backends. Nothing here names the FFM API.
 */
final class SyscallNumbers {
  private SyscallNumbers() {}

  static final long PWRITE64 = 18;
  static final long GETPID = 39;
  static final long INIT_MODULE = 175;
  static final long GETTID = 186;
  static final long UNLINKAT = 263;
  static final long RENAMEAT = 264;
  static final long FINIT_MODULE = 313;
  static final long PIDFD_SEND_SIGNAL = 424;
  static final long PIDFD_OPEN = 434;
}
