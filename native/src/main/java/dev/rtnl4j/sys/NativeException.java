package dev.rtnl4j.sys;

/**
 * A system call or kernel request failed with an errno.
 *
 * <p>Carries the errno number, its symbolic name ({@code EEXIST}, {@code ENODEV}…), the operation
 * in words and an optional detail (for instance the kernel's extended-ack message). The message
 * reads like {@code "sendmsg: EBADF (Bad file descriptor)"} or, with a detail,
 * {@code "create link veth0: EEXIST (File exists): kernel says: ..."}. Upper layers construct it
 * too, from the {@code -errno} values the native calls return.
 */
public class NativeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int errno;
  private final String operation;
  private final String detail;

  /**
   * @param operation what was being done, in words ("sendmsg", "open /dev/net/tun")
   * @param errno the errno number; a negative value (a {@code -errno} return) is accepted too
   */
  public NativeException(String operation, int errno) {
    this(operation, errno, null);
  }

  /**
   * @param operation what was being done, in words
   * @param errno the errno number (or its negation)
   * @param detail more text for the message (the kernel's ext-ack message…), or null
   */
  public NativeException(String operation, int errno, String detail) {
    super(format(operation, Math.abs(errno), detail));
    this.errno = Math.abs(errno);
    this.operation = operation;
    this.detail = detail;
  }

  private static String format(String operation, int errno, String detail) {
    StringBuilder sb = new StringBuilder();
    sb.append(operation).append(": ").append(Errno.name(errno)).append(" (").append(Errno.describe(errno)).append(')');
    if (detail != null && !detail.isEmpty()) {
      sb.append(": ").append(detail);
    }
    if (errno == Errno.EMFILE) {
      sb.append(": this process has as many open files as RLIMIT_NOFILE allows (").append(openFileLimit()).append(')');
    } else if (errno == Errno.ENFILE) {
      sb.append(": the system's file table is full (fs.file-max)");
    }
    return sb.toString();
  }

  /** The soft RLIMIT_NOFILE from /proc/self/limits (read only when EMFILE is being reported). */
  private static String openFileLimit() {
    try {
      for (String l : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/limits"))) {
        if (l.startsWith("Max open files")) {
          return "RLIMIT_NOFILE=" + l.substring("Max open files".length()).strip().split("\\s+")[0];
        }
      }
    } catch (java.io.IOException | RuntimeException e) {
      // fall through: the limit is unknown
    }
    return "RLIMIT_NOFILE unknown";
  }

  /** The errno number (positive). */
  public int errno() {
    return errno;
  }

  /** The symbolic name of the errno, e.g. {@code "EEXIST"}. */
  public String errnoName() {
    return Errno.name(errno);
  }

  /** The operation that failed, in words. */
  public String operation() {
    return operation;
  }

  /** The extra detail given (the kernel's ext-ack message…), or null. */
  public String detail() {
    return detail;
  }

  /**
   * Returns {@code result} when it is {@code >= 0}; else throws a NativeException for
   * {@code -result} and {@code operation}.
   */
  public static long check(long result, String operation) {
    if (result < 0) {
      throw new NativeException(operation, (int) -result);
    }
    return result;
  }

  /** Same as {@link #check(long, String)} for int results. */
  public static int check(int result, String operation) {
    if (result < 0) {
      throw new NativeException(operation, -result);
    }
    return result;
  }
}
