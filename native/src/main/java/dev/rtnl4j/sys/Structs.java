package dev.rtnl4j.sys;

/**
 * C struct sizes and field offsets of Linux x86_64 / glibc, for structs laid out by hand in direct
 * native-order {@link java.nio.ByteBuffer}s ({@link Scratch#allocate}, 8-byte aligned).
 *
 * <p>Opaque glibc types ({@code posix_spawn_file_actions_t}: 80 bytes, {@code posix_spawnattr_t}:
 * 336 bytes) are allocated with room to spare.
 */
final class Structs {
  private Structs() {}

  /** {@code struct sockaddr_nl}: 12 bytes (nl_family u16, nl_pad u16, nl_pid u32, nl_groups u32). */
  static final int SOCKADDR_NL = 12;
  static final int NL_FAMILY = 0;
  static final int NL_PID = 4;
  static final int NL_GROUPS = 8;

  /** {@code struct iovec}: 16 bytes. */
  static final int IOVEC = 16;
  static final int IOV_BASE = 0;
  static final int IOV_LEN = 8;

  /** {@code struct msghdr}: 56 bytes. */
  static final int MSGHDR = 56;
  static final int MSG_NAME = 0;
  static final int MSG_NAMELEN = 8;
  static final int MSG_IOV = 16;
  static final int MSG_IOVLEN = 24;
  static final int MSG_CONTROL = 32;
  static final int MSG_CONTROLLEN = 40;
  static final int MSG_FLAGS = 48;

  /** {@code struct cmsghdr}: 16 bytes, data follows (CMSG_DATA at 16). */
  static final int CMSG_LEN = 0;
  static final int CMSG_LEVEL = 8;
  static final int CMSG_TYPE = 12;
  static final int CMSG_DATA = 16;

  /** {@code struct ucred}: 12 bytes. */
  static final int UCRED = 12;
  static final int UCRED_PID = 0;
  static final int UCRED_UID = 4;
  static final int UCRED_GID = 8;

  /** {@code CMSG_SPACE(sizeof(struct ucred))}: 32. */
  static final int CMSG_SPACE_UCRED = CMSG_DATA + align8(UCRED);
  /** {@code CMSG_LEN(sizeof(struct ucred))}: 28. */
  static final int CMSG_LEN_UCRED = CMSG_DATA + UCRED;

  /** {@code struct sockaddr_un}: 110 bytes. */
  static final int SOCKADDR_UN = 110;
  static final int SUN_FAMILY = 0;
  static final int SUN_PATH = 2;
  static final int SUN_PATH_MAX = 108;

  /** {@code struct pollfd}: 8 bytes. */
  static final int POLLFD = 8;
  static final int POLL_FD = 0;
  static final int POLL_EVENTS = 4;
  static final int POLL_REVENTS = 6;

  /** {@code sigset_t}: 128 bytes (1024 bits). */
  static final int SIGSET = 128;

  /**
   * {@code siginfo_t}: 128 bytes. For SIGCHLD (waitid) the union holds si_pid at 16, si_uid at 20,
   * si_status at 24.
   */
  static final int SIGINFO = 128;
  static final int SI_SIGNO = 0;
  static final int SI_CODE = 8;
  static final int SI_PID = 16;
  static final int SI_STATUS = 24;

  /** {@code posix_spawn_file_actions_t} is 80 bytes in glibc x86_64; allocated with room to spare. */
  static final int POSIX_SPAWN_FILE_ACTIONS = 256;
  /** {@code posix_spawnattr_t} is 336 bytes in glibc x86_64; allocated with room to spare. */
  static final int POSIX_SPAWNATTR = 512;

  static int align8(int n) {
    return (n + 7) & ~7;
  }
}
