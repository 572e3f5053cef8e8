package dev.rtnl4j.sys;

/**
 * Tells whether the calling thread is virtual: the JDK 21+ version of this class, in the
 * multi-release jar (the base version, for JDK 17–20, answers {@code false}).
 */
public final class VirtualThreads {
  private VirtualThreads() {}

  /**
   * Whether the calling thread is a virtual thread.
   *
   * @return {@link Thread#isVirtual()} of the current thread
   */
  public static boolean isCurrent() {
    return Thread.currentThread().isVirtual();
  }
}
