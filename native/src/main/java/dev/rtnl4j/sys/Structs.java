package dev.rtnl4j.sys;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

/**
 * C struct layouts of Linux x86_64 / glibc, with the field offsets the code uses.
 *
 * <p>Opaque glibc types ({@code posix_spawn_file_actions_t}: 80 bytes, {@code posix_spawnattr_t}:
 * 336 bytes) are allocated with room to spare.
 */
final class Structs {
  private Structs() {}

  /** {@code struct sockaddr_nl}: 12 bytes. */
  static final StructLayout SOCKADDR_NL = MemoryLayout.structLayout(
      JAVA_SHORT.withName("nl_family"),
      JAVA_SHORT.withName("nl_pad"),
      JAVA_INT.withName("nl_pid"),
      JAVA_INT.withName("nl_groups"));
  static final long NL_FAMILY = off(SOCKADDR_NL, "nl_family");
  static final long NL_PID = off(SOCKADDR_NL, "nl_pid");
  static final long NL_GROUPS = off(SOCKADDR_NL, "nl_groups");

  /** {@code struct iovec}: 16 bytes. */
  static final StructLayout IOVEC = MemoryLayout.structLayout(
      ADDRESS.withName("iov_base"),
      JAVA_LONG.withName("iov_len"));
  static final long IOV_BASE = off(IOVEC, "iov_base");
  static final long IOV_LEN = off(IOVEC, "iov_len");

  /** {@code struct msghdr}: 56 bytes. */
  static final StructLayout MSGHDR = MemoryLayout.structLayout(
      ADDRESS.withName("msg_name"),
      JAVA_INT.withName("msg_namelen"),
      MemoryLayout.paddingLayout(4),
      ADDRESS.withName("msg_iov"),
      JAVA_LONG.withName("msg_iovlen"),
      ADDRESS.withName("msg_control"),
      JAVA_LONG.withName("msg_controllen"),
      JAVA_INT.withName("msg_flags"),
      MemoryLayout.paddingLayout(4));
  static final long MSG_NAME = off(MSGHDR, "msg_name");
  static final long MSG_NAMELEN = off(MSGHDR, "msg_namelen");
  static final long MSG_IOV = off(MSGHDR, "msg_iov");
  static final long MSG_IOVLEN = off(MSGHDR, "msg_iovlen");
  static final long MSG_CONTROL = off(MSGHDR, "msg_control");
  static final long MSG_CONTROLLEN = off(MSGHDR, "msg_controllen");
  static final long MSG_FLAGS = off(MSGHDR, "msg_flags");

  /** {@code struct cmsghdr}: 16 bytes, data follows (CMSG_DATA at 16). */
  static final StructLayout CMSGHDR = MemoryLayout.structLayout(
      JAVA_LONG.withName("cmsg_len"),
      JAVA_INT.withName("cmsg_level"),
      JAVA_INT.withName("cmsg_type"));
  static final long CMSG_LEN = off(CMSGHDR, "cmsg_len");
  static final long CMSG_LEVEL = off(CMSGHDR, "cmsg_level");
  static final long CMSG_TYPE = off(CMSGHDR, "cmsg_type");
  static final long CMSG_DATA = CMSGHDR.byteSize();

  /** {@code struct ucred}: 12 bytes. */
  static final StructLayout UCRED = MemoryLayout.structLayout(
      JAVA_INT.withName("pid"),
      JAVA_INT.withName("uid"),
      JAVA_INT.withName("gid"));
  static final long UCRED_PID = off(UCRED, "pid");
  static final long UCRED_UID = off(UCRED, "uid");
  static final long UCRED_GID = off(UCRED, "gid");

  /** {@code CMSG_SPACE(sizeof(struct ucred))}: 32. */
  static final long CMSG_SPACE_UCRED = CMSG_DATA + align8(UCRED.byteSize());
  /** {@code CMSG_LEN(sizeof(struct ucred))}: 28. */
  static final long CMSG_LEN_UCRED = CMSG_DATA + UCRED.byteSize();

  /** {@code struct sockaddr_un}: 110 bytes. */
  static final StructLayout SOCKADDR_UN = MemoryLayout.structLayout(
      JAVA_SHORT.withName("sun_family"),
      MemoryLayout.sequenceLayout(108, JAVA_BYTE).withName("sun_path"));
  static final long SUN_FAMILY = off(SOCKADDR_UN, "sun_family");
  static final long SUN_PATH = off(SOCKADDR_UN, "sun_path");
  static final int SUN_PATH_MAX = 108;

  /** {@code struct pollfd}: 8 bytes. */
  static final StructLayout POLLFD = MemoryLayout.structLayout(
      JAVA_INT.withName("fd"),
      JAVA_SHORT.withName("events"),
      JAVA_SHORT.withName("revents"));
  static final long POLL_FD = off(POLLFD, "fd");
  static final long POLL_EVENTS = off(POLLFD, "events");
  static final long POLL_REVENTS = off(POLLFD, "revents");

  /** {@code sigset_t}: 128 bytes (1024 bits). */
  static final MemoryLayout SIGSET = MemoryLayout.sequenceLayout(16, JAVA_LONG).withName("sigset_t");

  /**
   * {@code siginfo_t}: 128 bytes. For SIGCHLD (waitid) the union holds si_pid at 16, si_uid at 20,
   * si_status at 24.
   */
  static final StructLayout SIGINFO = MemoryLayout.structLayout(
      JAVA_INT.withName("si_signo"),
      JAVA_INT.withName("si_errno"),
      JAVA_INT.withName("si_code"),
      JAVA_INT.withName("pad0"),
      JAVA_INT.withName("si_pid"),
      JAVA_INT.withName("si_uid"),
      JAVA_INT.withName("si_status"),
      MemoryLayout.paddingLayout(100));
  static final long SI_SIGNO = off(SIGINFO, "si_signo");
  static final long SI_CODE = off(SIGINFO, "si_code");
  static final long SI_PID = off(SIGINFO, "si_pid");
  static final long SI_STATUS = off(SIGINFO, "si_status");

  /** {@code posix_spawn_file_actions_t} is 80 bytes in glibc x86_64; allocated with room to spare. */
  static final MemoryLayout POSIX_SPAWN_FILE_ACTIONS = MemoryLayout.sequenceLayout(32, JAVA_LONG);
  /** {@code posix_spawnattr_t} is 336 bytes in glibc x86_64; allocated with room to spare. */
  static final MemoryLayout POSIX_SPAWNATTR = MemoryLayout.sequenceLayout(64, JAVA_LONG);

  private static long off(StructLayout layout, String field) {
    return layout.byteOffset(groupElement(field));
  }

  static long align8(long n) {
    return (n + 7) & ~7L;
  }
}
