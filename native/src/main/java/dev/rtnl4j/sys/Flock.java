package dev.rtnl4j.sys;

/**
 * {@code flock(2)}: advisory whole-file locks, as iproute2 takes on {@code /run/netns} while it
 * makes that directory a shared mount point. Locks belong to the open file description, so two
 * fds opened separately exclude each other also inside one process.
 *
 * <p>{@link #flock} returns {@code 0} or {@code -errno} and never throws for a failed call.
 */
public final class Flock {
  private Flock() {}

  /** Shared lock. */
  public static final int LOCK_SH = 1;
  /** Exclusive lock. */
  public static final int LOCK_EX = 2;
  /** Do not block (with LOCK_SH or LOCK_EX): EWOULDBLOCK instead. */
  public static final int LOCK_NB = 4;
  /** Unlock. */
  public static final int LOCK_UN = 8;

  /**
   * {@code flock(fd, operation)}: 0 or -errno, through this JVM's {@link NativeBackends#get() backend}.
   *
   * @throws IllegalStateException when the backend named by {@code -Drtnl4j.backend} or
   *     {@code RTNL4J_BACKEND} cannot be used
   */
  public static int flock(int fd, int operation) {
    return NativeBackends.get().flock(fd, operation);
  }
}
