package dev.rtnl4j.sys;

/**
 * Tells whether the calling thread is virtual, on every JDK rtnl4j runs on. This base version,
 * for JDK 17–20, answers {@code false}: those JDKs have no virtual threads (19 and 20 have them
 * only as a preview, which this check does not see). The multi-release jar's
 * {@code META-INF/versions/21} holds the version that asks {@link Thread}.
 *
 * <p>It matters to {@code setns} and {@code unshare}: on a virtual thread they would move its
 * carrier thread, and every virtual thread later mounted on it, into the namespace.
 */
public final class VirtualThreads {
  private VirtualThreads() {}

  /**
   * Whether the calling thread is a virtual thread.
   *
   * @return {@code false} on JDK 17–20
   */
  public static boolean isCurrent() {
    return false;
  }
}
