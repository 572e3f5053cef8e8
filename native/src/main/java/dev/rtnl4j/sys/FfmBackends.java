package dev.rtnl4j.sys;

/**
 * Makes the FFM backend: this base version, for JDK 17–21, has none. The multi-release jar's
 * {@code META-INF/versions/22} holds the version that does, with {@link NativeBackend}'s FFM
 * implementation beside it; a JDK 22 or later that still loads this class has read the classes
 * from a directory, or from a repackaged jar that lost its {@code Multi-Release: true}
 * manifest entry.
 */
final class FfmBackends {
  private FfmBackends() {}

  /**
   * Always fails here.
   *
   * @throws IllegalStateException saying where the FFM backend is and why it was not found
   */
  static NativeBackend create() {
    throw new IllegalStateException("the FFM backend is in META-INF/versions/22 of the multi-release jar "
        + "rtnl4j-native, and this JDK " + Runtime.version().feature() + " loaded the base classes: they come "
        + "from a directory or from a jar without \"Multi-Release: true\" in its manifest (keep it when "
        + "repackaging), or use the JNA backend");
  }
}
