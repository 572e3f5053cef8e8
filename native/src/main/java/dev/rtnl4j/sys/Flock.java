package dev.rtnl4j.sys;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

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

  private static final MethodHandle FLOCK;

  static {
    Linker linker = Linker.nativeLinker();
    MemorySegment symbol = linker.defaultLookup().find("flock")
        .orElseThrow(() -> new UnsatisfiedLinkError("C library has no flock"));
    FLOCK = linker.downcallHandle(symbol, FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT),
        Linker.Option.captureCallState("errno"));
  }

  /** {@code flock(fd, operation)}: 0 or -errno. */
  public static int flock(int fd, int operation) {
    MemorySegment st = Syscalls.errnoState();
    int r;
    try {
      r = (int) FLOCK.invokeExact(st, fd, operation);
    } catch (Throwable t) {
      if (t instanceof RuntimeException e) {
        throw e;
      }
      if (t instanceof Error e) {
        throw e;
      }
      throw new IllegalStateException("flock downcall failed", t);
    }
    return r < 0 ? -LibC.errno(st) : r;
  }
}
